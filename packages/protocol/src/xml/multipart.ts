/**
 * Multipart upload bodies (docs/rest-api.md §5.10): Initiate, Complete (request and result),
 * ListParts, ListMultipartUploads.
 */
import { writeXmlDocument } from './document.js';
import {
  children,
  encodingType,
  integer,
  readRoot,
  requiredBoolean,
  requiredDate,
  requiredInteger,
  requiredText,
  text,
} from './read.js';
import type {
  CompleteMultipartUploadResult,
  CompletePart,
  InitiateMultipartUploadResult,
  ListMultipartUploadsResult,
  ListPartsResult,
} from './types.js';
import { commonPrefixesTree, readCommonPrefixes } from './listing.js';
import { decodedText, decodeXmlValue, encodeXmlValue } from './url-encoding.js';

/**
 * `<InitiateMultipartUploadResult>`: Bucket, Key, UploadId (`Key` URL-encoded with `encodingType`).
 *
 * @example
 * ```ts
 * buildInitiateMultipartUploadResult({ bucket: 'b', key: 'k', uploadId: newUploadId() });
 * ```
 */
export function buildInitiateMultipartUploadResult(r: InitiateMultipartUploadResult): string {
  return writeXmlDocument('InitiateMultipartUploadResult', {
    EncodingType: r.encodingType,
    Bucket: r.bucket,
    Key: encodeXmlValue(r.key, r.encodingType),
    UploadId: r.uploadId,
  });
}

/** Parse `<InitiateMultipartUploadResult>`; throws MalformedXML. */
export function parseInitiateMultipartUploadResult(xml: string): InitiateMultipartUploadResult {
  const root = readRoot(xml, 'InitiateMultipartUploadResult');
  const encoding = encodingType(root);
  const result: InitiateMultipartUploadResult = {
    bucket: requiredText(root, 'Bucket'),
    key: decodeXmlValue(requiredText(root, 'Key'), encoding),
    uploadId: requiredText(root, 'UploadId'),
  };
  if (encoding) result.encodingType = encoding;
  return result;
}

/** The `<CompleteMultipartUpload>` request body, parts in the given order. */
export function buildCompleteMultipartUpload(parts: CompletePart[]): string {
  return writeXmlDocument('CompleteMultipartUpload', {
    Part: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })),
  });
}

/**
 * Parse a `<CompleteMultipartUpload>` request body into its parts, in document order (ordering
 * and range checks are the caller's: they have their own error codes). ETags are returned as sent,
 * with or without quotes. No parts at all (`<CompleteMultipartUpload/>`) is valid: OSS completes
 * the upload as an empty object, which is how official clients upload a 0-byte file in parts
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/completemultipartupload).
 */
export function parseCompleteMultipartUpload(xml: string): CompletePart[] {
  const root = readRoot(xml, 'CompleteMultipartUpload');
  const parts = children(root, 'Part').map((part) => ({
    partNumber: requiredInteger(part, 'PartNumber'),
    etag: requiredText(part, 'ETag').trim(),
  }));
  return parts;
}

/** `<CompleteMultipartUploadResult>`: [EncodingType], Location, Bucket, Key, ETag. */
export function buildCompleteMultipartUploadResult(r: CompleteMultipartUploadResult): string {
  return writeXmlDocument('CompleteMultipartUploadResult', {
    EncodingType: r.encodingType,
    Location: r.location,
    Bucket: r.bucket,
    Key: encodeXmlValue(r.key, r.encodingType),
    ETag: r.etag,
  });
}

/** Parse `<CompleteMultipartUploadResult>`; throws MalformedXML. */
export function parseCompleteMultipartUploadResult(xml: string): CompleteMultipartUploadResult {
  const root = readRoot(xml, 'CompleteMultipartUploadResult');
  const encoding = encodingType(root);
  const result: CompleteMultipartUploadResult = {
    location: text(root, 'Location') ?? '',
    bucket: requiredText(root, 'Bucket'),
    key: decodeXmlValue(requiredText(root, 'Key'), encoding),
    etag: requiredText(root, 'ETag'),
  };
  if (encoding) result.encodingType = encoding;
  return result;
}

