/**
 * Sending an upload callback the way OSS does (docs/callback-protocol.md §2.1–§2.3, §3.1, §3.5): each URL
 * in order, one POST each, no retries, first success wins; every attempt recorded.
 *
 * The HTTP exchange of one attempt is ./post-callback.ts.
 */
import { createHash, randomUUID, type KeyObject } from 'node:crypto';
import type { RequestOptions } from 'node:http';
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
import { displayBody, type CallbackAttempt, type CallbackAttemptRecorder } from './callback-log.js';
import { classifyHost, createStrictLookup, type CallbackHostKind, type ResolveAll } from './callback-url.js';
import { postOnce, toAttemptResponse } from './post-callback.js';

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
    `callback failed (203 CallbackFailed): ${lastFailure.message}${replyExcerpt(attempts.at(-1))}`,
  );
  return { ok: false, message: lastFailure.message, ec: lastFailure.ec, attempts };
}

/** Longest excerpt of the callback server's reply in the failure log line, in characters. */
const LOGGED_REPLY_CHARS = 200;

/**
 * ` The callback server answered <status>: <body>` for the log line of a failed delivery: the
 * reason a receiver refused (an untrusted key URL, a bad signature) is usually in its reply.
 */
function replyExcerpt(attempt: CallbackAttempt | undefined): string {
  const response = attempt?.response;
  if (!response) return '';
  const text = response.body.replace(/\s+/g, ' ').trim();
  if (!text) return ` The callback server answered ${response.status} with an empty body.`;
  const excerpt = text.length > LOGGED_REPLY_CHARS ? `${text.slice(0, LOGGED_REPLY_CHARS)}…` : text;
  return ` The callback server answered ${response.status}: ${excerpt}`;
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

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
