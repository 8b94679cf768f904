/**
 * OSS error codes, their HTTP status and default message (docs/rest-api.md §5.6), the error
 * object thrown by protocol validators, and the OSS error XML (render + parse, `x-oss-err`).
 */
import { readXmlDocument, writeXmlDocument } from './xml/document.js';
import type { XmlTree } from './xml/document.js';

/** One row of the OSS error table. */
export interface OssErrorSpec {
  status: number;
  message: string;
  /** EC sent by default, when the code is documented with a single EC. */
  ec?: string;
}

/*
 * Messages: exact where docs/rest-api.md §5.6 (or the section cited) quotes one; otherwise the S3
 * wording for the same code, marked "S3 wording [unverified]", since OSS copies most of S3's texts.
 *
 * ECs: the default EC is the one OSS documents for the code's commonest cause, each on its own EC
 * page https://help.aliyun.com/zh/oss/user-guide/<EC> (or …/oss/support/<EC>); callers pass the
 * EC of a more specific cause. A code with no `ec` has no EC page that names it: the emulator sends
 * none rather than invent one (docs/fidelity.md lists them).
 */
const ERROR_TABLE = {
  // Context-dependent; the Go v2 mock sends the bare code (§5.6).
  // EC: the 403 example of https://www.alibabacloud.com/help/en/oss/user-guide/overview-14 (error responses).
  AccessDenied: { status: 403, message: 'AccessDenied', ec: '0003-00000001' },
  // A refused CORS request (preflight or actual). The message is OSS's own text, typos included, as
  // seen in OSS answers to refused preflights; the rule evaluation is described at
  // https://www.alibabacloud.com/help/en/oss/developer-reference/options
  AccessForbidden: {
    status: 403,
    message:
      "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Requet-Headers are not whitelisted by the resource's CORS spec.",
  },
  // A request the front end cannot parse (oversized or malformed header section); the code is on
  // https://www.alibabacloud.com/help/en/oss/support/http-400-status-code, the wording is that
  // of OSS's Tengine front end [unverified].
  BadRequest: { status: 400, message: 'Bad Request' },
  BucketAlreadyExists: {
    status: 409,
    message:
      'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
    // EC page 0015-00000102: the bucket belongs to another user.
    ec: '0015-00000102',
  },
  // EC and message as OSS answers a DeleteBucket of a non-empty bucket, in the official Go SDK v2's
  // mock of that answer (aliyun/alibabacloud-oss-go-sdk-v2 oss/client_mock_test.go, DeleteBucket 409).
  BucketNotEmpty: { status: 409, message: 'The bucket has objects. Please delete them first.', ec: '0015-00000301' },
  // 203 (§3.3). Every real failure passes its own message; the default is the documented
  // "cannot connect" text (203 page), the failure a receiver is most likely to hit.
  CallbackFailed: {
    status: 203,
    message: 'Error status : -1.OSS can not connect to your callbackUrl, please check it',
    ec: '0007-00000203',
  },
  // OSS's HTTP 400 page (https://www.alibabacloud.com/help/en/oss/support/http-400-status-code).
  EntityTooLarge: { status: 400, message: 'Your proposed upload exceeds the maximum allowed size.' },
  // OSS's wording (sic, no "is"), as the official Java SDK's suite, run against OSS, asserts it
  // (TestConstants.ENTITY_TOO_SMALL_ERR, MultipartUploadTest); EC from §5.10 (non-last part
  // < 100 KB at Complete).
  EntityTooSmall: {
    status: 400,
    message: 'Your proposed upload smaller than the minimum allowed size.',
    ec: '0042-00000213',
  },
  // OSS error responses page (https://help.aliyun.com/document_detail/32005.htm, 错误码汇总):
  // "Post请求中表单域过大", a PostObject form field too large. OSS's HTTP 400 page gives "Your name
  // of form field is too long." (used for a name over 8 KB); this wording, for a value, is ours
  // [unverified].
  FieldItemTooLong: {
    status: 400,
    message: 'Your POST request has a form field that is too long.',
  },
  // §5.7, S3-like wording [unverified].
  // EC page 0026-00000002 (PutObject/CopyObject); CompleteMultipartUpload passes 0042-00000214.
  FileAlreadyExists: {
    status: 409,
    message: 'The object you specified already exists and can not be overwritten.',
    ec: '0026-00000002',
  },
  // An image over the image service's limits: code from the IMG error table
  // (https://www.alibabacloud.com/help/en/oss/user-guide/common-errors), status 400 as its
  // InvalidArgument row; wording [unverified].
  ImageTooLarge: { status: 400, message: 'The image is too large.' },
  // S3 wording [unverified]. EC page https://help.aliyun.com/zh/oss/support/0017-00000505: the body
  // is not as long as its Content-Length (the page names no Code; this is the code of that cause).
  IncompleteBody: {
    status: 400,
    message: 'You did not provide the number of bytes specified by the Content-Length HTTP header.',
    ec: '0017-00000505',
  },
  // OSS error responses page (https://help.aliyun.com/document_detail/32005.htm): "Post请求中文件个数
  // 非法", a PostObject form may have one file field only; S3's wording [unverified].
  IncorrectNumberOfFilesInPOSTRequest: { status: 400, message: 'POST requires exactly one file upload per request.' },
  // S3 wording [unverified].
  InternalError: { status: 500, message: 'We encountered an internal error. Please try again.' },
  // EC page 0002-00000902: the AccessKeyId is missing or unrecognised.
  InvalidAccessKeyId: {
    status: 403,
    message: 'The OSS Access Key Id you provided does not exist in our records.',
    ec: '0002-00000902',
  },
  // An STS token that is malformed, tampered with, or issued for another AccessKeyId: EC page
  // https://help.aliyun.com/en/oss/user-guide/0002-00000008; the message is the one listed at
  // https://help.aliyun.com/document_detail/42775.html (errors when accessing OSS with STS).
  InvalidSecurityToken: { status: 403, message: 'The security token you provided is invalid.', ec: '0002-00000008' },
  // Operation-specific messages (§1.7, §5.10); S3 wording as the fallback [unverified].
  InvalidArgument: { status: 400, message: 'Invalid Argument' },
  // S3 wording [unverified].
  InvalidBucketName: { status: 400, message: 'The specified bucket is not valid.', ec: '0015-00000001' },
  // S3 wording [unverified]; EC differs between mismatch (0017-00000503) and malformed (…502), §5.12.
  InvalidDigest: { status: 400, message: 'The Content-MD5 you specified was invalid.' },
  // Code for a bad x-oss-server-side-encryption value (OSS error-code list); EC page 0005-00000003
  // (encryption type not supported: AES256, KMS and SM4 only). The message starts as the official
  // Java SDK's suite expects it of OSS (TestConstants.INVALID_ENCRYPTION_ALGO_ERR, capital E);
  // the list of values after "AES25" is [unverified].
  InvalidEncryptionAlgorithmError: {
    status: 400,
    message: 'The Encryption request you specified is not valid. Supported value: AES256/KMS/SM4.',
    ec: '0005-00000003',
  },
  // 403 and message as the OSS FAQ quotes them for an Archive object read before its restore
  // (https://www.alibabacloud.com/help/en/oss/the-the-operation-is-not-valid-for-the-object-s-state-error-message-is-returned-when-you-access-a-restored-archive-object);
  // EC page 0016-00000404.
  InvalidObjectState: { status: 403, message: "The operation is not valid for the object's state", ec: '0016-00000404' },
  // S3-like wording [unverified].
  // EC page 0016-00000002 (too long or not UTF-8); empty and leading-slash names pass 0016-00000001 / …05.
  InvalidObjectName: { status: 400, message: 'The specified object is not valid.', ec: '0016-00000002' },
  // With a final period, as OSS answers it (an error body OSS sent, quoted in
  // github.com/xtTech/app-version/issues/15, with <ETag>, <PartNumber>, <UploadId>) and as the
  // official Java SDK's suite asserts (TestConstants.INVALID_PART_ERR); the InvalidPart FAQ
  // quotes it without the period.
  InvalidPart: {
    status: 400,
    message:
      "One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag.",
  },
  // OSS's wording (sic), from the official Java SDK's suite constants (TestConstants.INVALID_PART_ORDER_ERR);
  // EC from §5.10.
  InvalidPartOrder: {
    status: 400,
    message: 'The list of parts was not in ascending order. Parts list must specified in order by part number.',
    ec: '0042-00000209',
  },
  // S3 wording for the POST policy family [unverified].
  InvalidPolicyDocument: {
    status: 400,
    message: 'The content of the form does not meet the conditions specified in the policy document.',
  },
  InvalidRange: { status: 416, message: 'The requested range cannot be satisfied' },
  // S3 wording [unverified].
  InvalidRequest: { status: 400, message: 'Invalid Request' },
  // Symlink target of the wrong type [unverified wording].
  // S3's code for a bad tag [unverified]; EC page 0010-00000217 (characters, lengths); a header that
  // is not key=value pairs passes 0010-00000219, more than 10 tags 0010-00000218.
  InvalidTag: { status: 400, message: 'The tag provided was not a valid tag.', ec: '0010-00000217' },
  // PutBucketLogging naming a target bucket that does not exist; S3's code and wording [unverified].
  // EC page https://help.aliyun.com/en/oss/user-guide/0032-00000008 (TargetBucket does not exist).
  InvalidTargetBucketForLogging: {
    status: 400,
    message: 'The target bucket for logging does not exist.',
    ec: '0032-00000008',
  },
  InvalidTargetType: { status: 400, message: 'The symlink target object type is not valid.' },
  // Undecodable request path (bad percent-encoding); S3 wording [unverified].
  InvalidURI: { status: 400, message: "Couldn't parse the specified URI." },
  // S3 wording [unverified].
  KeyTooLong: { status: 400, message: 'Your key is too long.' },
  // §5.11 (period as in S3; the reference quote ends without one).
  MalformedPOSTRequest: {
    status: 400,
    message: 'The body of your POST request is not well-formed multipart/form-data.',
  },
  // OSS error responses page: "Post请求上传文件内容之外的body过大", the form's body besides the file
  // too large; the wording is the HTTP 400 page's.
  MaxPOSTPreDataLengthExceededError: {
    status: 400,
    message: 'Your POST request fields preceding the upload file were too large.',
  },
  MalformedXML: {
    status: 400,
    message: 'The XML you provided was not well-formed or did not validate against our published schema.',
    // The MalformedXML example of https://help.aliyun.com/document_detail/32005.htm (error responses).
    ec: '0031-00000001',
  },
  // S3 wording [unverified].
  MethodNotAllowed: { status: 405, message: 'The specified method is not allowed against this resource.' },
  // S3-like wording [unverified].
  MissingArgument: { status: 400, message: 'Missing Argument' },
  // S3 wording [unverified]; status and code from https://help.aliyun.com/en/oss/user-guide/http-status-code-411.
  // EC page https://help.aliyun.com/zh/oss/support/0017-00000101 (the request has no Content-Length).
  MissingContentLength: {
    status: 411,
    message: 'You must provide the Content-Length HTTP header.',
    ec: '0017-00000101',
  },
  NoSuchBucket: { status: 404, message: 'The specified bucket does not exist.', ec: '0015-00000101' },
  // GetBucketCors on a bucket without rules: https://www.alibabacloud.com/help/en/oss/user-guide/0034-00000001
  NoSuchCORSConfiguration: { status: 404, message: 'The CORS Configuration does not exist.', ec: '0034-00000001' },
  // GetBucketInventory of an unknown id; S3-style wording [unverified].
  NoSuchInventory: { status: 404, message: 'The specified inventory configuration does not exist.' },
  // EC as OSS sends it for a missing object (e.g. every anonymous GET of a missing key).
  NoSuchKey: { status: 404, message: 'The specified key does not exist.', ec: '0026-00000001' },
  // GetBucketLifecycle without rules: code and message of the reference's example, as quoted at
  // https://developer.aliyun.com/ask/210777 (no EC page names it).
  NoSuchLifecycle: { status: 404, message: 'No Row found in Lifecycle Table.' },
  // GetBucketPolicy without a policy: https://www.alibabacloud.com/help/en/oss/user-guide/0030-00000006
  NoSuchBucketPolicy: { status: 404, message: 'The bucket policy does not exist.', ec: '0030-00000006' },
  // GetBucketEncryption without a rule: https://help.aliyun.com/en/oss/user-guide/0005-00000004
  NoSuchServerSideEncryptionRule: {
    status: 404,
    message: 'The server side encryption configuration was not found.',
    ec: '0005-00000004',
  },
  // GetBucketTransferAcceleration never configured [unverified wording].
  NoSuchTransferAccelerationConfiguration: {
    status: 404,
    message: 'The bucket you specified does not have transfer acceleration configuration.',
  },
  // S3 wording [unverified].
  NoSuchUpload: {
    status: 404,
    message:
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    // EC page 0042-00000002.
    ec: '0042-00000002',
  },
  // GetBucketWebsite without a configuration; S3's wording [unverified].
  NoSuchWebsiteConfiguration: { status: 404, message: 'The specified bucket does not have a website configuration.' },
  // GetStyle / DeleteStyle of a style the bucket does not have; code from the IMG error table
  // (https://www.alibabacloud.com/help/en/oss/user-guide/common-errors), wording [unverified].
  NoSuchStyle: { status: 404, message: 'The specified style does not exist.' },
  // S3 wording [unverified].
  NotImplemented: { status: 501, message: 'A header you provided implies functionality that is not implemented.' },
  // GetSymlink of an object that is not a link: EC page 0043-00000101; code and wording [unverified].
  NotSymlink: { status: 400, message: 'The specified object is not a symlink.', ec: '0043-00000101' },
  // [unverified wording].
  // EC page 0026-00000017.
  ObjectNotAppendable: { status: 409, message: 'The object is not appendable', ec: '0026-00000017' },
  // RestoreObject of a Standard or IA object: EC page 0016-00000702; code and wording as the
  // official Python SDK's OperationNotSupported exception [wording unverified].
  OperationNotSupported: {
    status: 400,
    message: 'The operation is not supported for this resource.',
    ec: '0016-00000702',
  },
  // EC page 0026-00000016.
  PositionNotEqualToLength: { status: 409, message: 'Position is not equal to file length', ec: '0026-00000016' },
  // OSS's wording, full stop included: the official ali-oss suite, run against OSS, expects
  // 'At least one of the pre-conditions you specified did not hold. (condition: If-Match)' (the
  // client appends the `<Condition>`).
  PreconditionFailed: { status: 412, message: 'At least one of the pre-conditions you specified did not hold.' },
  // 413 is the HTTP meaning of the name; OSS documents neither status nor wording [unverified].
  RequestEntityTooLarge: { status: 413, message: 'Your request is too large.' },
  // A second RestoreObject while the first runs: EC page 0016-00000701; wording [unverified].
  RestoreAlreadyInProgress: { status: 409, message: 'The restore operation is in progress.', ec: '0016-00000701' },
  // OSS error responses page: "Post请求content-type非法", a PostObject whose body is not
  // multipart/form-data; the wording is the HTTP 400 page's.
  RequestIsNotMultiPartContent: {
    status: 400,
    message: 'Bucket POST must be of the enclosure-type multipart/form-data.',
  },
  // OSS's wording in the bodies quoted in aliyun/aliyun-oss-android-sdk#167 and
  // huhx/flutter_oss_aliyun#63 (signing/auth-errors.ts adds the times).
  RequestTimeTooSkewed: {
    status: 403,
    message: 'The difference between the request time and the current time is too large.',
  },
  // S3 wording [unverified].
  RequestTimeout: {
    status: 400,
    message: 'Your socket connection to the server was not read from or written to within the timeout period.',
  },
  // Expired STS credentials: EC page https://help.aliyun.com/en/oss/user-guide/0002-00000007;
  // message in the S3 style of InvalidSecurityToken's [unverified].
  SecurityTokenExpired: { status: 403, message: 'The security token you provided has expired.', ec: '0002-00000007' },
  SignatureDoesNotMatch: {
    status: 403,
    message:
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    ec: '0002-00000040',
  },
  // GET / HEAD through a symlink whose target does not exist: EC page 0026-00000012; the code is
  // the official Java SDK's OSSErrorCode.NO_SUCH_SYM_LINK_TARGET, which its SymlinkTest, run
  // against OSS, expects (the C++ SDK maps it too); wording [unverified].
  SymlinkTargetNotExist: { status: 404, message: 'The symlink target object does not exist', ec: '0026-00000012' },
  // S3 wording [unverified].
  TooManyBuckets: { status: 400, message: 'You have attempted to create more buckets than allowed.' },
} as const satisfies Record<string, OssErrorSpec>;

