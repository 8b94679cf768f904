/**
 * One callback POST on the wire (docs/callback-protocol.md §2.1, §3.1, §3.3): connect, send the
 * signed request, read and judge the reply within one time budget. ./deliver-callback.ts decides
 * which URLs to try and records each attempt.
 *
 * node:http / node:https are used directly rather than undici because the request target must go
 * on the wire exactly as written (a lone `?` included) and the Host header must be free-form.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { CallbackParams, CallbackTarget } from '@ossbox/protocol';
import type { CallbackFailureReason } from './callback-failure.js';
import { displayBody, DISPLAY_BODY_BYTES, type CallbackAttemptResponse } from './callback-log.js';
import { PRIVATE_ADDRESS_ERROR_CODE } from './callback-url.js';
import { strictUtf8 } from '../strict-utf8.js';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** What one POST needs besides the request: the attempt's budget and limits. */
export interface PostOptions {
  /** Budget for connect, upload and the whole reply. */
  timeoutMs: number;
  /** Largest accepted reply body. */
  maxResponseBytes: number;
  /** Resolver for the connection (strict mode checks the addresses); Node's default when absent. */
  lookup?: RequestOptions['lookup'];
  /** Extra CA certificates trusted for HTTPS callback URLs (PEM). */
  ca?: string | Buffer | Array<string | Buffer> | undefined;
}

/** How one POST ended: a failure reason (none on success), the response head and body bytes read. */
export interface Exchange {
  reason?: CallbackFailureReason;
  error?: string;
  response?: IncomingMessage;
  /** Body bytes read; the full reply on success, the first display bytes on status failures. */
  bodyBytes: Buffer;
}

/** POST `body` to `target` once; never rejects (a failure is the Exchange's `reason`). */
export function postOnce(
  target: CallbackTarget,
  headers: Record<string, string>,
  body: Buffer,
  params: CallbackParams,
  options: PostOptions,
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

    const requestOptions: RequestOptions & { servername?: string; ca?: PostOptions['ca'] } = {
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
  const text = strictUtf8(bytes);
  if (text === undefined) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The attempt log's view of a reply. */
export function toAttemptResponse(res: IncomingMessage, bytes: Buffer): CallbackAttemptResponse {
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
