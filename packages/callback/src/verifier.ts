/**
 * The framework-agnostic core: verify one OSS callback request (docs/callback-protocol.md §2.4).
 * Order of checks: method, body size, headers, key URL trust (before any network), key, signature,
 * then body parsing; so an unauthenticated request never makes the verifier fetch or parse.
 */
import type { KeyObject } from 'node:crypto';
import { decodePubKeyUrl, verifyCallbackSignature } from '@ossbox/protocol';
import { CallbackVerificationError } from './errors.js';
import { KeyStore } from './key-store.js';
import type { KeySource } from './key-store.js';
import { matchesKeyUrlPrefix, parseKeyUrl } from './key-url.js';
import { resolveVerifierOptions } from './options.js';
import type { CallbackVerifierOptions, ResolvedVerifierOptions } from './options.js';
import { parseCallbackBody } from './parse-body.js';
import { headerValue, originForm } from './request-parts.js';
import type { CallbackHeaders } from './request-parts.js';

/** A callback request as received, framework-neutral. */
export interface CallbackRequest {
  /** HTTP method; only `POST` is accepted. */
  method: string;
  /**
   * The raw request target exactly as received (`req.url` in node:http, `req.originalUrl` in
   * Express), e.g. `/index.php?id=1&index=2`. Never a re-serialised URL: OSS signs the path and
   * query as written in `callbackUrl`, a trailing lone `?` included.
   */
  url: string;
  /** Request headers (names in any case). */
  headers: CallbackHeaders;
  /** The exact body bytes. */
  body: Uint8Array;
}

/** A callback whose signature verified. */
export interface VerifiedCallback {
  /** The exact body bytes that were signed. */
  body: Buffer;
  /** The request's `Content-Type` header, as sent. */
  contentType: string | undefined;
  /**
   * The body parsed by `Content-Type` (see {@link parseCallbackBody}): a form body gives an object
   * of strings (custom `x:` variables included), a JSON body its parsed value, other types
   * `undefined`.
   */
  parsed: unknown;
  /** The public-key URL the request named (normalised), whose key verified the signature. */
  publicKeyUrl: string;
  /** Where that key came from: the bundled official key, a pinned key, or a download. */
  keySource: KeySource;
  /** The request target the signature covered (origin form: `/path?query`). */
  requestTarget: string;
}

/** A verifier with validated options and its own key cache. Create one per app and reuse it. */
export interface CallbackVerifier {
  /** Verify one request; resolves with the verified callback or rejects with a {@link CallbackVerificationError}. */
  verify(request: CallbackRequest): Promise<VerifiedCallback>;
  /** True when a (decoded) public-key URL is trusted by this verifier's allow-list or pinned keys. */
  isTrustedKeyUrl(url: string): boolean;
  /** The resolved options. */
  readonly options: ResolvedVerifierOptions;
}

function reject(code: ConstructorParameters<typeof CallbackVerificationError>[0], message: string, cause?: unknown): never {
  throw new CallbackVerificationError(code, message, cause === undefined ? undefined : { cause });
}

function signatureValid(key: KeyObject, target: string, body: Uint8Array, signature: string): boolean {
  try {
    return verifyCallbackSignature(key, target, body, signature);
  } catch {
    // A malformed signature (bad Base64, wrong length) is a signature that does not verify.
    return false;
  }
}

/**
 * Create a verifier. Options are validated here, once (bad options throw `TypeError` or
 * `RangeError`); the verifier owns the key cache, so create one and reuse it.
 *
 * Trust: the official prefixes `http://gosspublic.alicdn.com/` and `https://gosspublic.alicdn.com/`
 * plus `trustedKeyUrlPrefixes`, plus the URLs of `publicKeys`. The official key is bundled, so
 * real OSS callbacks verify without network access.
 *
 * @example
 * import { createCallbackVerifier } from '@ossbox/callback';
 *
 * const verifier = createCallbackVerifier({ trustedKeyUrlPrefixes: ['http://127.0.0.1:9000/'] });
 * const callback = await verifier.verify({ method: 'POST', url: req.url, headers: req.headers, body });
 * console.log(callback.parsed); // { bucket: 'b', object: 'a.jpg', 'x:uid': '42' }
 */