/** Every OSS error code ossbox emits or understands, with its HTTP status and default message. */
export const OSS_ERRORS: Readonly<Record<string, OssErrorSpec>> = ERROR_TABLE;

/** A known OSS error code (any string is accepted, to let unknown server codes through). */
export type OssErrorCode = keyof typeof ERROR_TABLE | (string & {});

/** Status used for codes missing from {@link OSS_ERRORS}. */
const UNKNOWN_CODE_STATUS = 400;

/** Options when creating a protocol error. */
export interface OssProtocolErrorOptions {
  /** Defaults to the table message, or the code for unknown codes. */
  message?: string;
  /**
   * EC value, e.g. `0007-00000102`. Defaults to the table EC when the code has a single one; pass
   * `ec: undefined` explicitly to send none.
   */
  ec?: string;
  /** Extra child elements rendered into the error XML, e.g. `{ ArgumentName: 'callback' }`. */
  details?: Record<string, string>;
  /** Overrides the table status (rarely needed). */
  status?: number;
  cause?: unknown;
}

/**
 * An OSS error as the server would return it. Thrown by protocol validators (callback params,
 * signatures, policies, XML parsing) and by emulator handlers; rendered by one middleware.
 * Status, message and EC default to the {@link OSS_ERRORS} row of the code.
 *
 * @example
 * ```ts
 * throw new OssProtocolError('InvalidArgument', {
 *   message: 'The callback configuration is not json format.',
 *   details: { ArgumentName: 'callback' },
 * });
 * ```
 */
