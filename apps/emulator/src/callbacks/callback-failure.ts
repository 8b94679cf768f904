/**
 * The one table of callback failure messages and EC values (docs/callback-protocol.md §3.3), and the
 * request-side "private address" error (§1.3). Every string the uploader can see in a
 * `CallbackFailed` 203 comes from here, so a better-sourced wording is a one-line change.
 */
import { OssProtocolError } from '@ossbox/protocol';

/** Why one callback attempt failed. */
export type CallbackFailureReason =
  | 'status'
  | 'connect'
  | 'timeout'
  | 'not-json'
  | 'content-length-missing'
  | 'content-length-invalid'
  | 'too-large'
  | 'refused-private';

/** What the uploader sees for a failed attempt: the 203 `CallbackFailed` message and its EC. */
export interface CallbackFailure {
  reason: CallbackFailureReason;
  message: string;
  ec: string;
}

/** EC of a callback that was answered with a status other than 200 (Go v2 SDK mock, §3.3). */
const EC_STATUS = '0007-00000203';

/**
 * The §3.3 table. Where the doc editions differ we take the current 203 page's spelling.
 * - connect: 0007-00000203 comes from one third-party incident report [unverified].
 * - content-length rows: no EC is documented [unverified]; their messages are written as a status
 *   failure ("Error Status : 400."), the case that carries 0007-00000203, so we use that EC.
 * - refused-private: only reachable when strict mode is on and a hostname that passed the
 *   pre-store check resolves to a private address at delivery time; we reuse the request-side
 *   message and EC 0007-00000008 (§1.3) so the cause is obvious [unverified].
 */
const FAILURES: Record<Exclude<CallbackFailureReason, 'status'>, { message: string; ec: string }> = {
  connect: {
    message: 'Error status : -1.OSS can not connect to your callbackUrl, please check it',
    ec: EC_STATUS,
  },
  timeout: { message: 'Cost too long time', ec: '0007-00000202' },
  'not-json': { message: 'Response body is not valid json format.', ec: '0007-00000205' },
  'content-length-missing': { message: 'Error Status : 400.User server missing content-length', ec: EC_STATUS },
  'content-length-invalid': {
    message: 'Error Status : 400.User server return invalid content-length value',
    ec: EC_STATUS,
  },
  'too-large': { message: 'Error Status : 400.User server return too long content-length value', ec: EC_STATUS },
  'refused-private': { message: 'Private address is forbidden to callback', ec: '0007-00000008' },
};

/**
 * The 203 message and EC for a failed attempt.
 *
 * @param status the HTTP status the receiver answered with; required for `'status'`.
 * @example
 * callbackFailure('status', 500); // { reason: 'status', message: 'Error status : 500.', ec: '0007-00000203' }
 */
export function callbackFailure(reason: CallbackFailureReason, status?: number): CallbackFailure {
  if (reason === 'status') {
    return { reason, message: `Error status : ${status ?? -1}.`, ec: EC_STATUS };
  }
  return { reason, ...FAILURES[reason] };
}

/**
 * The 400 OSS returns when a callback URL points at a private, loopback or IPv6 address
 * (EC 0007-00000008, §1.3). The code `InvalidArgument` follows the rule that 0007-000000xx ECs
 * are parameter errors (§3.3); the message is community-reported.
 */
export function privateAddressError(url: string): OssProtocolError {
  return new OssProtocolError('InvalidArgument', {
    message: FAILURES['refused-private'].message,
    ec: FAILURES['refused-private'].ec,
    details: { ArgumentName: 'callbackUrl', ArgumentValue: url },
  });
}
