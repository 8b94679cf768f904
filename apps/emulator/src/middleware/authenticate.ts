/**
 * Authentication and anonymous access. Every request goes through `verifyRequest` (V1/V4 header,
 * V1/V4 presigned, docs/rest-api.md §5.3-§5.5); a request with no signature at all is anonymous
 * and allowed only where the bucket's or object's ACL grants it: `public-read` for reads,
 * `public-read-write` for writes. Bucket administration always needs a signature. A signed request
 * acts as the account (a configured key) or as an STS session (a temporary key and its token,
 * sts/principal.ts), which RAM policies confine (sts/authorize.ts). PostObject is the exception:
 * its form carries the signature, checked by the handler (handlers/post-object.ts).
 */
import type { RequestHandler } from 'express';
import { ossError, verifyRequest } from '@ossbox/protocol';
import type { SignableRequest } from '@ossbox/protocol';
import type { EmulatorConfig } from '../config.js';
import { stateOf } from '../context.js';
import type { Access } from '../operations.js';
import { authorize, AUTHORIZED_BY_HANDLER } from '../sts/index.js';
import type { PrincipalResolver } from '../sts/index.js';
import type { BucketRecord, MetadataStore, ObjectRecord } from '../store/metadata-store.js';

/** The ACL that governs an object: its own unless `default`, else its bucket's. */
function effectiveAcl(bucket: BucketRecord, object: ObjectRecord | undefined): string {
  return object && object.acl !== 'default' ? object.acl : bucket.acl;
}

/** Whether an anonymous caller may read `object` (or list `bucket` when no object is given). */
export function anonymousMayRead(bucket: BucketRecord, object?: ObjectRecord): boolean {
  const acl = effectiveAcl(bucket, object);
  return acl === 'public-read' || acl === 'public-read-write';
}

/** Whether an anonymous caller may run a read or write on `bucketName` (and `key`). */
function anonymousAllowed(meta: MetadataStore, access: Exclude<Access, 'owner' | 'form'>, bucketName: string, key: string | undefined): boolean {
  const bucket = meta.getBucket(bucketName);
  if (!bucket) throw ossError('NoSuchBucket', { details: { BucketName: bucketName } });
  const object = key === undefined ? undefined : meta.getObject(bucketName, key);
  if (access === 'read') return anonymousMayRead(bucket, object);
  return effectiveAcl(bucket, object) === 'public-read-write';
}

/**
 * Middleware: verify the signature and the STS token, then apply the ACL rules for anonymous
 * requests and the RAM policies for STS sessions.
 */
export function authenticateMiddleware(config: EmulatorConfig, meta: MetadataStore, principals: PrincipalResolver): RequestHandler {
  return (req, res, next) => {
    const state = stateOf(res);
    // PostObject: "any header or URL signature is ignored; only the form authenticates" (§5.11).
    if (state.operation!.access === 'form') {
      next();
      return;
    }
    const address = state.address!;
    const signable: SignableRequest = { method: req.method, headers: req.headers, query: address.query };
    if (address.bucket !== undefined) signable.bucket = address.bucket;
    if (address.key !== undefined) signable.key = address.key;
    const now = new Date();
    const auth = verifyRequest(signable, { lookupSecret: principals.lookupSecret, region: config.region, now });
    state.auth = auth;
    const principal = principals.principalOf(auth, now);
    state.principal = principal;
    const operation = state.operation!.name;
    if (!AUTHORIZED_BY_HANDLER.has(operation)) authorize(principal, config.region, { operation, bucket: address.bucket, key: address.key });
    const access = state.operation!.access;
    if (auth.kind === 'anonymous') {
      if (access === 'owner' || address.bucket === undefined) {
        // No ACL can open these (ListBuckets, PutBucket, bucket administration): OSS answers that
        // the operation needs identity, not an ACL refusal.
        // https://help.aliyun.com/en/oss/user-guide/0003-00001201
        throw ossError('AccessDenied', { message: 'Anonymous access is forbidden for this operation.', ec: '0003-00001201' });
      }
      if (!anonymousAllowed(meta, access, address.bucket, address.key)) {
        throw ossError('AccessDenied', { message: 'You have no right to access this object because of bucket acl.', ec: '0003-00000001' });
      }
    }
    next();
  };
}
