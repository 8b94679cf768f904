/**
 * One signed OSS request over undici, with retries, timeouts, abort and error mapping. Every
 * operation of the SDK goes through {@link Transport.send}.
 */
import { pipeline } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { request, requestDroppingBody } from './undici-request.js';
import type { HeadResponse, RequestOptions } from './undici-request.js';
import type { Dispatcher } from 'undici';
import { authorizationV1, authorizationV4, crc64, formatHttpDate, formatV4DateTime, headerBytes, headerText, UNSIGNED_PAYLOAD } from '@ossbox/protocol';
import type { Credentials, SignableRequest } from '@ossbox/protocol';
import type { ResolvedConfig } from './client-options.js';
import { Clock } from './clock.js';
import { CredentialsSource } from './credentials.js';
import { AbortError, NetworkError, OssError, TimeoutError } from './errors.js';
import { errorFromResponse } from './response-error.js';
import { progressSlices, UploadMeter } from './upload-body.js';
import type { BodySource } from './upload-body.js';

/** An operation's request before signing. */
export interface OssRequest {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  /** Undefined for service-level requests (ListBuckets). */
  bucket?: string;
  /** Undefined for bucket-level requests. */
  key?: string;
  /** Decoded query parameters; `''` for a flag such as `uploads`. */
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: BodySource;
  /** Safe to send again after a network error or 5xx (never for CompleteMultipartUpload or appends). */
  idempotent: boolean;
  signal?: AbortSignal | undefined;
  /** Called with the bytes of the body sent so far in the current attempt. */
  onUploadBytes?: ((sent: number) => void) | undefined;
}

/** A successful response without its body (see {@link Transport.sendDroppingBody}). */
export interface OssResponseHead {
  status: number;
  /** Lowercase names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  requestId: string | undefined;
  /** CRC-64 of the body that was sent, when there was one. */
  sentCrc64: bigint | undefined;
  /** Byte count of the body that was sent, when there was one. */
  sentBytes: number | undefined;
}

/** A successful response; the body must be consumed or destroyed by the caller. */
export interface OssResponse extends OssResponseHead {
  body: Dispatcher.ResponseData['body'];
}

/**
 * How one attempt sends its request and reads the answer: `request` gives the body as a stream
 * (read by the caller on success, as text for an error), `requestDroppingBody` only keeps the
 * body of an error.
 */
interface Exchange<R extends { statusCode: number; headers: HeadResponse['headers'] }, O extends OssResponseHead> {
  send(url: string, options: Omit<RequestOptions, 'signal'> & { signal?: AbortSignal | undefined }): Promise<R>;
  errorText(res: R): Promise<string>;
  success(res: R, head: OssResponseHead): O;
}

const streamed: Exchange<Dispatcher.ResponseData, OssResponse> = {
  send: request,
  errorText: (res) => res.body.text(),
  success: (res, head) => ({ ...head, body: res.body }),
};

const dropped: Exchange<HeadResponse, OssResponseHead> = {
  send: requestDroppingBody,
  errorText: async (res) => res.errorBody.toString('utf8'),
  success: (_res, head) => head,
};

/** Whether a key has a `.` or `..` path segment (`dot/./seg/../x.txt`). */
export function hasDotSegment(key: string): boolean {
  return key.split('/').some((segment) => segment === '.' || segment === '..');
}

/**
 * Percent-encode an object key for a URL path, keeping `/` readable. A key with a `.` or `..`
 * segment would lose it on the way: URL parsers (undici's, every browser's) remove dot segments,
 * `%2E` included (the URL standard reads `%2e` as a dot). For such keys every `/` is sent as
 * `%2F` instead, as the official Go SDK v1 sends every key (`url.QueryEscape(object)` in its
 * urlMaker), so no segment is a dot segment and OSS, which decodes `%2F`, gets the key as is.
 */
export function encodeKey(key: string): string {
  const encoded = encodeURIComponent(key);
  return hasDotSegment(key) ? encoded : encoded.replace(/%2F/g, '/');
}

