/**
 * Verifier options: the input type, its defaults, and `resolveVerifierOptions`, which validates
 * them once (at construction, never per request) into a frozen resolved object.
 */
import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { findUnknownOption } from '@ossbox/protocol';
import { OFFICIAL_KEY_URL_PREFIXES, parseKeyUrl, parseKeyUrlPrefix } from './key-url.js';
import type { KeyUrlPrefix } from './key-url.js';

/** The `fetch` signature the verifier uses to download public keys (global `fetch` by default). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Options of {@link createCallbackVerifier} (and of every adapter that accepts options). */
export interface CallbackVerifierOptions {
  /**
   * More trusted public-key URL prefixes, e.g. the emulator's `http://127.0.0.1:9000/`. They are
   * **added** to the two official prefixes (`http(s)://gosspublic.alicdn.com/`) unless
   * `trustOfficialKeyUrls` is false. Compared on parsed URLs: scheme, host and port must be
   * equal and the path must continue the prefix's path.
   */
  trustedKeyUrlPrefixes?: readonly string[];
  /**
   * Trust the official OSS key URLs (default true). Set it to false to accept only
   * `trustedKeyUrlPrefixes` and `publicKeys`, e.g. in a test that must only see emulator callbacks.
   */
  trustOfficialKeyUrls?: boolean;
  /**
   * Public keys pinned per exact key URL (PEM text or `KeyObject`). A pinned URL is trusted as
   * such and never fetched; handy for unit tests with `@ossbox/callback/testing`.
   */
  publicKeys?: Readonly<Record<string, string | KeyObject>>;
  /**
   * Largest accepted body in bytes (default 1 MiB). Real callback bodies are a few hundred bytes:
   * the template is capped with the whole `callback` parameter at 5 KB and each variable expands
   * to at most a few KB (docs/callback-protocol.md §1.5, §1.7), so 1 MiB never rejects a real callback while
   * bounding what one request can make the receiver buffer.
   */
  maxBodyBytes?: number;
  /** Timeout of one key download in ms (default 3000: OSS gives the whole callback 5 s, §3.1). */
  keyFetchTimeoutMs?: number;
  /** Largest accepted key document in bytes (default 16 KiB; an RSA-4096 PEM is under 1 KiB). */
  maxKeyBytes?: number;
  /**
   * How long a downloaded key is reused, in ms (default 24 h; OSS says its key does not change,
   * §2.2). A key that fails a signature is refetched once regardless, so rotation is handled.
   */
  keyCacheTtlMs?: number;
  /** The `fetch` used for key downloads (default: global `fetch`). Inject one in tests. */
  fetch?: FetchLike;
}

/** Options after validation and defaults; frozen. */
export interface ResolvedVerifierOptions {
  readonly trustedKeyUrlPrefixes: readonly KeyUrlPrefix[];
  readonly trustOfficialKeyUrls: boolean;
  readonly publicKeys: ReadonlyMap<string, KeyObject>;
  readonly maxBodyBytes: number;
  readonly keyFetchTimeoutMs: number;
  readonly maxKeyBytes: number;
  readonly keyCacheTtlMs: number;
  readonly fetch: FetchLike;
}

/** Default largest body: 1 MiB (see {@link CallbackVerifierOptions.maxBodyBytes}). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Default key download timeout: 3 s. */
export const DEFAULT_KEY_FETCH_TIMEOUT_MS = 3000;
/** Default largest key document: 16 KiB. */
export const DEFAULT_MAX_KEY_BYTES = 16 * 1024;
/** Default key cache lifetime: 24 h. */
export const DEFAULT_KEY_CACHE_TTL_MS = 24 * 60 * 60 * 1000;

/** Every name of {@link CallbackVerifierOptions}: checked against the type, so the list cannot drift. */
const KNOWN_OPTIONS = {
  trustedKeyUrlPrefixes: true,
  trustOfficialKeyUrls: true,
  publicKeys: true,
  maxBodyBytes: true,
  keyFetchTimeoutMs: true,
  maxKeyBytes: true,
  keyCacheTtlMs: true,
  fetch: true,
} satisfies Record<keyof CallbackVerifierOptions, true>;

/** Names that mean trustedKeyUrlPrefixes: the receiver CLI's --trust-key-url-prefix, shortenings. */
const INSTEAD: Record<string, string> = {
  trustKeyUrlPrefix: 'trustedKeyUrlPrefixes',
  trustedKeyPrefixes: 'trustedKeyUrlPrefixes',
  trustedPrefixes: 'trustedKeyUrlPrefixes',
};

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/** Parse a PEM (or take a `KeyObject`) as an RSA public key; throws a `TypeError` otherwise. */
export function toRsaPublicKey(value: string | KeyObject, what: string): KeyObject {
  let key: KeyObject;
  try {
    key =
      typeof value === 'string'
        ? createPublicKey({ key: value, format: 'pem' })
        : value.type === 'private'
          ? createPublicKey(value)
          : value;
  } catch (cause) {
    throw new TypeError(`${what} is not a PEM public key`, { cause });
  }
  if (key.type !== 'public' || key.asymmetricKeyType !== 'rsa') {
    throw new TypeError(`${what} is not an RSA public key`);
  }
  return key;
}

/** Validate options once and apply defaults. Throws `TypeError`/`RangeError` on bad input. */
export function resolveVerifierOptions(options: CallbackVerifierOptions = {}): ResolvedVerifierOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  // A misspelt name TypeScript let through (a spread object, JavaScript) would leave a key untrusted.
  const unknown = findUnknownOption(options, KNOWN_OPTIONS, INSTEAD);
  if (unknown) throw new TypeError(unknown.message);
  const trustOfficialKeyUrls = options.trustOfficialKeyUrls ?? true;
  if (typeof trustOfficialKeyUrls !== 'boolean') throw new TypeError('trustOfficialKeyUrls must be a boolean');
  const extra = options.trustedKeyUrlPrefixes ?? [];
  if (!Array.isArray(extra)) throw new TypeError('trustedKeyUrlPrefixes must be an array of URL prefixes');
  const prefixes = [...(trustOfficialKeyUrls ? OFFICIAL_KEY_URL_PREFIXES : []), ...extra].map(parseKeyUrlPrefix);

  const publicKeys = new Map<string, KeyObject>();
  for (const [url, key] of Object.entries(options.publicKeys ?? {})) {
    const parsed = parseKeyUrl(url);
    if (parsed === undefined) throw new TypeError(`publicKeys: ${JSON.stringify(url)} is not an http(s) URL`);
    publicKeys.set(parsed.href, toRsaPublicKey(key, `publicKeys[${JSON.stringify(url)}]`));
  }

  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw new TypeError('fetch must be a function');

  return Object.freeze({
    trustedKeyUrlPrefixes: Object.freeze(prefixes),
    trustOfficialKeyUrls,
    publicKeys,
    maxBodyBytes: positiveInteger('maxBodyBytes', options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES),
    keyFetchTimeoutMs: positiveInteger('keyFetchTimeoutMs', options.keyFetchTimeoutMs, DEFAULT_KEY_FETCH_TIMEOUT_MS),
    maxKeyBytes: positiveInteger('maxKeyBytes', options.maxKeyBytes, DEFAULT_MAX_KEY_BYTES),
    keyCacheTtlMs: positiveInteger('keyCacheTtlMs', options.keyCacheTtlMs, DEFAULT_KEY_CACHE_TTL_MS),
    fetch: fetchImpl as FetchLike,
  });
}
