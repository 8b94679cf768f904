/**
 * Sending an upload callback the way OSS does (docs/callback-protocol.md §2.1–§2.3, §3.1, §3.5): each URL
 * in order, one POST each, no retries, first success wins; every attempt recorded.
 *
 * node:http / node:https are used directly rather than undici because the request target must go
 * on the wire exactly as written (a lone `?` included) and the Host header must be free-form.
 */
import { createHash, randomUUID, type KeyObject } from 'node:crypto';
import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  callbackStringToSign,
  encodePubKeyUrl,
  MAX_CALLBACK_URLS,
  parseCallbackUrl,
  signCallback,
  type CallbackParams,
  type CallbackTarget,
} from '@ossbox/protocol';
import { callbackFailure, type CallbackFailure, type CallbackFailureReason } from './callback-failure.js';
import {
  displayBody,
  DISPLAY_BODY_BYTES,
  type CallbackAttempt, type CallbackAttemptRecorder, type CallbackAttemptResponse } from './callback-log.js';
import {
  classifyHost,
  PRIVATE_ADDRESS_ERROR_CODE,
  createStrictLookup,
  type CallbackHostKind,
  type ResolveAll,
} from './callback-url.js';

/** One validated callback to send, with the upload it belongs to. */
export interface CallbackDeliveryInput {
  /** The validated callback (from `decodeCallback`). */
  params: CallbackParams;
  /** The rendered body (from `renderCallbackBody`), sent as UTF-8. */
  body: string;
  /** Request id of the upload; sent as `x-oss-request-id`. */
  requestId: string;
  bucket: string;
  key: string;
  /** Id of the attempt this delivery sends again (replay); recorded on each new attempt. */
  replayOf?: string;
  /** The upload operation, e.g. `PutObject` (fault rules match on it). */
  operation?: string;
  /** Fail every attempt this way without contacting the receiver (an injected fault). */
  forcedFailure?: ForcedCallbackFailure;
}

/** A callback failure forced by a fault rule (faults/): what OSS would report, minus the receiver. */
export interface ForcedCallbackFailure {
  /** The rule that forced it; recorded in the attempt's `fault`. */
  ruleId: string;
  /** `connect` (refused), `timeout` (after the attempt budget), `status` or `not-json`. */
  outcome: 'connect' | 'timeout' | 'status' | 'not-json';
  /** The receiver status reported for `status`; default 500. */
  status?: number;
}

/** The part of a pino logger the engine uses. */
export interface CallbackLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

/** Options of {@link deliverCallback} and {@link createCallbackDeliverer}. */
export interface DeliverCallbackOptions {
  /** The emulator's RSA key (see `loadOrCreateCallbackKey`). */
  privateKey: KeyObject;
  /** Absolute URL where the emulator serves the public key PEM; sent Base64 in `x-oss-pub-key-url`. */
  publicKeyUrl: string;
  /** Budget per attempt, connect to last body byte. Default 5000 (OSS's limit, §1.7). */
  timeoutMs?: number;
  /** Largest accepted reply body. Default 1 MiB (§3.1). */
  maxResponseBytes?: number;
  /** Refuse private/loopback/IPv6 targets like OSS. Default false: allowed with a warning. */
  strict?: boolean;
  /**
   * Receives a warning per non-public URL, a debug line per attempt and an info line per failed
   * delivery (the upload then answers 203 CallbackFailed) with its reason.
   */
  logger?: CallbackLogger;
  /** Stores every attempt, e.g. a `CallbackLog`. */
  recorder?: CallbackAttemptRecorder;
  /** URLs already warned about; share one set across calls to warn once per URL. */
  warnedUrls?: Set<string>;
  /** Resolver used in strict mode to check the addresses connected to; defaults to `dns.lookup`. */
  resolveAll?: ResolveAll;
  /** Extra CA certificates trusted for HTTPS callback URLs (PEM), e.g. a local dev CA. */
  ca?: string | Buffer | Array<string | Buffer>;
}

/** The result of delivering a callback: what the uploader gets (200 body or 203 message). */
export type CallbackOutcome =
  | { ok: true; /** The receiver's reply, byte for byte. */ body: Buffer; url: string; attempts: CallbackAttempt[] }
  | { ok: false; /** The last attempt's message (§3.5 step 6). */ message: string; ec: string; attempts: CallbackAttempt[] };

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

