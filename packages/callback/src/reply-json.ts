/**
 * The reply OSS accepts from a callback server (docs/callback-protocol.md §3.1): JSON, with a valid
 * Content-Length, no BOM. Anything else makes OSS answer the uploader 203 `CallbackFailed`.
 */
import type { ServerResponse } from 'node:http';

/**
 * Answer with `value` as JSON: status 200 (or `status`), `Content-Type: application/json`, a
 * byte-exact `Content-Length`, UTF-8 without BOM. Works with node:http and Express responses.
 * Throws a `TypeError` when `value` has no JSON form (e.g. `undefined`).
 *
 * @example
 * replyJson(res, { Status: 'OK' });
 */
export function replyJson(
  res: Pick<ServerResponse, 'statusCode' | 'setHeader' | 'end'>,
  value: unknown,
  status = 200,
): void {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) throw new TypeError('replyJson: the value has no JSON representation');
  // Content-Length counts bytes, not characters (a bug of the official Node sample).
  const body = Buffer.from(json, 'utf8');
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', body.length);
  res.end(body);
}
