/**
 * Parse a verified callback body by its `Content-Type`: OSS sends only
 * `application/x-www-form-urlencoded` (the default) or `application/json` (docs/callback-protocol.md §1.3).
 */
import { CallbackVerificationError } from './errors.js';
import { mediaType } from './request-parts.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function text(body: Uint8Array, kind: string): string {
  try {
    return utf8.decode(body);
  } catch (cause) {
    throw new CallbackVerificationError('BAD_BODY', `${kind} body is not valid UTF-8`, { cause });
  }
}

/**
 * Parse `body` by `contentType`:
 * - form (`application/x-www-form-urlencoded`, also assumed when there is no `Content-Type`, as
 *   that is OSS's default body type) → an object of strings, custom `x:` variables included
 *   (when a name repeats, the last value wins);
 * - JSON (`application/json` or any `+json` type) → the parsed value;
 * - anything else → `undefined` (use the raw body).
 *
 * Throws `BAD_BODY` when the body is not valid UTF-8 or not valid JSON.
 *
 * @example
 * parseCallbackBody(Buffer.from('bucket=b&x:uid=42'), 'application/x-www-form-urlencoded');
 * // → { bucket: 'b', 'x:uid': '42' }
 */
export function parseCallbackBody(body: Uint8Array, contentType: string | undefined): unknown {
  const type = mediaType(contentType);
  if (type === undefined || type === 'application/x-www-form-urlencoded') {
    // No prototype: a field named `__proto__` must stay a field.
    const form: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [name, value] of new URLSearchParams(text(body, 'form'))) form[name] = value;
    return form;
  }
  if (type === 'application/json' || type.endsWith('+json')) {
    const json = text(body, 'JSON');
    try {
      return JSON.parse(json) as unknown;
    } catch (cause) {
      throw new CallbackVerificationError('BAD_BODY', `JSON body does not parse: ${(cause as Error).message}`, {
        cause,
      });
    }
  }
  return undefined;
}
