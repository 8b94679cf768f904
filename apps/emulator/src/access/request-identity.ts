/**
 * How a request looks to a policy: who it is (Principal ids) and the values its Conditions test.
 *
 * Principal ids (the emulator's mapping of OSS's UIDs, documented in the emulator README):
 * - a configured access key is the account that owns every bucket: id `ossbox` (the `Owner/ID`
 *   ListBuckets and GetBucketAcl report), and the bucket owner for the owner rules;
 * - an STS session is `arn:sts::<account>:assumed-role/<role name>/<session name>`, the form OSS
 *   bucket policies name role sessions in (account and role name from the configured role ARN);
 * - an anonymous request has no id: only `Principal: *` statements apply to it.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Request } from 'express';
import type { RequestState } from '../context.js';
import { OWNER } from '../handlers/handler.js';
import { headerValue } from '../http/object-headers.js';
import type { ConditionContext } from '../policy/index.js';
import type { Principal } from '../sts/index.js';

/** The requester as bucket policies' Principal element sees it. */
export interface PolicyIdentity {
  ids: readonly string[];
  bucketOwner: boolean;
}

/** The Principal ids of a request's principal. */
export function policyIdentityOf(principal: Principal): PolicyIdentity {
  switch (principal.kind) {
    case 'anonymous':
      return { ids: [], bucketOwner: false };
    case 'account':
      return { ids: [OWNER.id], bucketOwner: true };
    case 'sts':
      return {
        ids: [
          `arn:sts::${principal.role.account}:assumed-role/${principal.role.name}/${principal.sessionName}`,
        ],
        bucketOwner: false,
      };
  }
}

/**
 * The condition values of a request (keys as policy/conditions.ts lists them). `acs:SourceIp` is
 * the TCP peer (the emulator trusts no forwarding header); `acs:SecureTransport` is whether the
 * connection is TLS; `oss:Prefix` / `oss:Delimiter` are the listing's query parameters; the
 * `oss:x-oss-acl` / `oss:x-oss-object-acl` keys are those headers of the request, `ossHeaders`
 * (PostObject passes its form fields), absent when not sent: an upload without
 * `x-oss-object-acl` has no `oss:x-oss-object-acl` (not `default`).
 */
export function conditionContextOf(
  req: Request,
  state: RequestState,
  now: Date,
  ossHeaders: IncomingHttpHeaders = req.headers,
): ConditionContext {
  const auth = state.auth;
  const query = state.address?.query ?? {};
  return {
    'acs:sourceip': req.socket.remoteAddress,
    'acs:securetransport': (req.socket as Partial<TLSSocket>).encrypted === true ? 'true' : 'false',
    'acs:currenttime': now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'acs:useragent': headerValue(req.headers, 'user-agent'),
    'acs:referer': headerValue(req.headers, 'referer'),
    'acs:accessid': auth && auth.kind !== 'anonymous' ? auth.accessKeyId : undefined,
    'oss:prefix': query.prefix,
    'oss:delimiter': query.delimiter,
    'oss:x-oss-acl': headerValue(ossHeaders, 'x-oss-acl'),
    'oss:x-oss-object-acl': headerValue(ossHeaders, 'x-oss-object-acl'),
  };
}
