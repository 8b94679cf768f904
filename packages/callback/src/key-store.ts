/**
 * Where public keys come from, per trusted key URL: the bundled official key, keys pinned in the
 * options, or a download cached per URL (the official samples either fetch on every
 * request or cache one key for any URL). Concurrent lookups of one URL share one download.
 */
import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { OSS_CALLBACK_PUBLIC_KEY_PEM } from '@ossbox/protocol';
import { fetchPublicKey } from './key-fetch.js';
import { OFFICIAL_KEY_URLS } from './key-url.js';
import type { ResolvedVerifierOptions } from './options.js';

/** Where a key came from: only `fetched` keys are ever refetched. */
export type KeySource = 'bundled' | 'pinned' | 'fetched';

/** A key and where it came from. */
export interface ResolvedKey {
  readonly key: KeyObject;
  readonly source: KeySource;
}

interface CacheEntry {
  readonly key: KeyObject;
  readonly expiresAt: number;
}

// Failed downloads are not cached, so only real keys occupy entries; the bound still stops a
// trusted key server that answers every path with a key from growing the map forever.
const MAX_CACHED_KEYS = 256;

/** Key lookup for one verifier: bundled, pinned, cached and in-flight keys. */
export class KeyStore {
  readonly #options: ResolvedVerifierOptions;
  readonly #static = new Map<string, ResolvedKey>();
  readonly #cache = new Map<string, CacheEntry>();
  readonly #inFlight = new Map<string, Promise<KeyObject>>();

  constructor(options: ResolvedVerifierOptions) {
    this.#options = options;
    if (options.trustOfficialKeyUrls) {
      const official = createPublicKey(OSS_CALLBACK_PUBLIC_KEY_PEM);
      for (const url of OFFICIAL_KEY_URLS) this.#static.set(url, { key: official, source: 'bundled' });
    }
    for (const [url, key] of options.publicKeys) this.#static.set(url, { key, source: 'pinned' });
  }

  /** True when `href` has a bundled or pinned key (such URLs are trusted and never fetched). */
  hasStaticKey(href: string): boolean {
    return this.#static.has(href);
  }

  /** The key for a trusted, normalised URL: static, cached, or downloaded now. */
  async get(href: string): Promise<ResolvedKey> {
    const fixed = this.#static.get(href);
    if (fixed !== undefined) return fixed;
    const cached = this.#cache.get(href);
    if (cached !== undefined && cached.expiresAt > Date.now()) return { key: cached.key, source: 'fetched' };
    return { key: await this.#download(href), source: 'fetched' };
  }

  /**
   * Download `href` again after a signature failed with its cached key (rotation, e.g. an
   * emulator whose data dir was reset). Joins a download already in flight, so a burst of
   * failing requests causes one download.
   */
  async refresh(href: string, stale: KeyObject): Promise<KeyObject> {
    const pending = this.#inFlight.get(href);
    if (pending !== undefined) return pending;
    const cached = this.#cache.get(href);
    // Another request already replaced the key that failed: use the newer one.
    if (cached !== undefined && !cached.key.equals(stale) && cached.expiresAt > Date.now()) return cached.key;
    return this.#download(href);
  }

  #download(href: string): Promise<KeyObject> {
    const pending = this.#inFlight.get(href);
    if (pending !== undefined) return pending;
    const download = fetchPublicKey(href, {
      fetch: this.#options.fetch,
      timeoutMs: this.#options.keyFetchTimeoutMs,
      maxBytes: this.#options.maxKeyBytes,
    })
      .then((key) => {
        this.#cache.delete(href);
        this.#cache.set(href, { key, expiresAt: Date.now() + this.#options.keyCacheTtlMs });
        if (this.#cache.size > MAX_CACHED_KEYS) this.#cache.delete(this.#cache.keys().next().value as string);
        return key;
      })
      .finally(() => this.#inFlight.delete(href));
    this.#inFlight.set(href, download);
    return download;
  }
}