export function createCallbackVerifier(options: CallbackVerifierOptions = {}): CallbackVerifier {
  const resolved = resolveVerifierOptions(options);
  const keys = new KeyStore(resolved);

  const trustedUrl = (value: string): URL | undefined => {
    const url = parseKeyUrl(value);
    if (url === undefined) return undefined;
    return keys.hasStaticKey(url.href) || matchesKeyUrlPrefix(url, resolved.trustedKeyUrlPrefixes) ? url : undefined;
  };

  async function verify(request: CallbackRequest): Promise<VerifiedCallback> {
    if (String(request.method).toUpperCase() !== 'POST') {
      reject('METHOD_NOT_ALLOWED', `OSS callbacks are POST requests, got ${String(request.method)}`);
    }
    if (!(request.body instanceof Uint8Array)) throw new TypeError('request.body must be the raw body bytes (a Buffer)');
    const body = Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
    if (body.length > resolved.maxBodyBytes) {
      reject('BODY_TOO_LARGE', `body is larger than ${resolved.maxBodyBytes} bytes`);
    }
    const signature = headerValue(request.headers, 'authorization');
    if (signature === undefined || signature === '') reject('MISSING_AUTHORIZATION', 'no Authorization header');
    const encodedKeyUrl = headerValue(request.headers, 'x-oss-pub-key-url');
    if (encodedKeyUrl === undefined || encodedKeyUrl === '') {
      reject('MISSING_PUB_KEY_URL', 'no x-oss-pub-key-url header');
    }
    const keyUrl = decodePubKeyUrl(encodedKeyUrl);
    if (keyUrl === undefined) reject('BAD_PUB_KEY_URL', 'x-oss-pub-key-url is not Base64 of a URL');
    const url = trustedUrl(keyUrl);
    if (url === undefined) reject('UNTRUSTED_KEY_URL', `public key URL ${JSON.stringify(keyUrl)} is not trusted`);

    const target = originForm(request.url);
    const { key, source } = await keys.get(url.href);
    if (!signatureValid(key, target, body, signature)) {
      if (source !== 'fetched') reject('BAD_SIGNATURE', 'signature does not verify');
      // The cached key may be outdated (the key server rotated its key): download it once more.
      let fresh: KeyObject;
      try {
        fresh = await keys.refresh(url.href, key);
      } catch (cause) {
        reject('BAD_SIGNATURE', 'signature does not verify with the cached key, and refetching the key failed', cause);
      }
      if (!signatureValid(fresh, target, body, signature)) reject('BAD_SIGNATURE', 'signature does not verify');
    }

    const contentType = headerValue(request.headers, 'content-type');
    return {
      body,
      contentType,
      parsed: parseCallbackBody(body, contentType),
      publicKeyUrl: url.href,
      keySource: source,
      requestTarget: target,
    };
  }

  return {
    verify,
    isTrustedKeyUrl: (value: string) => trustedUrl(value) !== undefined,
    options: resolved,
  };
}

/** True when `value` looks like a {@link CallbackVerifier} rather than options. */
export function isCallbackVerifier(value: unknown): value is CallbackVerifier {
  return typeof value === 'object' && value !== null && typeof (value as CallbackVerifier).verify === 'function';
}

/**
 * Verify one request with a verifier or with options. With options, a new verifier (and key
 * cache) is made per call: fine for the official key, which is bundled; for fetched keys create
 * one verifier with {@link createCallbackVerifier} and reuse it.
 *
 * @example
 * const callback = await verifyCallback({ method: 'POST', url: '/cb?id=1', headers, body });
 */
export function verifyCallback(
  request: CallbackRequest,
  verifierOrOptions: CallbackVerifier | CallbackVerifierOptions = {},
): Promise<VerifiedCallback> {
  const verifier = isCallbackVerifier(verifierOrOptions)
    ? verifierOrOptions
    : createCallbackVerifier(verifierOrOptions);
  return verifier.verify(request);
}
