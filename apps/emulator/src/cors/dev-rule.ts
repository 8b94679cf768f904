/**
 * The permissive rule `--cors-allow-origin` gives the buckets created at start, so a page served
 * by a local dev server can upload straight to the emulator without a PutBucketCors call first.
 */
import { CORS_METHODS } from '@ossbox/protocol';
import type { CorsConfiguration } from '@ossbox/protocol';

/**
 * Response headers a browser upload needs to read: the object's ETag (multipart Complete lists
 * them), the request id, the CRC-64 the SDKs check, and the rest of what ali-oss's browser build
 * reads from upload answers; for downloads, the stored Content-Disposition (the file name to save
 * as) and Content-Encoding, which are not CORS-safelisted.
 */
export const DEV_EXPOSE_HEADERS = [
  'ETag',
  'x-oss-request-id',
  'x-oss-hash-crc64ecma',
  'x-oss-next-append-position',
  'x-oss-object-type',
  'x-oss-version-id',
  'x-oss-ec',
  'x-oss-err',
  'Content-Length',
  'Content-MD5',
  'Date',
  'Content-Disposition',
  'Content-Encoding',
] as const;

/** One rule: the given origins, every method, any request header, {@link DEV_EXPOSE_HEADERS}. */
export function devCorsConfiguration(origins: readonly string[]): CorsConfiguration {
  return {
    rules: [
      {
        allowedOrigins: [...origins],
        allowedMethods: [...CORS_METHODS],
        allowedHeaders: ['*'],
        exposeHeaders: [...DEV_EXPOSE_HEADERS],
      },
    ],
    responseVary: false,
  };
}
