/**
 * STS AssumeRole (API version 2015-04-01) as the official clients call it: an RPC request whose
 * parameters arrive in the form body (ali-oss `lib/sts.js`, Ruby `Aliyun::STS`) or the query,
 * signed as https://help.aliyun.com/en/document_detail/130769.html defines
 * (`signRpc` in @ossbox/protocol). Parameters, limits and response:
 * https://www.alibabacloud.com/help/en/ram/developer-reference/api-sts-2015-04-01-assumerole
 */
import { createHash } from 'node:crypto';
import { rpcStringToSign, signaturesEqual, signRpc } from '@ossbox/protocol';
import { parsePolicy, PolicyGrammarError } from '../policy/index.js';
import type { PrincipalResolver } from './principal.js';
import type { RoleRegistry } from './roles.js';
import { parseRoleArn } from './roles.js';
import type { SessionClaims, SessionTokens } from './session-token.js';
import { STS_KEY_PREFIX } from './session-token.js';
import {
  accessKeyNotFound,
  actionNotFound,
  durationOutOfRange,
  incompleteSignature,
  missingParameter,
  nonceUsed,
  policyGrammar,
  roleArnMalformed,
  roleNotFound,
  sessionNameMalformed,
  signatureDoesNotMatch,
  timestampExpired,
  timestampMalformed,
  versionInvalid,
} from './sts-errors.js';

/** The credentials and assumed-role user of a successful AssumeRole, as STS returns them. */
export interface AssumeRoleResult {
  AssumedRoleUser: { Arn: string; AssumedRoleId: string };
  Credentials: { AccessKeyId: string; AccessKeySecret: string; SecurityToken: string; Expiration: string };
}

/** The DurationSeconds range: STS's 900 s minimum (lowerable for tests), the default role maximum 3600 s. */
export interface DurationLimits {
  min: number;
  max: number;
}

/** How far the Timestamp may be from the server clock (POP: 15 minutes). */
const MAX_TIMESTAMP_SKEW_MS = 15 * 60 * 1000;
const SESSION_NAME = /^[\w.@-]{2,64}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** `2015-04-09T11:52:19Z`: ISO 8601 without milliseconds, as STS writes Expiration. */
export function stsTime(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** A stable numeric role id (`AssumedRoleId` is `<role id>:<session name>`). */
function roleIdOf(arn: string): string {
  return BigInt(`0x${createHash('sha256').update(arn.toLowerCase()).digest('hex').slice(0, 15)}`).toString();
}

function required(params: Readonly<Record<string, string>>, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw missingParameter(name);
  return value;
}

/** Serves AssumeRole: checks the request, then issues temporary credentials. */
export class AssumeRole {
  /** Nonces seen within the timestamp window → when they may be forgotten (ms). */
  private readonly nonces = new Map<string, number>();

  constructor(
    private readonly principals: PrincipalResolver,
    private readonly tokens: SessionTokens,
    private readonly roles: RoleRegistry,
    private readonly limits: DurationLimits,
  ) {}

  /**
   * Check the signature and the common parameters, then the AssumeRole ones; throws StsError.
   *
   * @param method the HTTP method (it is part of the string to sign)
   * @param params every parameter, query and form body merged
   */
  handle(method: string, params: Readonly<Record<string, string>>, now: Date): AssumeRoleResult {
    const issuedTo = this.authenticate(method, params, now);
    if (required(params, 'Action') !== 'AssumeRole') throw actionNotFound();
    if (required(params, 'Version') !== '2015-04-01') throw versionInvalid();
    const arn = required(params, 'RoleArn');
    const parsedArn = parseRoleArn(arn);
    if (!parsedArn) throw roleArnMalformed();
    const sessionName = required(params, 'RoleSessionName');
    if (!SESSION_NAME.test(sessionName)) throw sessionNameMalformed();
    const durationText = params.DurationSeconds ?? '3600';
    const duration = /^\d{1,9}$/.test(durationText) ? Number(durationText) : Number.NaN;
    if (!(duration >= this.limits.min && duration <= this.limits.max)) throw durationOutOfRange(900, this.limits.max);
    let sessionPolicy: string | undefined;
    if (params.Policy !== undefined && params.Policy !== '') {
      try {
        parsePolicy(params.Policy);
      } catch (error) {
        if (error instanceof PolicyGrammarError) throw policyGrammar();
        throw error;
      }
      sessionPolicy = params.Policy;
    }
    const role = this.roles.get(arn);
    if (!role) throw roleNotFound(arn);

    const accessKeyId = this.tokens.newAccessKeyId();
    const expiration = new Date(Math.floor(now.getTime() / 1000) * 1000 + duration * 1000);
    const claims: SessionClaims = { accessKeyId, roleArn: role.arn, sessionName, expiresAt: expiration.getTime() / 1000, issuedTo };
    if (sessionPolicy !== undefined) claims.sessionPolicy = sessionPolicy;
    return {
      AssumedRoleUser: {
        Arn: `${role.arn}/${sessionName}`,
        AssumedRoleId: `${roleIdOf(role.arn)}:${sessionName}`,
      },
      Credentials: {
        AccessKeyId: accessKeyId,
        AccessKeySecret: this.tokens.secretOf(accessKeyId),
        SecurityToken: this.tokens.sign(claims),
        Expiration: stsTime(expiration),
      },
    };
  }

  /** The common RPC parameters and the signature; returns the caller's AccessKeyId. */
  private authenticate(method: string, params: Readonly<Record<string, string>>, now: Date): string {
    const accessKeyId = required(params, 'AccessKeyId');
    const provided = required(params, 'Signature');
    if (required(params, 'SignatureMethod') !== 'HMAC-SHA1' || required(params, 'SignatureVersion') !== '1.0') {
      throw incompleteSignature();
    }
    const nonce = required(params, 'SignatureNonce');
    const timestamp = required(params, 'Timestamp');
    if (!TIMESTAMP.test(timestamp) || Number.isNaN(Date.parse(timestamp))) throw timestampMalformed();
    if (Math.abs(Date.parse(timestamp) - now.getTime()) > MAX_TIMESTAMP_SKEW_MS) throw timestampExpired();
    // Temporary keys cannot assume roles here (STS would want their token too).
    const secret = accessKeyId.startsWith(STS_KEY_PREFIX) ? undefined : this.principals.lookupSecret(accessKeyId);
    if (secret === undefined) throw accessKeyNotFound();
    if (!signaturesEqual(signRpc(method, params, secret), provided)) {
      throw signatureDoesNotMatch(rpcStringToSign(method, params));
    }
    this.rememberNonce(`${accessKeyId}\n${nonce}`, now.getTime());
    return accessKeyId;
  }

  private rememberNonce(key: string, nowMs: number): void {
    if (this.nonces.size > 1000) {
      for (const [seen, forgetAt] of this.nonces) if (forgetAt < nowMs) this.nonces.delete(seen);
    }
    const forgetAt = this.nonces.get(key);
    if (forgetAt !== undefined && forgetAt >= nowMs) throw nonceUsed();
    this.nonces.set(key, nowMs + 2 * MAX_TIMESTAMP_SKEW_MS);
  }
}
