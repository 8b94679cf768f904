/**
 * The upload-callback builder (docs/callback-protocol.md §1.2–§1.4), in the shape of the Ruby SDK's
 * `Aliyun::OSS::Callback` (§4.1) plus what Ruby lacks: several URLs, `sni` and custom variables.
 */
import { encodeCallback, encodeCallbackVars, validateCallbackVars } from '@ossbox/protocol';
import type { CallbackBodyType, CallbackParams, CallbackVars } from '@ossbox/protocol';
import { refuseUnknownOption } from './client-options.js';
import { InvalidArgumentError } from './errors.js';

/** Options of {@link Callback}. */
export interface CallbackOptions {
  /** Where OSS POSTs after the upload: one URL or up to 5 tried in order. No scheme → `http://`. No query string here. */
  url: string | string[];
  /** Query parameters appended to every URL (percent-encoded for you). */
  query?: Record<string, string | number | boolean>;
  /** `callbackBody` template, e.g. `bucket=${bucket}&object=${object}&uid=${x:uid}`. */
  body: string;
  /** `callbackBodyType`, default `application/x-www-form-urlencoded`. */
  contentType?: CallbackBodyType;
  /** `callbackHost`: the Host header OSS sends to your server. */
  host?: string;
  /** `callbackSNI`: send SNI to HTTPS callback URLs. */
  sni?: boolean;
  /** Custom variables; `uid` and `x:uid` both mean `${x:uid}`. Names must be lowercase. */
  vars?: Record<string, string | number | boolean>;
}

const MAX_URLS = 5;

/** Every name of {@link CallbackOptions}: checked against the type, so the list cannot drift. */
const KNOWN_OPTIONS = {
  url: true,
  query: true,
  body: true,
  contentType: true,
  host: true,
  sni: true,
  vars: true,
} satisfies Record<keyof CallbackOptions, true>;

/** ali-oss's callback option names (customValue, callbackSNI) and the callback parameters' own. */
const OTHER_NAMES: Record<string, string> = {
  customValue: 'vars',
  callbackVar: 'vars',
  callbackUrl: 'url',
  callbackBody: 'body',
  callbackHost: 'host',
  callbackBodyType: 'contentType',
  callbackSNI: 'sni',
};

/**
 * Callback options are often a plain object on an upload (`callback: { url, body }`), where
 * TypeScript does not flag an extra name: an ignored `customValue` (ali-oss's name for `vars`)
 * sent the callback without its variables.
 */
function checkOptionNames(options: object): void {
  refuseUnknownOption(options, KNOWN_OPTIONS, OTHER_NAMES, 'callback');
}

function normalizeUrl(url: unknown, query: string): string {
  if (typeof url !== 'string' || url.trim() === '') throw new InvalidArgumentError('Callback url must be a non-empty string.', 'url');
  if (url.includes('?')) throw new InvalidArgumentError('Query parameters should not appear in URL.', 'url');
  // `;` separates URLs inside callbackUrl (§1.3): a literal one would split this URL in two.
  if (url.includes(';')) throw new InvalidArgumentError('Callback url must not contain ";": pass several URLs as an array.', 'url');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    throw new InvalidArgumentError('Only HTTP and HTTPS endpoint are accepted.', 'url');
  }
  const full = scheme === undefined ? `http://${url}` : url;
  // Unlike Ruby (which always appends `?`), add the `?` only with a query: the bare-`?` case is
  // undocumented (docs/callback-protocol.md §2.3) and newer samples leave it out.
  return query ? `${full}?${query}` : full;
}

function buildQuery(query: CallbackOptions['query']): string {
  if (query === undefined) return '';
  if (query === null || typeof query !== 'object') throw new InvalidArgumentError('Callback query must be an object.', 'query');
  return Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
}

function normalizeVars(vars: CallbackOptions['vars']): CallbackVars | undefined {
  if (vars === undefined) return undefined;
  if (vars === null || typeof vars !== 'object') throw new InvalidArgumentError('Callback vars must be an object.', 'vars');
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(vars)) {
    const key = name.startsWith('x:') ? name : `x:${name}`;
    if (key !== key.toLowerCase()) throw new InvalidArgumentError(`Callback variable "${key}" must be lowercase (OSS rejects uppercase names).`, 'vars');
    if (key === 'x:') throw new InvalidArgumentError('Callback variable names must not be empty.', 'vars');
    out[key] = String(value);
  }
  try {
    return validateCallbackVars(out);
  } catch (err) {
    throw new InvalidArgumentError(`Invalid callback vars: ${err instanceof Error ? err.message : String(err)}`, 'vars', { cause: err });
  }
}