/** `<ListPartsResult>` with one `<Part>` per part (§5.10 element order). */
export function buildListPartsResult(r: ListPartsResult): string {
  return writeXmlDocument('ListPartsResult', {
    EncodingType: r.encodingType,
    Bucket: r.bucket,
    Key: encodeXmlValue(r.key, r.encodingType),
    UploadId: r.uploadId,
    PartNumberMarker: r.partNumberMarker,
    NextPartNumberMarker: r.nextPartNumberMarker ?? '',
    MaxParts: r.maxParts,
    IsTruncated: r.isTruncated,
    StorageClass: r.storageClass,
    Part: r.parts.map((p) => ({
      PartNumber: p.partNumber,
      LastModified: p.lastModified,
      ETag: p.etag,
      Size: p.size,
      HashCrc64ecma: p.hashCrc64ecma,
    })),
  });
}

/** Parse `<ListPartsResult>`; throws MalformedXML. */
export function parseListPartsResult(xml: string): ListPartsResult {
  const root = readRoot(xml, 'ListPartsResult');
  const encoding = encodingType(root);
  const result: ListPartsResult = {
    bucket: requiredText(root, 'Bucket'),
    key: decodeXmlValue(requiredText(root, 'Key'), encoding),
    uploadId: requiredText(root, 'UploadId'),
    partNumberMarker: integer(root, 'PartNumberMarker') ?? 0,
    maxParts: requiredInteger(root, 'MaxParts'),
    isTruncated: requiredBoolean(root, 'IsTruncated'),
    storageClass: text(root, 'StorageClass') ?? 'Standard',
    parts: children(root, 'Part').map((part) => {
      const listed: ListPartsResult['parts'][number] = {
        partNumber: requiredInteger(part, 'PartNumber'),
        lastModified: requiredDate(part, 'LastModified'),
        etag: requiredText(part, 'ETag'),
        size: requiredInteger(part, 'Size'),
      };
      const crc = text(part, 'HashCrc64ecma');
      if (crc !== undefined) listed.hashCrc64ecma = crc;
      return listed;
    }),
  };
  // Empty when the page lists no part (§5.10).
  if (text(root, 'NextPartNumberMarker')?.trim()) result.nextPartNumberMarker = integer(root, 'NextPartNumberMarker')!;
  if (encoding) result.encodingType = encoding;
  return result;
}

/** `<ListMultipartUploadsResult>` (§5.10 element order); key-like values URL-encoded with `encodingType`. */
export function buildListMultipartUploadsResult(r: ListMultipartUploadsResult): string {
  const enc = (value: string) => encodeXmlValue(value, r.encodingType);
  return writeXmlDocument('ListMultipartUploadsResult', {
    EncodingType: r.encodingType,
    Bucket: r.bucket,
    KeyMarker: enc(r.keyMarker),
    UploadIdMarker: r.uploadIdMarker,
    NextKeyMarker: enc(r.nextKeyMarker),
    NextUploadIdMarker: r.nextUploadIdMarker,
    Delimiter: enc(r.delimiter),
    Prefix: enc(r.prefix),
    MaxUploads: r.maxUploads,
    IsTruncated: r.isTruncated,
    Upload: r.uploads.map((u) => ({ Key: enc(u.key), UploadId: u.uploadId, Initiated: u.initiated })),
    CommonPrefixes: commonPrefixesTree(r.commonPrefixes, r.encodingType),
  });
}

/** Parse `<ListMultipartUploadsResult>`; throws MalformedXML. */
export function parseListMultipartUploadsResult(xml: string): ListMultipartUploadsResult {
  const root = readRoot(xml, 'ListMultipartUploadsResult');
  const encoding = encodingType(root);
  const result: ListMultipartUploadsResult = {
    bucket: requiredText(root, 'Bucket'),
    keyMarker: decodedText(root, 'KeyMarker', encoding),
    uploadIdMarker: text(root, 'UploadIdMarker') ?? '',
    nextKeyMarker: decodedText(root, 'NextKeyMarker', encoding),
    nextUploadIdMarker: text(root, 'NextUploadIdMarker') ?? '',
    delimiter: decodedText(root, 'Delimiter', encoding),
    prefix: decodedText(root, 'Prefix', encoding),
    maxUploads: requiredInteger(root, 'MaxUploads'),
    isTruncated: requiredBoolean(root, 'IsTruncated'),
    uploads: children(root, 'Upload').map((upload) => ({
      key: decodeXmlValue(requiredText(upload, 'Key'), encoding),
      uploadId: requiredText(upload, 'UploadId'),
      initiated: requiredDate(upload, 'Initiated'),
    })),
    commonPrefixes: readCommonPrefixes(root, encoding),
  };
  if (encoding) result.encodingType = encoding;
  return result;
}
