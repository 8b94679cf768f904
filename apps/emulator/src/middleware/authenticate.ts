/**
 * Authentication, then the access check. Every request goes through `verifyRequest` (V1/V4 header,
 * V1/V4 presigned, docs/rest-api.md §5.3-§5.5); a request with no signature at all is anonymous.
 * A signed request acts as the account (a configured key) or as an STS session (a temporary key
 * and its token, sts/principal.ts). What each may do — ACLs for anonymous callers, RAM policies
 * for sessions, the bucket policy for everyone — is access/check-access.ts. PostObject is the
 * exception: its form carries the signature, checked by the handler (handlers/post-object.ts).
 */
import type { RequestHandler } from 'express';
import { ossError, verifyRequest } from '@ossbox/protocol';
import type { SignableRequest } from '@ossbox/protocol';
import type { EmulatorConfig } from '../config.js';
import { stateOf } from '../context.js';
import { checkAccess } from '../access/check-access.js';
import { AUTHORIZED_BY_HANDLER } from '../sts/index.js';
import { validateBucketName } from './resolve-address.js';
import type { PrincipalResolver } from '../sts/index.js';
import type { MetadataStore } from '../store/metadata-store.js';

/**
 * Operations that may name a bucket that does not exist yet. Every other request to a missing
 * bucket is NoSuchBucket before its signature is looked at: OSS answers an unknown AccessKeyId so
 * for a missing bucket and InvalidAccessKeyId for an existing one (the official Go SDK v2's
 * integration test TestClientExtension, run against OSS: IsObjectExist and IsBucketExist with the
 * key pair "ak"/"sk"), and InvalidAccessKeyId for PutBucket and PutBucketAcl of a missing bucket
 * (the official Python SDK v2's tests/integration/test_client.py: test_get_bucket_acl_fail and
 * test_get_bucket_info_fail get 404 NoSuchBucket, test_put_bucket_fail and
 * test_put_bucket_acl_fail 403 InvalidAccessKeyId).
 */
const CREATES_BUCKET: ReadonlySet<string> = new Set(['PutBucket', 'PutBucketAcl']);

/**
 * Middleware: verify the signature and the STS token, then check access (bucket policy, RAM
 * policies of STS sessions, ACLs for anonymous requests).
 */
export function authenticateMiddleware(config: EmulatorConfig, meta: MetadataStore, principals: PrincipalResolver): RequestHandler {
  return (req, res, next) => {
    const state = stateOf(res);
    const { name: operation, access } = state.operation!;
    // PostObject: "any header or URL signature is ignored; only the form authenticates" (§5.11).
    if (access === 'form') {
      next();
      return;
    }
    const address = state.address!;
    if (address.bucket !== undefined) {
      if (CREATES_BUCKET.has(operation)) validateBucketName(address.bucket);
      else if (meta.getBucket(address.bucket) === undefined) throw ossError('NoSuchBucket', { details: { BucketName: address.bucket } });
    }
    const signable: SignableRequest = { method: req.method, headers: req.headers, query: address.query };
    if (address.bucket !== undefined) signable.bucket = address.bucket;
    if (address.key !== undefined) signable.key = address.key;
    if (address.bareBucketPath === true) signable.bareBucketPath = true;
    const now = new Date();
    const auth = verifyRequest(signable, { lookupSecret: principals.lookupSecret, region: config.region, now });
    state.auth = auth;
    const principal = principals.principalOf(auth, now);
    state.principal = principal;
    if (!AUTHORIZED_BY_HANDLER.has(operation)) {
      checkAccess({ config, storage: { meta }, req, state }, { operation, bucket: address.bucket, key: address.key, access });
    }
    next();
  };
}