/**
 * An upload callback: pass it to putObject, completeMultipartUpload, resumableUpload,
 * signatureUrl or createPostPolicy (which also take its {@link CallbackOptions} and build it).
 * Validated at construction (InvalidArgumentError).
 *
 * @example
 * ```ts
 * const callback = new Callback({
 *   url: 'http://oss-demo.aliyuncs.com:23450',
 *   query: { user: 'put_object' },
 *   body: 'bucket=${bucket}&object=${object}&uid=${x:uid}',
 *   vars: { uid: 42 },
 * });
 * await bucket.putObject('files/hello', { body: 'hi', callback });
 * ```
 */
export class Callback {
  /** The decoded parameters as sent in `x-oss-callback`. */
  readonly params: Readonly<CallbackParams>;
  /** Custom variables (keys with `x:`), or undefined. */
  readonly vars: Readonly<CallbackVars> | undefined;

  constructor(options: CallbackOptions) {
    if (options === null || typeof options !== 'object') throw new InvalidArgumentError('Callback options must be an object.', 'callback');
    checkOptionNames(options);
    const query = buildQuery(options.query);
    const urls = (Array.isArray(options.url) ? options.url : [options.url]).map((url) => normalizeUrl(url, query));
    if (urls.length === 0 || urls.length > MAX_URLS) throw new InvalidArgumentError(`Callback accepts 1 to ${MAX_URLS} URLs.`, 'url');
    if (typeof options.body !== 'string' || options.body.length === 0) throw new InvalidArgumentError('Callback body must be a non-empty string.', 'body');
    const bodyType = options.contentType ?? 'application/x-www-form-urlencoded';
    if (bodyType !== 'application/x-www-form-urlencoded' && bodyType !== 'application/json') {
      throw new InvalidArgumentError('Callback contentType must be application/x-www-form-urlencoded or application/json.', 'contentType');
    }
    if (options.host !== undefined && (typeof options.host !== 'string' || options.host === '')) {
      throw new InvalidArgumentError('Callback host must be a non-empty string.', 'host');
    }
    if (options.sni !== undefined && typeof options.sni !== 'boolean') throw new InvalidArgumentError('Callback sni must be a boolean.', 'sni');
    const params: CallbackParams = { urls, body: options.body, bodyType };
    if (options.host !== undefined) params.host = options.host;
    if (options.sni !== undefined) params.sni = options.sni;
    this.params = Object.freeze(params);
    const vars = normalizeVars(options.vars);
    this.vars = vars === undefined ? undefined : Object.freeze(vars);
  }

  /** `x-oss-callback` and, with vars, `x-oss-callback-var` (Base64 JSON, §1.2a). */
  toHeaders(): Record<string, string> {
    const headers: Record<string, string> = { 'x-oss-callback': encodeCallback(this.params) };
    if (this.vars !== undefined && Object.keys(this.vars).length > 0) headers['x-oss-callback-var'] = encodeCallbackVars(this.vars);
    return headers;
  }

  /** `callback` and `callback-var` query parameters for presigned URLs (§1.2c). */
  toQuery(): Record<string, string> {
    const headers = this.toHeaders();
    const query: Record<string, string> = { callback: headers['x-oss-callback'] ?? '' };
    if (headers['x-oss-callback-var'] !== undefined) query['callback-var'] = headers['x-oss-callback-var'];
    return query;
  }
}

/** What every `callback` option takes: a {@link Callback}, or the options to build one. */
export type CallbackInput = Callback | CallbackOptions;

/**
 * The `callback` option as a Callback, built and validated when the operation is called, so that
 * bad options fail before a request is sent (resumableUpload would otherwise upload every part
 * first). Anything but an object is refused: a URL string is not a callback.
 * @internal
 */
export function toCallback(callback: CallbackInput | undefined): Callback | undefined {
  if (callback === undefined || callback instanceof Callback) return callback;
  if (callback === null || typeof callback !== 'object' || Array.isArray(callback)) {
    throw new InvalidArgumentError('Invalid option "callback": must be a Callback or its options ({ url, body, … })', 'callback');
  }
  return new Callback(callback);
}