/** `k=v&flag` with both sides percent-encoded. */
export function encodeQuery(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([k, v]) => (v === '' ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`))
    .join('&');
}

/** Origin and path of a request in the configured addressing style (docs/rest-api.md §5.1). */
export function requestTarget(config: ResolvedConfig, bucket: string | undefined, key: string | undefined): { origin: string; path: string } {
  const endpointOrigin = `${config.protocol}//${config.host}`;
  const keyPath = key === undefined ? '' : encodeKey(key);
  if (bucket === undefined) return { origin: endpointOrigin, path: '/' };
  if (config.cname) return { origin: endpointOrigin, path: `/${keyPath}` };
  if (config.pathStyle) return { origin: endpointOrigin, path: `/${bucket}/${keyPath}` };
  return { origin: `${config.protocol}//${bucket}.${config.host}`, path: `/${keyPath}` };
}

/** Response headers by lowercase name, values as text (UTF-8 metadata and file names decoded). */
function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name.toLowerCase()] = headerText(Array.isArray(value) ? value.join(', ') : value);
  }
  return out;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function transportError(err: unknown, signal: AbortSignal | undefined): OssError {
  if (err instanceof OssError) return err;
  if (signal?.aborted) return new AbortError(undefined, { cause: signal.reason ?? err });
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof code === 'string' && TIMEOUT_CODES.has(code)) return new TimeoutError(`OSS request timed out: ${message}`, { cause: err });
  return new NetworkError(`OSS request failed: ${message}`, { cause: err });
}

/** Sends signed requests for one client configuration. */
export class Transport {
  readonly config: ResolvedConfig;
  /** Fixed keys, or the credentials provider with its refresh state. */
  readonly credentials: CredentialsSource;
  /**
   * The clock requests are signed with: the local one, corrected from the `<ServerTime>` of a
   * RequestTimeTooSkewed answer and kept for later requests, presigned URLs, POST policies and
   * credential refreshes (clock.ts); the Go SDK v2 corrects its clock on that error too.
   */
  readonly clock = new Clock();

  constructor(config: ResolvedConfig) {
    this.config = config;
    this.credentials = new CredentialsSource(config.credentials, config.credentialsProvider, config.credentialsRefreshMarginMs, () => this.clock.now());
  }

  /** Full URL of a request (without signature). */
  url(bucket: string | undefined, key: string | undefined, query: Record<string, string>): string {
    const { origin, path } = requestTarget(this.config, bucket, key);
    const search = encodeQuery(query);
    return `${origin}${path}${search ? `?${search}` : ''}`;
  }

  /** Add the date, token and Authorization headers for one attempt. */
  private sign(req: OssRequest, headers: Record<string, string>, query: Record<string, string>, credentials: Credentials): void {
    const { signatureVersion, region } = this.config;
    if (credentials.securityToken !== undefined) headers['x-oss-security-token'] = credentials.securityToken;
    const now = this.clock.date();
    const signable: SignableRequest = { method: req.method, bucket: req.bucket, key: req.key, headers, query };
    if (signatureVersion === 'v4') {
      headers['x-oss-date'] = formatV4DateTime(now);
      headers['x-oss-content-sha256'] = UNSIGNED_PAYLOAD;
      headers['authorization'] = authorizationV4(signable, credentials, { region });
    } else {
      headers['date'] = formatHttpDate(now);
      headers['authorization'] = authorizationV1(signable, credentials);
    }
  }

  /** Backoff before retry `attempt` (1-based): full jitter over an exponential cap (AWS's recommendation). */
  private backoff(attempt: number): number {
    const cap = Math.min(20_000, this.config.retryDelayMs * 2 ** (attempt - 1));
    return Math.random() * cap;
  }

