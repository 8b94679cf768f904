/** The unmodified `ali-oss` npm client (a client nobody here wrote), pointed at a running emulator. */
// @ts-expect-error ali-oss ships no type declarations
import OSS from 'ali-oss';
import type { RunningEmulator } from '../server.js';
import { CREDENTIALS } from './harness.js';

/**
 * An ali-oss client for `examplebucket` with the default credentials, in path style
 * (`endpoint: http://localhost:<port>` with `sldEnable: true`, docs/rest-api.md §5.1); `options`
 * override any of that (e.g. `{ sldEnable: false }` for virtual-hosted, `{ authorizationV4: true }`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- ali-oss is untyped
export function aliOssClient(emulator: RunningEmulator, options: Record<string, unknown> = {}): any {
  return new OSS({
    endpoint: `http://localhost:${emulator.port}`,
    sldEnable: true,
    accessKeyId: CREDENTIALS.accessKeyId,
    accessKeySecret: CREDENTIALS.accessKeySecret,
    bucket: 'examplebucket',
    region: 'oss-cn-hangzhou',
    ...options,
  });
}
