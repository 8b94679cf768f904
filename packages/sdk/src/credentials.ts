/**
 * Where a client's credentials come from: fixed keys (optionally with an STS token), or a
 * credentials provider — an async function returning temporary credentials — called again shortly
 * before they expire and when OSS answers `SecurityTokenExpired`. Requests in flight keep the
 * credentials they were signed with; only new requests (and the one retry of a refused request)
 * wait for a refresh, so a long `resumableUpload` outlives its first token.
 */
import type { Credentials } from '@ossbox/protocol';
import { InvalidArgumentError } from './errors.js';

/**
 * What a credentials provider returns: STS credentials as `AssumeRole` gives them (`AccessKeyId`,
 * `AccessKeySecret`, `SecurityToken`, `Expiration`), in camelCase.
 */
export interface ProvidedCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** The STS SecurityToken; `stsToken` (ali-oss's name) is accepted too. */
  securityToken?: string;
  stsToken?: string;
  /** When they stop working (a Date or ISO 8601 text such as STS's `2026-01-01T00:00:00Z`); none: never refreshed before a `SecurityTokenExpired`. */
  expiration?: Date | string;
}

/**
 * An async function returning fresh credentials, e.g. from your app server's STS endpoint.
 *
 * @example
 * ```ts
 * const credentialsProvider = async () => (await fetch('/api/oss-credentials')).json();
 * ```
 */
export type CredentialsProvider = () => Promise<ProvidedCredentials>;

/** Credentials with their expiry. */
interface Held {
  credentials: Credentials;
  /** Epoch ms; undefined when unknown. */
  refreshAt: number | undefined;
}

function validate(provided: ProvidedCredentials, now: number, marginMs: number): Held {
  if (provided === null || typeof provided !== 'object') {
    throw new InvalidArgumentError('The credentials provider must return { accessKeyId, accessKeySecret, securityToken?, expiration? }', 'credentialsProvider');
  }
  const { accessKeyId, accessKeySecret } = provided;
  const securityToken = provided.securityToken ?? provided.stsToken;
  for (const [name, value] of [['accessKeyId', accessKeyId], ['accessKeySecret', accessKeySecret]] as const) {
    if (typeof value !== 'string' || value === '') {
      throw new InvalidArgumentError(`The credentials provider returned no ${name}`, 'credentialsProvider');
    }
  }
  if (securityToken !== undefined && (typeof securityToken !== 'string' || securityToken === '')) {
    throw new InvalidArgumentError('The credentials provider returned an empty securityToken', 'credentialsProvider');
  }
  const credentials: Credentials = securityToken === undefined ? { accessKeyId, accessKeySecret } : { accessKeyId, accessKeySecret, securityToken };
  if (provided.expiration === undefined) return { credentials, refreshAt: undefined };
  const expiresAt = new Date(provided.expiration).getTime();
  if (Number.isNaN(expiresAt)) throw new InvalidArgumentError(`The credentials provider returned an invalid expiration: ${String(provided.expiration)}`, 'credentialsProvider');
  // Refresh `marginMs` before expiry, but never earlier than half-way through short lifetimes.
  const margin = Math.min(marginMs, Math.max(0, (expiresAt - now) / 2));
  return { credentials, refreshAt: expiresAt - margin };
}

/** The credentials of one client. */
export class CredentialsSource {
  private held: Held | undefined;
  private pending: Promise<Held> | undefined;

  /**
   * @param fixed the keys given as options (undefined with a provider)
   * @param provider called for the first credentials and each refresh
   * @param refreshMarginMs how long before `expiration` to refresh
   * @param now the time in epoch ms that `expiration` (STS's clock) is compared with: the client's
   *   clock, corrected to OSS's after a RequestTimeTooSkewed (clock.ts)
   */
  constructor(
    fixed: Credentials | undefined,
    private readonly provider: CredentialsProvider | undefined,
    private readonly refreshMarginMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (fixed !== undefined) this.held = { credentials: fixed, refreshAt: undefined };
  }

  /** Whether a provider supplies the credentials (so they can be refreshed). */
  get refreshable(): boolean {
    return this.provider !== undefined;
  }

  /** The credentials to sign with now: the held ones unless due for a refresh. */
  async get(): Promise<Credentials> {
    const held = this.held;
    if (held !== undefined && (held.refreshAt === undefined || this.now() < held.refreshAt || !this.provider)) return held.credentials;
    return (await this.fetch()).credentials;
  }

  /**
   * Refresh after OSS refused `stale` as expired; when another request already refreshed, the
   * newer credentials are returned without calling the provider again.
   */
  async refreshAfter(stale: Credentials): Promise<Credentials> {
    if (this.held !== undefined && this.held.credentials !== stale) return this.held.credentials;
    return (await this.fetch()).credentials;
  }

  /**
   * The held credentials, synchronously (for presigned URLs and POST policies signed locally).
   *
   * @throws InvalidArgumentError when a provider has not been called yet: use the async variant.
   */
  current(): Credentials {
    if (this.held === undefined) {
      throw new InvalidArgumentError('No credentials yet: the credentials provider has not been called. Use the async variant (asyncSignatureUrl, asyncCreatePostPolicy).', 'credentialsProvider');
    }
    return this.held.credentials;
  }

  /** One provider call at a time; every caller waiting for a refresh shares it. */
  private fetch(): Promise<Held> {
    this.pending ??= (async () => {
      try {
        const provided = await this.provider!();
        this.held = validate(provided, this.now(), this.refreshMarginMs);
        return this.held;
      } finally {
        this.pending = undefined;
      }
    })();
    return this.pending;
  }
}