interface ResolvedOptions extends DeliverCallbackOptions {
  lookup: RequestOptions['lookup'];
  timeoutMs: number;
  maxResponseBytes: number;
  strict: boolean;
  warnedUrls: Set<string>;
}

/**
 * POST a callback to each URL in order until one succeeds.
 *
 * @example
 * const outcome = await deliverCallback(
 *   { params, body: renderCallbackBody(params.body, params.bodyType, system, vars), requestId, bucket, key },
 *   { privateKey, publicKeyUrl: `${baseUrl}/_ossbox/callback_pub_key_v1.pem`, recorder: log },
 * );
 * if (outcome.ok) res.status(200).type('application/json').send(outcome.body);
 * else sendCallbackFailed(outcome.message, outcome.ec); // 203 CallbackFailed
 */
export async function deliverCallback(
  input: CallbackDeliveryInput,
  options: DeliverCallbackOptions,
): Promise<CallbackOutcome> {
  return deliverResolved(input, resolveOptions(options));
}

/**
 * {@link deliverCallback} with options validated once and one shared warn-once set: what the
 * emulator creates at start-up.
 *
 * @example
 * const deliver = createCallbackDeliverer({ privateKey, publicKeyUrl, logger, recorder: log });
 * const outcome = await deliver({ params, body, requestId, bucket, key });
 */
export function createCallbackDeliverer(
  options: DeliverCallbackOptions,
): (input: CallbackDeliveryInput) => Promise<CallbackOutcome> {
  const resolved = resolveOptions(options);
  return (input) => deliverResolved(input, resolved);
}

function resolveOptions(options: DeliverCallbackOptions): ResolvedOptions {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!(timeoutMs > 0)) throw new RangeError('timeoutMs must be positive');
  if (!Number.isInteger(maxResponseBytes) || maxResponseBytes < 1) {
    throw new RangeError('maxResponseBytes must be a positive integer');
  }
  return Object.freeze({
    ...options,
    timeoutMs,
    maxResponseBytes,
    strict: options.strict ?? false,
    warnedUrls: options.warnedUrls ?? new Set<string>(),
    lookup: options.strict ? (createStrictLookup(options.resolveAll) as RequestOptions['lookup']) : undefined,
  });
}

async function deliverResolved(input: CallbackDeliveryInput, options: ResolvedOptions): Promise<CallbackOutcome> {
  const body = Buffer.from(input.body, 'utf8');
  const attempts: CallbackAttempt[] = [];
  let lastFailure: CallbackFailure = callbackFailure('connect');
  for (const url of input.params.urls.slice(0, MAX_CALLBACK_URLS)) {
    const { attempt, failure, reply } = await attemptOne(url, body, input, options);
    attempts.push(attempt);
    options.recorder?.record(attempt);
    options.logger?.debug({ callbackAttempt: attempt }, `callback ${attempt.outcome}: POST ${url}`);
    if (reply !== undefined) return { ok: true, body: reply, url, attempts };
    lastFailure = failure ?? lastFailure;
  }
  // Info, not debug: the uploader gets a 203 and whoever runs the emulator should see why.
  options.logger?.info(
    {
      bucket: input.bucket,
      key: input.key,
      requestId: input.requestId,
      reason: lastFailure.reason,
      ec: lastFailure.ec,
      error: attempts.at(-1)?.error,
      urls: attempts.map((a) => a.url),
    },
    `callback failed (203 CallbackFailed): ${lastFailure.message}`,
  );
  return { ok: false, message: lastFailure.message, ec: lastFailure.ec, attempts };
}

interface AttemptResult {
  attempt: CallbackAttempt;
  failure?: CallbackFailure;
  reply?: Buffer;
}

