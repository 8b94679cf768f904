/**
 * Who a verified request acts as. A signature proves the caller holds a secret; this module turns
 * the access key (and STS token, if any) into a principal: the account owner (a configured
 * long-term key), an STS session (a temporary key with a valid token), or anonymous. Token errors
 * are the OSS ones: https://help.aliyun.com/document_detail/42775.html
 */
import { ossError } from '@ossbox/protocol';
import type { AuthResult } from '@ossbox/protocol';
import type { AccessKey } from '../config.js';
import { parsePolicy } from '../policy/index.js';
import type { PolicyDocument } from '../policy/index.js';
import type { Role, RoleRegistry } from './roles.js';
import { STS_KEY_PREFIX } from './session-token.js';
import type { SessionTokens } from './session-token.js';

/** An STS session: temporary credentials of a role. */
export interface StsPrincipal {
  kind: 'sts';
  accessKeyId: string;
  role: Role;
  sessionName: string;
  expiration: Date;
  /** Every policy that must allow a request: the role's, then the session policy if given. */
  policies: readonly PolicyDocument[];
}

/** The caller of a request. */
export type Principal = { kind: 'anonymous' } | { kind: 'account'; accessKeyId: string } | StsPrincipal;

function invalidToken(reason: string) {
  return ossError('InvalidSecurityToken', { details: { Reason: reason } });
}

/** Resolves the principal of authenticated requests. */
export class PrincipalResolver {
  private readonly secrets: Map<string, string>;

  constructor(
    accessKeys: readonly AccessKey[],
    private readonly tokens: SessionTokens,
    private readonly roles: RoleRegistry,
  ) {
    this.secrets = new Map(accessKeys.map((k) => [k.accessKeyId, k.accessKeySecret]));
  }

  /**
   * The secret of an AccessKeyId for signature checks: a configured key's, or the derived secret
   * of a temporary `STS.` key (whose token is checked afterwards by {@link principalOf}).
   */
  readonly lookupSecret = (accessKeyId: string): string | undefined =>
    this.secrets.get(accessKeyId) ??
    (accessKeyId.startsWith(STS_KEY_PREFIX) && this.roles.size > 0 ? this.tokens.secretOf(accessKeyId) : undefined);

  /**
   * The principal behind a verified request. A token is checked whenever one is sent: tampered
   * or malformed → InvalidSecurityToken; issued for another AccessKeyId → InvalidSecurityToken;
   * past its expiry → SecurityTokenExpired. A temporary key without a token is not a key OSS
   * knows: InvalidAccessKeyId.
   */
  principalOf(auth: AuthResult, now: Date): Principal {
    if (auth.kind === 'anonymous') return auth;
    const { accessKeyId, securityToken } = auth;
    if (securityToken === undefined) {
      if (this.secrets.has(accessKeyId)) return { kind: 'account', accessKeyId };
      throw ossError('InvalidAccessKeyId', { details: { OSSAccessKeyId: accessKeyId } });
    }
    const claims = this.tokens.open(securityToken);
    if (claims === 'malformed') throw invalidToken('The security token is not one this emulator issued.');
    if (claims === 'tampered') throw invalidToken('The security token was altered.');
    if (claims.accessKeyId !== accessKeyId) {
      throw invalidToken(`The security token was issued for another AccessKeyId, not ${accessKeyId}.`);
    }
    const expiration = new Date(claims.expiresAt * 1000);
    if (expiration.getTime() <= now.getTime()) {
      throw ossError('SecurityTokenExpired', { details: { Expiration: expiration.toISOString().replace(/\.\d+Z$/, 'Z') } });
    }
    const role = this.roles.get(claims.roleArn);
    if (!role) throw invalidToken(`The role ${claims.roleArn} is no longer configured.`);
    const policies = [role.policy];
    if (claims.sessionPolicy !== undefined) policies.push(parsePolicy(claims.sessionPolicy));
    return { kind: 'sts', accessKeyId, role, sessionName: claims.sessionName, expiration, policies };
  }
}
