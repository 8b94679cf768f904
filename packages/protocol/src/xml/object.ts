/**
 * Object operation bodies (docs/rest-api.md §5.7, §5.10, §5.11): CopyObject / UploadPartCopy
 * results, DeleteMultipleObjects request and result, and the PostObject 201 response.
 */
import { OssProtocolError } from '../errors.js';
import { writeXmlDocument } from './document.js';
import { boolean, children, encodingType, malformedXml, readRoot, requiredDate, requiredText, text } from './read.js';
import type { CopyObjectResult, DeleteRequest, DeleteResult, PostResponse } from './types.js';
import { decodeXmlValue, encodeXmlValue } from './url-encoding.js';

/** `<CopyObjectResult><ETag/><LastModified/></CopyObjectResult>` (§5.7). */
export function buildCopyObjectResult(r: CopyObjectResult): string {
  return writeXmlDocument('CopyObjectResult', { ETag: r.etag, LastModified: r.lastModified });
}

/** Parse `<CopyObjectResult>`; throws MalformedXML. */
export function parseCopyObjectResult(xml: string): CopyObjectResult {
  const root = readRoot(xml, 'CopyObjectResult');
  return { etag: requiredText(root, 'ETag'), lastModified: requiredDate(root, 'LastModified') };
}

/** `<CopyPartResult><LastModified/><ETag/></CopyPartResult>` of UploadPartCopy (§5.10). */
export function buildCopyPartResult(r: CopyObjectResult): string {
  return writeXmlDocument('CopyPartResult', { LastModified: r.lastModified, ETag: r.etag });
}

/** Parse `<CopyPartResult>`; throws MalformedXML. */
export function parseCopyPartResult(xml: string): CopyObjectResult {
  const root = readRoot(xml, 'CopyPartResult');
  return { etag: requiredText(root, 'ETag'), lastModified: requiredDate(root, 'LastModified') };
}

/** The DeleteMultipleObjects request body: `<Delete><Quiet/><Object><Key/></Object>…</Delete>` (§5.7). */
export function buildDeleteRequest(r: DeleteRequest): string {
  return writeXmlDocument('Delete', { Quiet: r.quiet, Object: r.keys.map((key) => ({ Key: key })) });
}

/**
 * Parse a DeleteMultipleObjects request body. `Quiet` defaults to false; no `<Object>` at all is
 * MalformedXML, an `<Object>` without a key MalformedXML with EC 0016-00000613
 * (https://help.aliyun.com/zh/oss/support/0016-00000613); the 1000-key limit is the caller's to
 * enforce. Keys are plain text even when the request says `encoding-type=url` (that encodes the
 * response only): the official Go SDK v2 always sends `encoding-type=url` with plain keys
 * (alibabacloud-oss-go-sdk-v2 `oss/api_op_object_test.go`, TestMarshalInput_DeleteMultipleObjects).
 * A key with control characters arrives as character references, `&#x1;` or, from the official
 * Python SDK v2 (`utils.escape_xml_value`), `&#01;`; both decode to the character.
 */
export function parseDeleteRequest(xml: string): DeleteRequest {
  const root = readRoot(xml, 'Delete');
  const objects = children(root, 'Object');
  if (objects.length === 0) throw malformedXml('<Delete> has no <Object>');
  const keys = objects.map((object) => text(object, 'Key') ?? '');
  if (keys.some((key) => key === '')) {
    throw new OssProtocolError('MalformedXML', { ec: '0016-00000613', cause: new Error('an <Object> has no <Key>') });
  }
  return { quiet: boolean(root, 'Quiet') ?? false, keys };
}

/** `<DeleteResult>[<EncodingType>url</EncodingType>]<Deleted><Key/></Deleted>…</DeleteResult>` (§5.7). */
export function buildDeleteResult(r: DeleteResult): string {
  return writeXmlDocument('DeleteResult', {
    EncodingType: r.encodingType,
    Deleted: r.deleted.map((key) => ({ Key: encodeXmlValue(key, r.encodingType) })),
  });
}

/** Parse `<DeleteResult>`, decoding URL-encoded keys; throws MalformedXML. */
export function parseDeleteResult(xml: string): DeleteResult {
  const root = readRoot(xml, 'DeleteResult');
  const encoding = encodingType(root);
  const result: DeleteResult = {
    deleted: children(root, 'Deleted').map((deleted) => decodeXmlValue(requiredText(deleted, 'Key'), encoding)),
  };
  if (encoding) result.encodingType = encoding;
  return result;
}

/** The PostObject 201 body `<PostResponse><Bucket/><Location/><Key/><ETag/></PostResponse>` (§5.11: the reference names these children, not their order). */
export function buildPostResponse(r: PostResponse): string {
  return writeXmlDocument('PostResponse', { Bucket: r.bucket, Location: r.location, Key: r.key, ETag: r.etag });
}

/** Parse the PostObject 201 `<PostResponse>`; throws MalformedXML. */
export function parsePostResponse(xml: string): PostResponse {
  const root = readRoot(xml, 'PostResponse');
  return {
    bucket: requiredText(root, 'Bucket'),
    location: text(root, 'Location') ?? '',
    key: requiredText(root, 'Key'),
    etag: requiredText(root, 'ETag'),
  };
}