async function attemptOne(
  url: string,
  body: Buffer,
  input: CallbackDeliveryInput,
  options: ResolvedOptions,
): Promise<AttemptResult> {
  const started = performance.now();
  const sent = displayBody(body);
  const base = {
    id: randomUUID(),
    time: new Date().toISOString(),
    bucket: input.bucket,
    key: input.key,
    requestId: input.requestId,
    url,
    requestLine: '',
    requestHeaders: {} as Record<string, string>,
    requestBody: sent.text,
    requestBodyTruncated: sent.truncated,
    sent: { params: input.params, body: input.body },
    ...(input.replayOf === undefined ? {} : { replayOf: input.replayOf }),
  };
  const fail = (reason: CallbackFailureReason, error?: string, extra: Partial<CallbackAttempt> = {}): AttemptResult => {
    const failure = callbackFailure(reason, extra.response?.status);
    const attempt: CallbackAttempt = {
      ...base,
      ...extra,
      durationMs: elapsed(started),
      outcome: reason,
      message: failure.message,
      ec: failure.ec,
    };
    if (error !== undefined) attempt.error = error;
    return { attempt, failure };
  };

  let target: CallbackTarget;
  try {
    target = parseCallbackUrl(url);
  } catch (error) {
    return fail('connect', (error as Error).message);
  }
  const kind = classifyHost(target.hostname);
  if (kind !== 'public') {
    if (options.strict) return fail('refused-private', `${target.hostname} is a ${kind} address`);
    warnOnce(url, kind, options);
  }

  const headers = requestHeaders(target, body, input, options);
  const requestLine = `POST ${target.requestTarget} HTTP/1.1`;
  const signed = { requestLine, requestHeaders: headers, stringToSign: displayBody(callbackStringToSign(target.requestTarget, body)).text };
  const forced = input.forcedFailure;
  if (forced !== undefined) {
    // A timeout takes the attempt's budget, as it would against a receiver that never answers.
    if (forced.outcome === 'timeout') await sleep(options.timeoutMs);
    const status = forced.outcome === 'status' ? forced.status ?? 500 : undefined;
    const response = status === undefined ? {} : { response: { status, headers: {}, body: '', bodyBytes: 0, bodyTruncated: false } };
    return fail(forced.outcome, `injected by fault rule ${forced.ruleId}; the receiver was not contacted`, {
      ...signed,
      fault: forced.ruleId,
      ...response,
    });
  }
  const exchange = await postOnce(target, headers, body, input.params, options);
  const shown = exchange.response && { ...signed, response: toAttemptResponse(exchange.response, exchange.bodyBytes) };
  if (exchange.reason !== undefined) {
    return fail(exchange.reason, exchange.error, shown ?? signed);
  }
  return {
    attempt: { ...base, ...shown, durationMs: elapsed(started), outcome: 'success' },
    reply: exchange.bodyBytes,
  };
}

function requestHeaders(
  target: CallbackTarget,
  body: Buffer,
  input: CallbackDeliveryInput,
  options: ResolvedOptions,
): Record<string, string> {
  return {
    Host: input.params.host ?? target.host,
    Connection: 'close',
    Authorization: signCallback(options.privateKey, target.requestTarget, body),
    // Base64(MD5(body)) is assumed from the header name; no source shows a full value [unverified] (§2.1).
    'Content-MD5': createHash('md5').update(body).digest('base64'),
    'Content-Type': input.params.bodyType,
    'Content-Length': String(body.length),
    Date: new Date().toUTCString(),
    'User-Agent': 'aliyun-oss-callback',
    'x-oss-bucket': input.bucket,
    'x-oss-pub-key-url': encodePubKeyUrl(options.publicKeyUrl),
    'x-oss-request-id': input.requestId,
    'x-oss-signature-version': '1.0',
    'x-oss-tag': 'CALLBACK',
  };
}

function warnOnce(url: string, kind: CallbackHostKind, options: ResolvedOptions): void {
  if (options.warnedUrls.has(url)) return;
  options.warnedUrls.add(url);
  options.logger?.warn(
    { callbackUrl: url, addressKind: kind },
    `callback URL ${url} points at a ${kind === 'ipv6' ? 'IPv6' : kind} address: production OSS would refuse it ` +
      '(EC 0007-00000008, "Private address is forbidden to callback"); allowed here because strict callback URLs are off',
  );
}

interface Exchange {
  reason?: CallbackFailureReason;
  error?: string;
  response?: IncomingMessage;
  /** Body bytes read; the full reply on success, the first display bytes on status failures. */
  bodyBytes: Buffer;
}