  private async attempt<R extends HeadResponse | Dispatcher.ResponseData, O extends OssResponseHead>(
    req: OssRequest,
    credentials: Credentials,
    exchange: Exchange<R, O>,
  ): Promise<O> {
    const query = { ...req.query };
    const headers: Record<string, string> = { 'user-agent': this.config.userAgent };
    for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;
    let meter: UploadMeter | undefined;
    let payload: Uint8Array | Iterable<Uint8Array> | UploadMeter | null = null;
    let sent: { crc64: () => bigint; bytes: () => number } | undefined;
    const body = req.body;
    if (body !== undefined && 'bytes' in body) {
      // In memory: handed to undici as is (one socket write), or in slices to report progress.
      headers['content-length'] = String(body.length);
      const crc = body.crc64 ?? crc64(body.bytes);
      sent = { crc64: () => crc, bytes: () => body.length };
      payload = req.onUploadBytes === undefined ? body.bytes : progressSlices(body.bytes, req.onUploadBytes);
    } else if (body !== undefined) {
      if (body.length !== undefined) headers['content-length'] = String(body.length);
      const counter = new UploadMeter(req.onUploadBytes);
      meter = counter;
      sent = { crc64: () => counter.crc.digest(), bytes: () => counter.bytes };
      payload = counter;
      // pipeline destroys the source when undici destroys the meter (abort, socket error).
      pipeline(body.open(), counter, () => undefined);
    } else if (req.method === 'PUT' || req.method === 'POST') {
      headers['content-length'] = '0';
    }
    this.sign(req, headers, query, credentials);
    // Signed over the text, sent as its UTF-8 bytes (as OSS and the official SDKs expect): undici
    // writes each character of a string as one byte, and refuses characters above U+00FF.
    const wireHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) wireHeaders[name] = headerBytes(value);
    let res: R;
    try {
      res = await exchange.send(this.url(req.bucket, req.key, query), {
        method: req.method,
        headers: wireHeaders,
        // undici sends iterables (progressSlices) chunk by chunk, waiting for `drain` between them,
        // as its docs say (docs/api/Dispatcher.md, `body`); its .d.ts leaves them out.
        body: payload as Dispatcher.DispatchOptions['body'],
        signal: req.signal,
        headersTimeout: this.config.timeoutMs,
        bodyTimeout: this.config.timeoutMs,
        ...(this.config.dispatcher ? { dispatcher: this.config.dispatcher } : {}),
      });
    } catch (err) {
      meter?.destroy();
      throw transportError(err, req.signal);
    }
    const resHeaders = flattenHeaders(res.headers);
    if (res.statusCode >= 200 && res.statusCode < 300 && res.statusCode !== 203) {
      return exchange.success(res, {
        status: res.statusCode,
        headers: resHeaders,
        requestId: resHeaders['x-oss-request-id'],
        sentCrc64: sent?.crc64(),
        sentBytes: sent?.bytes(),
      });
    }
    let text: string;
    try {
      text = await exchange.errorText(res);
    } catch (err) {
      throw transportError(err, req.signal);
    }
    throw errorFromResponse({ method: req.method, status: res.statusCode, headers: resHeaders, body: text, bucket: req.bucket, key: req.key });
  }

  /**
   * Send with retries: network errors, timeouts and 5xx are retried (backoff with jitter) when
   * the request is idempotent and its body can be re-opened; 4xx and 203 never are, except the two
   * refusals OSS makes before acting: SecurityTokenExpired (fresh credentials) and
   * RequestTimeTooSkewed with a `<ServerTime>` (signed again on OSS's clock), each sent once more.
   */
  send(req: OssRequest): Promise<OssResponse> {
    return this.withRetries(req, streamed);
  }

  /**
   * {@link send} for an operation whose successful answer has nothing in its body (UploadPart):
   * the body is dropped as it arrives instead of being handed over as a stream (see
   * `requestDroppingBody`); errors, retries and everything else are the same.
   */
  sendDroppingBody(req: OssRequest): Promise<OssResponseHead> {
    return this.withRetries(req, dropped);
  }

  private async withRetries<R extends HeadResponse | Dispatcher.ResponseData, O extends OssResponseHead>(req: OssRequest, exchange: Exchange<R, O>): Promise<O> {
    const replayable = req.body === undefined || req.body.replayable;
    const retryable = req.idempotent && replayable;
    let refreshed = false;
    let amended = false;
    for (let attempt = 0; ; attempt++) {
      if (req.signal?.aborted) throw new AbortError(undefined, { cause: req.signal.reason });
      const credentials = await this.credentials.get();
      try {
        return await this.attempt(req, credentials, exchange);
      } catch (err) {
        const error = transportError(err, req.signal);
        // Expired temporary credentials: OSS refused the request without acting on it, so it is
        // sent once more with fresh ones, whatever the operation (a Complete or an append too).
        if (error.code === 'SecurityTokenExpired' && this.credentials.refreshable && replayable && !refreshed) {
          refreshed = true;
          await this.credentials.refreshAfter(credentials);
          attempt--;
          continue;
        }
        // A wrong local clock: OSS refused the request without acting on it and said its own time,
        // so the request is signed again on OSS's clock, once.
        const serverTime = error.code === 'RequestTimeTooSkewed' ? Date.parse(error.details.ServerTime ?? '') : NaN;
        if (!Number.isNaN(serverTime) && replayable && !amended) {
          amended = true;
          this.clock.amend(serverTime);
          attempt--;
          continue;
        }
        const transient = error instanceof NetworkError || error instanceof TimeoutError || (error.status !== undefined && error.status >= 500);
        if (!retryable || !transient || attempt >= this.config.retries) throw error;
        try {
          await sleep(this.backoff(attempt + 1), undefined, req.signal ? { signal: req.signal } : undefined);
        } catch {
          throw new AbortError(undefined, { cause: req.signal?.reason });
        }
      }
    }
  }
}
