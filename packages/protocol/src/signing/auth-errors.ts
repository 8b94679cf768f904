/**
 * The authentication errors of the verifiers (requests and PostObject forms), in one place so
 * the choices for undocumented cases stay consistent. Statuses are always passed explicitly.
 */
import { OssProtocolError } from '../errors.js';
import { formatXmlDate } from '../xml/document.js';

/** Wording of SignatureDoesNotMatch (Go v2 mock, docs/rest-api.md §5.6). */
const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.';

/** 403 InvalidAccessKeyId (§5.6 wording). */
export function invalidAccessKeyId(accessKeyId: string): OssProtocolError {
  return new OssProtocolError('InvalidAccessKeyId', {
    status: 403,
    message: 'The OSS Access Key Id you provided does not exist in our records.',
    details: { OSSAccessKeyId: accessKeyId },
  });
}

/**
 * The bytes of a string to sign as OSS lists them in `<StringToSignBytes>`: each UTF-8 byte as two
 * upper-case hex digits followed by a space (`47 45 54 0A … 70 `, as in the error body OSS sent
 * quoted in github.com/vastsa/FileCodeBox/issues/137).
 */
export function stringToSignBytes(stringToSign: string): string {
  let out = '';
  for (const byte of Buffer.from(stringToSign, 'utf8')) out += `${byte.toString(16).toUpperCase().padStart(2, '0')} `;
  return out;
}

/**
 * 403 SignatureDoesNotMatch, EC 0002-00000040 (§5.6). Details as OSS sends them, in its order:
 * `OSSAccessKeyId`, `SignatureProvided`, `StringToSign`, `StringToSignBytes` (error bodies OSS
 * sent, quoted in github.com/Molunerfinn/PicGo/issues/877, github.com/AlibabaCloudDocs/oss/pull/35
 * and github.com/aliyun/aliyun-oss-android-sdk/issues/38); for V4 the emulator adds its
 * `CanonicalRequest` after them, so users can diff it against their client's [unverified: no V4
 * error body from OSS was found].
 */
export function signatureDoesNotMatch(details: {
  stringToSign: string;
  signatureProvided: string;
  accessKeyId: string;
  canonicalRequest?: string;
}): OssProtocolError {
  const out: Record<string, string> = {
    OSSAccessKeyId: details.accessKeyId,
    SignatureProvided: details.signatureProvided,
    StringToSign: details.stringToSign,
    StringToSignBytes: stringToSignBytes(details.stringToSign),
  };
  if (details.canonicalRequest !== undefined) out.CanonicalRequest = details.canonicalRequest;
  return new OssProtocolError('SignatureDoesNotMatch', {
    status: 403,
    message: SIGNATURE_MISMATCH_MESSAGE,
    ec: '0002-00000040',
    details: out,
  });
}

/**
 * 400 InvalidArgument for a malformed `Authorization` header: code, message and EC as seen in
 * real OSS responses ("Authorization header is invalid.", EC 0002-00000063, captured in GitHub
 * issues orzogc/fake115uploader#61 and aliyun/alibabacloud-jindodata#127). `reason` is appended
 * to help users; OSS itself echoes the header in an `<Authorization>` element. V2 headers have
 * their own ECs per fault (https://www.alibabacloud.com/help/en/oss/user-guide/0002-00000103 to
 * 0002-00000112), passed as `ec`.
 */
export function invalidAuthorizationHeader(header: string, reason?: string, ec = '0002-00000063'): OssProtocolError {
  return new OssProtocolError('InvalidArgument', {
    status: 400,
    message: reason ? `Authorization header is invalid. ${reason}` : 'Authorization header is invalid.',
    ec,
    details: { Authorization: header },
  });
}

/**
 * 400 InvalidArgument for a V4 credential scope naming another region, product or day (`got`,
 * sent as ArgumentValue), in OSS's words and nothing more: "Invalid signing product in
 * Authorization header." was observed (EC 0002-00000227, aliyun/alibabacloud-oss-python-sdk-v2#74),
 * and the official SDKs that correct their clock on "Invalid signing date in Authorization
 * header." compare the whole message (C++ SDK v2, Kotlin and Swift SDK v2, Android SDK). The
 * region variant's wording, the `x-oss-credential` ones and the EC of the region/date variants
 * are [unverified], so no EC is sent for them.
 */