function postOnce(
  target: CallbackTarget,
  headers: Record<string, string>,
  body: Buffer,
  params: CallbackParams,
  options: ResolvedOptions,
): Promise<Exchange> {
  return new Promise((resolve) => {
    let req: ClientRequest | undefined;
    let response: IncomingMessage | undefined;
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const finish = (reason?: CallbackFailureReason, error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Destroying the request also stops reading the reply: nothing more is buffered.
      req?.destroy();
      const result: Exchange = { bodyBytes: Buffer.concat(chunks) };
      if (reason !== undefined) result.reason = reason;
      if (error !== undefined) result.error = error;
      if (response !== undefined) result.response = response;
      resolve(result);
    };
    // One budget covers connect, upload and the whole reply. A non-200 head already decided
    // the outcome, so running out of time while reading its body still reports the status.
    const timer = setTimeout(() => {
      const statusKnown = response !== undefined && response.statusCode !== 200;
      finish(statusKnown ? 'status' : 'timeout', `no complete reply within ${options.timeoutMs} ms`);
    }, options.timeoutMs);

    const requestOptions: RequestOptions & { servername?: string; ca?: DeliverCallbackOptions['ca'] } = {
      method: 'POST',
      host: target.hostname,
      port: target.port,
      path: target.requestTarget,
      headers,
      setHost: false,
      agent: false,
    };
    if (options.lookup !== undefined) requestOptions.lookup = options.lookup;
    if (target.protocol === 'https:') {
      requestOptions.servername = params.sni ? serverName(target, params) : '';
      if (options.ca !== undefined) requestOptions.ca = options.ca;
    }

    try {
      req = (target.protocol === 'https:' ? httpsRequest : httpRequest)(requestOptions);
    } catch (error) {
      finish('connect', (error as Error).message);
      return;
    }
    req.on('error', (error: NodeJS.ErrnoException) => finish(requestErrorReason(error), error.message));
    req.on('response', (res) => {
      response = res;
      if (res.statusCode !== 200) {
        // Read a little of the body for the attempt log; the status alone decides (§3.3).
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          received += chunk.length;
          if (received >= DISPLAY_BODY_BYTES) finish('status');
        });
        res.on('end', () => finish('status'));
        res.on('close', () => finish('status'));
        return;
      }
      const length = res.headers['content-length'];
      // §3.1/§3.3: a reply without Content-Length (chunked, or until close) is refused outright.
      if (length === undefined) return finish('content-length-missing');
      if (!/^\d+$/.test(length)) return finish('content-length-invalid');
      if (Number(length) > options.maxResponseBytes) return finish('too-large');
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > options.maxResponseBytes) return finish('too-large');
        chunks.push(chunk);
      });
      res.on('end', () => finish(isJsonWithoutBom(Buffer.concat(chunks)) ? undefined : 'not-json'));
      res.on('close', () => finish('connect', 'connection closed before the reply was complete'));
    });
    req.end(body);
  });
}

/**
 * SNI name when `callbackSNI` is true (§1.3): the URL's host name; for an IP URL, the
 * `callbackHost` name if any (TLS forbids IP addresses in SNI). Which name OSS sends is
 * not documented [unverified].
 */
function serverName(target: CallbackTarget, params: CallbackParams): string {
  if (isIP(target.hostname) === 0) return target.hostname;
  const hostName = params.host?.replace(/:\d+$/, '') ?? '';
  return isIP(hostName) === 0 ? hostName : '';
}

function requestErrorReason(error: NodeJS.ErrnoException): CallbackFailureReason {
  // Node's HTTP parser rejects malformed or conflicting Content-Length headers before we see them.
  if (error.code === 'HPE_INVALID_CONTENT_LENGTH' || error.code === 'HPE_UNEXPECTED_CONTENT_LENGTH') {
    return 'content-length-invalid';
  }
  if (error.code === PRIVATE_ADDRESS_ERROR_CODE) return 'refused-private';
  return 'connect';
}

/**
 * §3.1: the reply must parse as JSON; a UTF-8 BOM in front makes it invalid (doc example).
 * `Content-Length: 0` is valid framing and lands here as not JSON: the reference paraphrases
 * the length rule as "positive", but no message for a zero length is documented [unverified].
 */
function isJsonWithoutBom(bytes: Buffer): boolean {
  if (bytes.subarray(0, 3).equals(UTF8_BOM)) return false;
  try {
    JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes));
    return true;
  } catch {
    return false;
  }
}

function toAttemptResponse(res: IncomingMessage, bytes: Buffer): CallbackAttemptResponse {
  const shown = displayBody(bytes);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = value;
  return {
    status: res.statusCode ?? 0,
    headers,
    body: shown.text,
    bodyBytes: bytes.length,
    bodyTruncated: shown.truncated,
  };
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
