/**
 * Temporary credentials, self-contained: the emulator keeps no session table. The AccessKeyId is
 * `STS.<random>`; its secret is an HMAC of that id under the emulator's STS key, so any request
 * signed with it can be verified from the id alone; the SecurityToken carries the session's claims
 * (id, role, session name, session policy, expiry) with an HMAC over them. A token cannot be
 * altered (the HMAC fails), cannot be moved to another key (its claims name the id), and needs no
 * storage, so tokens survive restarts and `reset()` as long as the STS key is the same
 * (`startEmulator` derives it from the callback key the data directory keeps).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a SecurityToken says. */
export interface SessionClaims {
  /** The temporary AccessKeyId the token belongs to. */
  accessKeyId: string;
  roleArn: string;
  sessionName: string;
  /** The session policy JSON passed to AssumeRole, when one was. */
  sessionPolicy?: string;
  /** Expiry, Unix seconds. */
  expiresAt: number;
  /** The long-term AccessKeyId that called AssumeRole. */
  issuedTo: string;
}

/** Prefix of every temporary AccessKeyId, as STS's (`STS.NUgYrLno…`). */
export const STS_KEY_PREFIX = 'STS.';
const TOKEN_PREFIX = 'ossbox1.';

/** Why a token was refused. */
export type TokenProblem = 'malformed' | 'tampered';

/** Issues and checks temporary credentials under one secret. */
export class SessionTokens {
  constructor(private readonly secret: Buffer) {}

  private mac(purpose: string, data: string): Buffer {
    return createHmac('sha256', this.secret).update(`${purpose}\n${data}`, 'utf8').digest();
  }

  /** A fresh temporary AccessKeyId. */
  newAccessKeyId(): string {
    return `${STS_KEY_PREFIX}${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`;
  }

  /** The secret of a temporary AccessKeyId (derived, never stored). */
  secretOf(accessKeyId: string): string {
    return this.mac('secret', accessKeyId).toString('base64url').slice(0, 30);
  }

  /** Encode and sign claims into a SecurityToken. */
  sign(claims: SessionClaims): string {
    const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
    return `${TOKEN_PREFIX}${payload}.${this.mac('token', payload).toString('base64url')}`;
  }

  /** The claims of a token, or the reason it is refused. Expiry is the caller's check. */
  open(token: string): SessionClaims | TokenProblem {
    if (!token.startsWith(TOKEN_PREFIX)) return 'malformed';
    const [payload, mac, extra] = token.slice(TOKEN_PREFIX.length).split('.');
    if (!payload || !mac || extra !== undefined) return 'malformed';
    const expected = this.mac('token', payload);
    const provided = Buffer.from(mac, 'base64url');
    if (provided.length !== expected.length || !timingSafeEqual(provided, expected)) return 'tampered';
    try {
      return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SessionClaims;
    } catch {
      return 'malformed';
    }
  }
}
