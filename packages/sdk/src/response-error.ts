/**
 * Turning a failed OSS response into the right {@link OssError} subclass (docs/rest-api.md §5.6).
 */
import { decodeErrHeader, parseErrorXml } from '@ossbox/protocol';
import type { ErrorDocument } from '@ossbox/protocol';
import {
  CallbackError,
  NoSuchBucketError,
  NoSuchKeyError,
  NoSuchUploadError,
  OssError,
} from './errors.js';
import type { OssErrorOptions } from './errors.js';
import { bareEtag } from './etag.js';

/** What the error factory needs to know about a failed response. */
export interface FailedResponse {
  method: string;
  status: number;
  headers: Record<string, string>;
  /** The body text ('' for HEAD or an empty body). */
  body: string;
  bucket?: string;
  key?: string;
}

function tryParse(xml: string): ErrorDocument | undefined {
  if (!xml.trim().startsWith('<')) return undefined;
  try {
    return parseErrorXml(xml);
  } catch {
    return undefined;
  }
}

/**
 * HEAD responses have no body; OSS puts Base64 of the error XML in `x-oss-err` instead
 * (docs/rest-api.md §5.6).
 */
function errHeaderDocument(value: string | undefined): ErrorDocument | undefined {
  const xml = value === undefined ? undefined : decodeErrHeader(value);
  return xml === undefined ? undefined : tryParse(xml);
}

/** Defaults for responses that carry no error document (ali-oss does the same for HEAD, §5.6). */
function fallbackCode(status: number, key: string | undefined): { code: string; message: string } {
  if (status === 404) {
    return key === undefined
      ? { code: 'NoSuchBucket', message: 'The specified bucket does not exist.' }
      : { code: 'NoSuchKey', message: 'The specified key does not exist.' };
  }
  if (status === 412) return { code: 'PreconditionFailed', message: 'At least one of the preconditions you specified did not hold.' };
  if (status === 304) return { code: 'NotModified', message: 'Not modified.' };
  return { code: 'UnknownError', message: `OSS answered HTTP ${status} without an error document.` };
}

/** Build the error for a failed (non-2xx, or 203) response. */
export function errorFromResponse(res: FailedResponse): OssError {
  const doc = tryParse(res.body) ?? errHeaderDocument(res.headers['x-oss-err']);
  const requestId = doc?.requestId || res.headers['x-oss-request-id'];
  const base: OssErrorOptions = {
    status: res.status,
    requestId,
    hostId: doc?.hostId,
    ec: doc?.ec ?? res.headers['x-oss-ec'],
    stringToSign: doc?.details?.StringToSign,
    headers: res.headers,
    details: doc?.details ?? {},
  };
  const etag = bareEtag(res.headers['etag']);
  // OSS keeps the upload's headers on a 203; without an ETag the stored object is unknown, so the
  // answer falls through to a plain OssError (code CallbackFailed) rather than claim one.
  if (res.status === 203 && res.bucket !== undefined && res.key !== undefined && etag !== undefined) {
    return new CallbackError({
      ...base,
      bucket: res.bucket,
      key: res.key,
      etag,
      crc64: res.headers['x-oss-hash-crc64ecma'],
      versionId: res.headers['x-oss-version-id'],
      serverMessage: doc?.message ?? (res.body || 'Callback failed.'),
    });
  }
  const { code, message } = doc ?? fallbackCode(res.status, res.key);
  const text = `${code}: ${message}${requestId ? ` (RequestId: ${requestId})` : ''}`;
  switch (code) {
    case 'NoSuchKey':
      return new NoSuchKeyError(code, text, base);
    case 'NoSuchBucket':
      return new NoSuchBucketError(code, text, base);
    case 'NoSuchUpload':
      return new NoSuchUploadError(code, text, base);
    default:
      return new OssError(code, text, base);
  }
}