export function invalidSigningScope(part: 'region' | 'product' | 'date', where: string, got: string): OssProtocolError {
  return new OssProtocolError('InvalidArgument', {
    status: 400,
    message: `Invalid signing ${part} in ${where}.`,
    ...(part === 'product' ? { ec: '0002-00000227' } : {}),
    details: { ArgumentName: part, ArgumentValue: got },
  });
}

/** 400 InvalidArgument naming a bad or missing authentication parameter (query or form). */
export function invalidAuthArgument(name: string, value: string, message: string, ec?: string): OssProtocolError {
  return new OssProtocolError('InvalidArgument', {
    status: 400,
    message,
    ...(ec ? { ec } : {}),
    details: { ArgumentName: name, ArgumentValue: value },
  });
}

/**
 * 403 AccessDenied for a missing authentication element of a presigned URL (missing `Expires`,
 * …). The ECs are documented (docs/rest-api.md §5.4); whether OSS sends AccessDenied or
 * InvalidArgument with them is [unverified]: AccessDenied matches the old documented
 * "Query-string authentication requires …" message. A PostObject form missing a signing field is
 * InvalidArgument, as the PostObject reference's error table says (../post-signature.ts).
 */
export function missingAuthElement(message: string, ec?: string): OssProtocolError {
  return new OssProtocolError('AccessDenied', { status: 403, message, ...(ec ? { ec } : {}) });
}

/**
 * 403 AccessDenied "Request has expired." with EC 0002-00000069 (§5.4), then `Expires` and
 * `ServerTime` (in whole seconds, as OSS writes every time in a body: `formatXmlDate`), as in the
 * body OSS sent quoted in johnlui/AliyunOSS#20.
 */
export function requestExpired(expiredAt: Date, now: Date): OssProtocolError {
  return new OssProtocolError('AccessDenied', {
    status: 403,
    message: 'Request has expired.',
    ec: '0002-00000069',
    details: { Expires: formatXmlDate(expiredAt), ServerTime: formatXmlDate(now) },
  });
}

/**
 * 403 RequestTimeTooSkewed (§5.3: more than 15 min of skew), with `MaxAllowedSkewMilliseconds`,
 * `RequestTime` and `ServerTime` in that order, as in the bodies OSS sent quoted in
 * aliyun/aliyun-oss-android-sdk#167 and huhx/flutter_oss_aliyun#63; clients correct their clock
 * from `ServerTime` (ali-oss's browser client, the Android SDK) or the `Date` header (Go v2).
 * `ec` is the EC of the cause when documented (header-signed requests: {@link HEADER_SKEW_EC}).
 */
export function requestTimeTooSkewed(requestTime: Date, now: Date, maxSkewMs: number, ec?: string): OssProtocolError {
  return new OssProtocolError('RequestTimeTooSkewed', {
    status: 403,
    message: 'The difference between the request time and the current time is too large.',
    ...(ec ? { ec } : {}),
    details: {
      MaxAllowedSkewMilliseconds: String(maxSkewMs),
      RequestTime: formatXmlDate(requestTime),
      ServerTime: formatXmlDate(now),
    },
  });
}

/**
 * EC of a request signed in its `Authorization` header whose date (`Date`, `x-oss-date`) is too far
 * from the server's clock: https://help.aliyun.com/en/oss/user-guide/0002-00000504. Presigned
 * URLs and forms signed in the future have no documented EC.
 */
export const HEADER_SKEW_EC = '0002-00000504';

/** 403 AccessDenied when a header-signed request has no usable date (S3 wording [unverified]). */
export function missingRequestDate(header: string): OssProtocolError {
  return new OssProtocolError('AccessDenied', {
    status: 403,
    message: `OSS authentication requires a valid ${header} header.`,
  });
}
