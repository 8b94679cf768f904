/**
 * Reading the parts of a callback request that the verifier needs, whatever shape the server
 * framework hands them in: header lookup and the request target in origin form.
 */

/** Request headers as Node (`IncomingHttpHeaders`), a plain object, or a fetch `Headers`. */
export type CallbackHeaders = Headers | Readonly<Record<string, string | readonly string[] | number | undefined>>;

/**
 * One header value, case-insensitively. Repeated values are joined with `, ` as node:http does
 * for unknown headers, so a second `x-oss-pub-key-url` makes the value invalid instead of
 * letting the verifier pick one.
 */
export function headerValue(headers: CallbackHeaders, name: string): string | undefined {
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return headers.get(name) ?? undefined;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== lower || value === undefined) continue;
    if (Array.isArray(value)) return value.join(', ');
    return String(value);
  }
  return undefined;
}

const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

/**
 * The request target in origin form (`/path?query`), byte for byte as received. An absolute-form
 * target (`http://host/path?q`, sent to proxies) is cut after its authority without re-encoding,
 * since OSS signs the path and query exactly as written in `callbackUrl` (docs/callback-protocol.md §2.3).
 */
export function originForm(target: string): string {
  const match = ABSOLUTE_FORM.exec(target);
  if (match === null) return target;
  const rest = target.slice(match[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/** The media type of a `Content-Type` value, lower-cased, without parameters. */
export function mediaType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const type = contentType.split(';', 1)[0]?.trim().toLowerCase();
  return type === '' ? undefined : type;
}