export class OssProtocolError extends Error {
  override readonly name = 'OssProtocolError';
  /** The OSS `<Code>`, e.g. `SignatureDoesNotMatch`. */
  readonly code: string;
  /** HTTP status of the error response. */
  readonly status: number;
  /** The `<EC>` / `x-oss-ec` value, when OSS sends one for this failure. */
  readonly ec: string | undefined;
  /** Extra child elements of `<Error>` (ArgumentName, StringToSign, …). */
  readonly details: Record<string, string>;

  constructor(code: OssErrorCode, options: OssProtocolErrorOptions = {}) {
    const spec = OSS_ERRORS[code];
    super(options.message ?? spec?.message ?? code, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? spec?.status ?? UNKNOWN_CODE_STATUS;
    // An explicit `ec: undefined` opts out of the table EC (for failures whose EC is unknown).
    this.ec = 'ec' in options ? options.ec : spec?.ec;
    this.details = options.details ?? {};
  }

  /** The `<Error>` document for this error, given the request's id and host. */
  toDocument(requestId: string, hostId: string): ErrorDocument {
    const doc: ErrorDocument = { code: this.code, message: this.message, requestId, hostId, details: this.details };
    if (this.ec !== undefined) doc.ec = this.ec;
    return doc;
  }
}

/**
 * Shorthand for `new OssProtocolError(code, options)`.
 *
 * @example
 * ```ts
 * throw ossError('NoSuchKey', { details: { Key: key } });
 * ```
 */
export function ossError(code: OssErrorCode, options?: OssProtocolErrorOptions): OssProtocolError {
  return new OssProtocolError(code, options);
}

/** Fields of an OSS `<Error>` document. */
export interface ErrorDocument {
  code: string;
  message: string;
  requestId: string;
  hostId: string;
  ec?: string;
  /** Other child elements (Key, BucketName, ArgumentName, StringToSign, …). */
  details?: Record<string, string>;
}

/** Elements with a fixed place in the document; never taken from `details`. */
const FIXED_ELEMENTS = new Set(['Code', 'Message', 'RequestId', 'HostId', 'EC', 'RecommendDoc']);
/** Detail names that are valid, prefix-free XML element names. */
const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Render the OSS error XML: declaration, `Code`, `Message`, `RequestId`, `HostId`, the details in
 * order, then `EC` and `RecommendDoc` when an EC is set (docs/rest-api.md §5.6, §3.3). Details whose
 * name is not a plain XML element name, or that would duplicate a fixed element, are left out.
 *
 * @example
 * ```ts
 * res.status(err.status).type('application/xml').send(renderErrorXml(err.toDocument(requestId, host)));
 * ```
 */
export function renderErrorXml(doc: ErrorDocument): string {
  const tree: XmlTree = { Code: doc.code, Message: doc.message, RequestId: doc.requestId, HostId: doc.hostId };
  for (const [name, value] of Object.entries(doc.details ?? {})) {
    if (ELEMENT_NAME.test(name) && !FIXED_ELEMENTS.has(name)) tree[name] = value;
  }
  if (doc.ec !== undefined && doc.ec !== '') {
    tree.EC = doc.ec;
    tree.RecommendDoc = `https://api.aliyun.com/troubleshoot?q=${doc.ec}`;
  }
  return writeXmlDocument('Error', tree);
}

/**
 * Parse an OSS error XML body; returns undefined when the text is not an `<Error>` document with a
 * `Code` (including garbage, HTML error pages and empty bodies). Never throws.
 */
export function parseErrorXml(xml: string): ErrorDocument | undefined {
  let parsed: ReturnType<typeof readXmlDocument>;
  try {
    parsed = readXmlDocument(xml);
  } catch {
    return undefined;
  }
  const { rootName, root } = parsed;
  if (rootName !== 'Error' || typeof root !== 'object') return undefined;
  const text = (name: string): string | undefined => {
    const value = root[name];
    return typeof value === 'string' ? value : undefined;
  };
  const code = text('Code');
  if (code === undefined || code === '') return undefined;
  const doc: ErrorDocument = {
    code,
    message: text('Message') ?? '',
    requestId: text('RequestId') ?? '',
    hostId: text('HostId') ?? '',
  };
  const ec = text('EC');
  if (ec !== undefined) doc.ec = ec;
  const details: Record<string, string> = {};
  for (const name of Object.keys(root)) {
    const value = text(name);
    if (!FIXED_ELEMENTS.has(name) && value !== undefined) details[name] = value;
  }
  if (Object.keys(details).length > 0) doc.details = details;
  return doc;
}

/**
 * Value of the `x-oss-err` header sent on failed HEAD requests: Base64 of the error XML, since
 * HEAD responses carry no body (docs/rest-api.md §5.6).
 */
export function encodeErrHeader(xml: string): string {
  return Buffer.from(xml, 'utf8').toString('base64');
}

/**
 * Decode an `x-oss-err` header back to the error XML; undefined when the value is not Base64.
 * Feed the result to {@link parseErrorXml}.
 */
export function decodeErrHeader(value: string): string | undefined {
  const compact = value.trim();
  if (compact === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1) return undefined;
  return Buffer.from(compact, 'base64').toString('utf8');
}
