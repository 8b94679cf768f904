/** The web console at `/_ossbox/`: its page, assets and JSON API. */
export { createConsoleRouter, consoleUrlFor, CONSOLE_PATH } from './console-router.js';
export { createConsoleApi, type ConsoleApiOptions } from './console-api.js';
export { presignedPath, parsePresignRequest, PRESIGN_SECONDS, type PresignRequest } from './presign.js';
export type { BucketView, ObjectPageView, ObjectView, PartView, UploadView } from './storage-views.js';
