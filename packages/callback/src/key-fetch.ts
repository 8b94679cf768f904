/**
 * Download one public key: bounded in time and size, no redirects, and the document must be a
 * PEM RSA public key. Every failure becomes `KEY_FETCH_FAILED`.
 */
import type { KeyObject } from 'node:crypto';
import { CallbackVerificationError } from './errors.js';
import { toRsaPublicKey } from './options.js';
import type { FetchLike } from './options.js';
import { readWebStream } from './read-body.js';

/** Limits of one key download. */
export interface KeyFetchLimits {
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

// Only a bare public key is accepted: `createPublicKey` would also derive one from a private key
// or a certificate, which a key server has no business serving.
const PUBLIC_KEY_PEM = /-----BEGIN (RSA )?PUBLIC KEY-----/;
const OTHER_PEM = /-----BEGIN (?!(RSA )?PUBLIC KEY-----)[A-Z0-9 ]+-----/;

function failed(url: string, reason: string, cause?: unknown): CallbackVerificationError {
  return new CallbackVerificationError('KEY_FETCH_FAILED', `public key ${url}: ${reason}`, { cause });
}

/** Fetch `url` and parse it as a PEM RSA public key; throws `KEY_FETCH_FAILED` on any failure. */
export async function fetchPublicKey(url: string, limits: KeyFetchLimits): Promise<KeyObject> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`timed out after ${limits.timeoutMs} ms`)),
    limits.timeoutMs,
  );
  let text: string;
  try {
    // `redirect: 'error'`: a redirect would lead away from the allow-listed URL (an SSRF and
    // trust bypass); the timeout signal also covers reading the body.
    const response = await limits.fetch(url, {
      method: 'GET',
      redirect: 'error',
      signal: controller.signal,
      headers: { accept: 'application/x-pem-file, text/plain, */*' },
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      throw failed(url, `HTTP status ${response.status}`);
    }
    const tooLarge = () => failed(url, `larger than ${limits.maxBytes} bytes`);
    text = (await readWebStream(response.body, response.headers.get('content-length'), limits.maxBytes, tooLarge)).toString('utf8');
  } catch (err) {
    if (err instanceof CallbackVerificationError) throw err;
    const reason = controller.signal.aborted ? String((controller.signal.reason as Error).message) : 'request failed';
    throw failed(url, reason, err);
  } finally {
    clearTimeout(timer);
  }
  if (!PUBLIC_KEY_PEM.test(text) || OTHER_PEM.test(text)) throw failed(url, 'not a PEM public key');
  try {
    return toRsaPublicKey(text, 'the document');
  } catch (err) {
    throw failed(url, (err as Error).message, err);
  }
}
