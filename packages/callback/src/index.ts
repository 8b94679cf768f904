/**
 * @ossbox/callback: verify Alibaba Cloud OSS upload-callback requests (docs/callback-protocol.md §2):
 * a framework-agnostic core, an Express middleware, node:http and fetch-API `Request` adapters and
 * JSON reply helpers. Fastify and Koa adapters live in `@ossbox/callback/fastify` and
 * `@ossbox/callback/koa`, test helpers in `@ossbox/callback/testing`.
 */
export { CALLBACK_ERROR_CODES, CallbackVerificationError } from './errors.js';
export type { CallbackErrorCode } from './errors.js';
export {
  DEFAULT_KEY_CACHE_TTL_MS,
  DEFAULT_KEY_FETCH_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_KEY_BYTES,
} from './options.js';
export type { CallbackVerifierOptions, FetchLike, ResolvedVerifierOptions } from './options.js';
export { OFFICIAL_KEY_URL_PREFIXES, OFFICIAL_KEY_URLS } from './key-url.js';
export type { KeyUrlPrefix } from './key-url.js';
export type { KeySource } from './key-store.js';
export type { CallbackHeaders } from './request-parts.js';
export { createCallbackVerifier, verifyCallback } from './verifier.js';
export type { CallbackRequest, CallbackVerifier, VerifiedCallback } from './verifier.js';
export { parseCallbackBody } from './parse-body.js';
export { readRawBody } from './read-body.js';
export { replyJson } from './reply-json.js';
export { verifyNodeRequest } from './node-http.js';
export { jsonResponse, verifyFetchRequest } from './fetch.js';
export type { FetchRequestOptions } from './fetch.js';
export { ossCallback } from './express.js';
export type { OssCallbackMiddleware, OssCallbackMiddlewareOptions, OssCallbackRequest } from './express.js';
export type { AdapterOptions } from './adapter-options.js';
