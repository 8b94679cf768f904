/**
 * `assumeRole`: STS AssumeRole for app servers, returning credentials in the shape a
 * `credentialsProvider` returns. A helper rather than a dependency on an STS client: the request is
 * one signed form POST (the RPC signature, `signRpc` in @ossbox/protocol, tested against the
 * published example), and the official Node client (ali-oss's `STS`) would add urllib and its
 * dependency tree to every app server that only needs this call.
 *
 * API: https://www.alibabacloud.com/help/en/ram/developer-reference/api-sts-2015-04-01-assumerole
 */
import { randomUUID } from 'node:crypto';
import { request } from './undici-request.js';
import type { Dispatcher } from 'undici';
import { signRpc } from '@ossbox/protocol';
import type { ProvidedCredentials } from './credentials.js';
import { InvalidArgumentError, NetworkError, OssError } from './errors.js';

/** Options of {@link assumeRole}. */
export interface AssumeRoleOptions {
  /** STS endpoint, default `https://sts.aliyuncs.com`; the emulator's is `http://127.0.0.1:9000/_ossbox/sts`. */
  endpoint?: string;
  /** The long-term key of a RAM user allowed to assume the role. */
  accessKeyId: string;
  accessKeySecret: string;
  /** `acs:ram::<account id>:role/<role name>`. */
  roleArn: string;
  /** Who uses the credentials (2–64 of `A-Z a-z 0-9 . @ - _`), e.g. the app's user id. */
  roleSessionName: string;
  /** Session policy (JSON text or object): the credentials get the role's policy intersected with it. */
  policy?: string | object;
  /** Lifetime in seconds, 900 up to the role's maximum (default 3600). */
  durationSeconds?: number;
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
}

/** Temporary credentials (usable as a `credentialsProvider` result) and who they belong to. */
export interface AssumeRoleResult extends ProvidedCredentials {
  securityToken: string;
  expiration: Date;
  /** `AssumedRoleUser.Arn`, e.g. `acs:ram::123:role/uploader/alice`. */
  assumedRoleArn: string;
  requestId: string | undefined;
}

/** `2026-11-30T20:55:00Z`: the Timestamp form STS documents (no milliseconds). */
function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z');
}

/**
 * Call STS AssumeRole. STS errors throw {@link OssError} with the STS `code` (e.g.
 * `InvalidParameter.DurationSeconds`, `SignatureDoesNotMatch`), `status` and `requestId`.
 *
 * @example
 * ```ts
 * // app server: hand the browser credentials for users/42/ only
 * const credentials = await assumeRole({
 *   endpoint: 'http://127.0.0.1:9000/_ossbox/sts', accessKeyId, accessKeySecret,
 *   roleArn: 'acs:ram::1234567890123456:role/uploader', roleSessionName: 'user-42',
 *   policy: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'oss:PutObject', Resource: 'acs:oss:*:*:examplebucket/users/42/*' }] },
 * });
 * // a client that refreshes them itself
 * const client = new Client({ endpoint, credentialsProvider: () => assumeRole(options) });
 * ```
 */
export async function assumeRole(options: AssumeRoleOptions): Promise<AssumeRoleResult> {
  for (const name of ['accessKeyId', 'accessKeySecret', 'roleArn', 'roleSessionName'] as const) {
    if (typeof options[name] !== 'string' || options[name] === '') throw new InvalidArgumentError(`Invalid option "${name}": must be a non-empty string`, name);
  }
  const params: Record<string, string> = {
    Action: 'AssumeRole',
    Version: '2015-04-01',
    Format: 'JSON',
    RoleArn: options.roleArn,
    RoleSessionName: options.roleSessionName,
    DurationSeconds: String(options.durationSeconds ?? 3600),
    AccessKeyId: options.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: randomUUID(),
    Timestamp: timestamp(new Date()),
  };
  if (options.policy !== undefined) params.Policy = typeof options.policy === 'string' ? options.policy : JSON.stringify(options.policy);
  params.Signature = signRpc('POST', params, options.accessKeySecret);
  let res: Dispatcher.ResponseData;
  try {
    res = await request(options.endpoint ?? 'https://sts.aliyuncs.com', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
      signal: options.signal,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
  } catch (err) {
    throw new NetworkError(`STS request failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const text = await res.body.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new OssError('InvalidResponse', `STS answered ${res.statusCode} with a body that is not JSON: ${text.slice(0, 200)}`, { status: res.statusCode, cause: err });
  }
  const requestId = typeof body.RequestId === 'string' ? body.RequestId : undefined;
  if (res.statusCode !== 200) {
    throw new OssError(String(body.Code ?? 'UnknownError'), String(body.Message ?? text), { status: res.statusCode, requestId });
  }
  const c = body.Credentials as Record<string, string> | undefined;
  const user = body.AssumedRoleUser as Record<string, string> | undefined;
  if (!c?.AccessKeyId || !c.AccessKeySecret || !c.SecurityToken || !c.Expiration) {
    throw new OssError('InvalidResponse', 'STS answered 200 without Credentials', { status: res.statusCode, requestId });
  }
  return {
    accessKeyId: c.AccessKeyId,
    accessKeySecret: c.AccessKeySecret,
    securityToken: c.SecurityToken,
    expiration: new Date(c.Expiration),
    assumedRoleArn: user?.Arn ?? '',
    requestId,
  };
}
