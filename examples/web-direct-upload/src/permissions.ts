/**
 * The short-lived permissions the app server hands the page, one per upload flow, each carrying
 * the same upload callback (https://www.alibabacloud.com/help/en/oss/developer-reference/callback).
 */
import { isIP } from 'node:net';
import type { Bucket, CallbackOptions, PostPolicyForm } from '@ossbox/sdk';
import { assumeRole, Callback } from '@ossbox/sdk';
import type { AppConfig } from './config.js';

/** The ways the page uploads; sent as the `x:flow` callback variable. */
export type Flow = 'post-object' | 'presigned-put' | 'multipart' | 'sts-multipart';

/** Where a callback goes when the page asks for a failing one: nothing listens on port 9 here. */
export const DEAD_CALLBACK_URL = 'http://127.0.0.1:9/callback';

/** The callback body OSS fills in (system variables and the custom `x:flow`). */
const CALLBACK_BODY = 'bucket=${bucket}&object=${object}&etag=${etag}&size=${size}&mimeType=${mimeType}&flow=${x:flow}';

/** A request from the page for a permission. */
export interface PermissionRequest {
  /** Object key (presigned PUT and multipart); must start with the configured prefix. */
  key?: unknown;
  /** The Content-Type the browser will send with a presigned PUT (`File.type`). */
  contentType?: unknown;
  /** Point the callback at a dead URL, to see `CallbackFailed`. */
  failCallback?: unknown;
  /** Issue an already expired PostObject policy, to see OSS refuse it. */
  expiredPolicy?: unknown;
  /** STS flow: issue credentials for another key, to see OSS refuse the upload (AccessDenied). */
  otherKey?: unknown;
}

/** A bad request from the page; answered 400 with `{ error }`. */
export class PermissionError extends Error {}

function callbackFor(flow: Flow, callbackUrl: string, request: PermissionRequest): CallbackOptions {
  return { url: request.failCallback === true ? DEAD_CALLBACK_URL : callbackUrl, body: CALLBACK_BODY, vars: { flow } };
}

function keyOf(request: PermissionRequest, config: AppConfig): string {
  const { key } = request;
  if (typeof key !== 'string' || !key.startsWith(config.keyPrefix) || key.length === config.keyPrefix.length) {
    throw new PermissionError(`key must be a name under ${config.keyPrefix}`);
  }
  return key;
}

/**
 * PostObject form: the policy lets the page write any key under the prefix, up to `maxSize`
 * bytes, answering 200 (with the app server's JSON when the callback succeeds).
 */
export function postObjectForm(bucket: Bucket, config: AppConfig, callbackUrl: string, request: PermissionRequest): PostPolicyForm {
  // An expired policy: signed two hours ago, valid for one minute.
  const expired = request.expiredPolicy === true ? { date: new Date(Date.now() - 2 * 3600_000), expires: 60 } : { expires: 600 };
  return bucket.createPostPolicy({
    keyPrefix: config.keyPrefix,
    contentLengthRange: { max: config.maxSize },
    successActionStatus: 200,
    callback: new Callback(callbackFor('post-object', callbackUrl, request)),
    ...expired,
  });
}

/**
 * Presigned PUT: the URL carries the callback, and signs the Content-Type the page said it will
 * send, which the page must then send exactly (`headers`).
 */
export function presignedPut(bucket: Bucket, config: AppConfig, callbackUrl: string, request: PermissionRequest): { url: string; headers: Record<string, string> } {
  const key = keyOf(request, config);
  const contentType = typeof request.contentType === 'string' && request.contentType !== '' ? request.contentType : undefined;
  const url = bucket.signatureUrl(key, {
    method: 'PUT',
    expires: 600,
    callback: new Callback(callbackFor('presigned-put', callbackUrl, request)),
    ...(contentType === undefined ? {} : { contentType }),
  });
  return { url, headers: contentType === undefined ? {} : { 'Content-Type': contentType } };
}

/** What ali-oss in the page needs besides credentials: where to upload, and the callback. */
function aliOssTarget(config: AppConfig, callbackUrl: string, request: PermissionRequest, flow: Flow, key: string) {
  const callback = callbackFor(flow, callbackUrl, request);
  const { hostname } = new URL(config.ossEndpoint);
  return {
    key,
    endpoint: config.ossEndpoint,
    // ali-oss puts the bucket in the path only with sldEnable; an IP or localhost endpoint (the
    // emulator) has no per-bucket host names.
    sldEnable: isIP(hostname.replace(/^\[|\]$/g, '')) !== 0 || hostname === 'localhost',
    bucket: config.bucket,
    region: `oss-${config.region}`,
    // ali-oss's callback option shape: `customValue` becomes the `x:` variables.
    callback: { url: callback.url, body: callback.body, contentType: 'application/x-www-form-urlencoded', customValue: { flow } },
  };
}

/**
 * Multipart from the browser with ali-oss: the page signs every request itself, so it needs a
 * key pair. DEVELOPMENT ONLY: this hands out the app server's own AccessKey. In production hand
 * out short-lived STS credentials restricted to the key instead: {@link stsCredentials}.
 */
export function multipartPermission(config: AppConfig, callbackUrl: string, request: PermissionRequest) {
  const key = keyOf(request, config);
  return { ...aliOssTarget(config, callbackUrl, request, 'multipart', key), accessKeyId: config.accessKeyId, accessKeySecret: config.accessKeySecret };
}

/**
 * Temporary credentials for one upload, the production way: STS AssumeRole of `config.roleArn`
 * with a session policy allowing only this key (PutObject covers every multipart step; abort and
 * ListParts let ali-oss clean up and resume), for 15 minutes. The page gives them to ali-oss as
 * `stsToken`, and asks again through ali-oss's `refreshSTSToken`.
 * https://www.alibabacloud.com/help/en/oss/developer-reference/authorize-access-3 (ali-oss)
 */
export async function stsCredentials(config: AppConfig, callbackUrl: string, request: PermissionRequest) {
  const key = keyOf(request, config);
  // The "see it refused" switch: credentials for a neighbouring key, not the one uploaded.
  const allowedKey = request.otherKey === true ? `${key}.not-this-one` : key;
  const credentials = await assumeRole({
    endpoint: config.stsEndpoint,
    accessKeyId: config.accessKeyId,
    accessKeySecret: config.accessKeySecret,
    roleArn: config.roleArn,
    roleSessionName: 'web-direct-upload',
    durationSeconds: 900,
    policy: {
      Version: '1',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['oss:PutObject', 'oss:AbortMultipartUpload', 'oss:ListParts'],
          Resource: [`acs:oss:*:*:${config.bucket}/${allowedKey}`],
        },
      ],
    },
  });
  return {
    ...aliOssTarget(config, callbackUrl, request, 'sts-multipart', key),
    accessKeyId: credentials.accessKeyId,
    accessKeySecret: credentials.accessKeySecret,
    stsToken: credentials.securityToken,
    expiration: credentials.expiration.toISOString(),
  };
}
