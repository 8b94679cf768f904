/**
 * Listing bodies (docs/rest-api.md §5.8): ListObjects v1 and v2 (`<ListBucketResult>`) and
 * ListBuckets (`<ListAllMyBucketsResult>`).
 */
import { writeXmlDocument } from './document.js';
import type { XmlElement, XmlTree } from './document.js';
import {
  boolean,
  child,
  children,
  encodingType,
  integer,
  readRoot,
  requiredBoolean,
  requiredChild,
  requiredDate,
  requiredInteger,
  requiredText,
  text,
  texts,
} from './read.js';
import type {
  BucketSummary,
  ListBucketsResult,
  ListedBucket,
  ListedObject,
  ListObjectsResult,
  ListObjectsV2Result,
  Owner,
} from './types.js';
import { readTagging, taggingTree } from './tagging.js';
import { decodedText, decodeXmlValue, encodeXmlValue } from './url-encoding.js';

/** `<Owner><ID/><DisplayName/></Owner>` children. */
export function ownerTree(owner: Owner): XmlTree {
  return { ID: owner.id, DisplayName: owner.displayName };
}

/** Read an `<Owner>` element (both children default to `''`). */
export function readOwner(node: XmlElement): Owner {
  return { id: text(node, 'ID') ?? '', displayName: text(node, 'DisplayName') ?? '' };
}

function contentsTree(objects: ListedObject[], encoding: 'url' | undefined): XmlTree[] {
  return objects.map((o) => ({
    Key: encodeXmlValue(o.key, encoding),
    LastModified: o.lastModified,
    ETag: o.etag,
    Type: o.type,
    Size: o.size,
    StorageClass: o.storageClass,
    Owner: o.owner && ownerTree(o.owner),
    RestoreInfo: o.restoreInfo,
  }));
}

/** `<CommonPrefixes>` elements of a listing (ListObjects v1/v2, ListMultipartUploads). */
export function commonPrefixesTree(prefixes: string[], encoding: 'url' | undefined): XmlTree[] {
  return prefixes.map((prefix) => ({ Prefix: encodeXmlValue(prefix, encoding) }));
}

function readContents(root: XmlElement, encoding: 'url' | undefined): ListedObject[] {
  return children(root, 'Contents').map((node) => {
    const listed: ListedObject = {
      key: decodeXmlValue(requiredText(node, 'Key'), encoding),
      lastModified: requiredDate(node, 'LastModified'),
      etag: requiredText(node, 'ETag'),
      // Other server types (e.g. Symlink) pass through rather than failing the whole listing.
      type: (text(node, 'Type') ?? 'Normal') as ListedObject['type'],
      size: requiredInteger(node, 'Size'),
      storageClass: text(node, 'StorageClass') ?? 'Standard',
    };
    const owner = child(node, 'Owner');
    if (owner) listed.owner = readOwner(owner);
    const restoreInfo = text(node, 'RestoreInfo');
    if (restoreInfo !== undefined) listed.restoreInfo = restoreInfo;
    return listed;
  });
}

/** The decoded `<CommonPrefixes><Prefix>` values of a listing. */
export function readCommonPrefixes(root: XmlElement, encoding: 'url' | undefined): string[] {
  return children(root, 'CommonPrefixes').flatMap((cp) => texts(cp, 'Prefix').map((p) => decodeXmlValue(p, encoding)));
}

/**
 * ListObjects (v1) `<ListBucketResult>` in the §5.8 element order. With `encodingType: 'url'`,
 * Prefix, Marker, Delimiter, NextMarker, every Key and every common prefix are URL-encoded.
 *
 * @example
 * ```ts
 * res.type('application/xml').send(buildListObjectsResult({
 *   name: 'b', prefix: '', marker: '', maxKeys: 100, delimiter: '/', isTruncated: false,
 *   contents: [], commonPrefixes: ['dir/'], encodingType: 'url',
 * }));
 * ```
 */
export function buildListObjectsResult(r: ListObjectsResult): string {
  const enc = (value: string) => encodeXmlValue(value, r.encodingType);
  return writeXmlDocument('ListBucketResult', {
    Name: r.name,
    Prefix: enc(r.prefix),
    Marker: enc(r.marker),
    MaxKeys: r.maxKeys,
    Delimiter: enc(r.delimiter),
    EncodingType: r.encodingType,
    IsTruncated: r.isTruncated,
    NextMarker: r.nextMarker === undefined ? undefined : enc(r.nextMarker),
    Contents: contentsTree(r.contents, r.encodingType),
    CommonPrefixes: commonPrefixesTree(r.commonPrefixes, r.encodingType),
  });
}

/** Parse a ListObjects (v1) `<ListBucketResult>`, decoding URL-encoded values; throws MalformedXML. */
export function parseListObjectsResult(xml: string): ListObjectsResult {
  const root = readRoot(xml, 'ListBucketResult');
  const encoding = encodingType(root);
  const result: ListObjectsResult = {
    name: requiredText(root, 'Name'),
    prefix: decodedText(root, 'Prefix', encoding),
    marker: decodedText(root, 'Marker', encoding),
    maxKeys: requiredInteger(root, 'MaxKeys'),
    delimiter: decodedText(root, 'Delimiter', encoding),
    isTruncated: requiredBoolean(root, 'IsTruncated'),
    contents: readContents(root, encoding),
    commonPrefixes: readCommonPrefixes(root, encoding),
  };
  const nextMarker = text(root, 'NextMarker');
  if (nextMarker !== undefined) result.nextMarker = decodeXmlValue(nextMarker, encoding);
  if (encoding) result.encodingType = encoding;
  return result;
}

/**
 * ListObjectsV2 `<ListBucketResult>` in the element order of the reference's response samples
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/listobjectsv2): EncodingType
 * before IsTruncated, KeyCount after the listing; ContinuationToken, which no sample shows, after
 * StartAfter [unverified]. With `encodingType: 'url'`, also StartAfter, ContinuationToken and
 * NextContinuationToken are URL-encoded.
 */
export function buildListObjectsV2Result(r: ListObjectsV2Result): string {
  const enc = (value: string | undefined) => (value === undefined ? undefined : encodeXmlValue(value, r.encodingType));
  return writeXmlDocument('ListBucketResult', {
    Name: r.name,
    Prefix: enc(r.prefix),
    StartAfter: enc(r.startAfter),
    ContinuationToken: enc(r.continuationToken),
    MaxKeys: r.maxKeys,
    Delimiter: enc(r.delimiter),
    EncodingType: r.encodingType,
    IsTruncated: r.isTruncated,
    NextContinuationToken: enc(r.nextContinuationToken),
    Contents: contentsTree(r.contents, r.encodingType),
    CommonPrefixes: commonPrefixesTree(r.commonPrefixes, r.encodingType),
    KeyCount: r.keyCount,
  });
}

/** Parse a ListObjectsV2 `<ListBucketResult>`, decoding URL-encoded values; throws MalformedXML. */
export function parseListObjectsV2Result(xml: string): ListObjectsV2Result {
  const root = readRoot(xml, 'ListBucketResult');
  const encoding = encodingType(root);
  const contents = readContents(root, encoding);
  const commonPrefixes = readCommonPrefixes(root, encoding);
  const result: ListObjectsV2Result = {
    name: requiredText(root, 'Name'),
    prefix: decodedText(root, 'Prefix', encoding),
    maxKeys: requiredInteger(root, 'MaxKeys'),
    delimiter: decodedText(root, 'Delimiter', encoding),
    isTruncated: requiredBoolean(root, 'IsTruncated'),
    // KeyCount counts keys plus common prefixes (§5.8); derive it when a server leaves it out.
    keyCount: integer(root, 'KeyCount') ?? contents.length + commonPrefixes.length,
    contents,
    commonPrefixes,
  };
  for (const [field, name] of [
    ['startAfter', 'StartAfter'],
    ['continuationToken', 'ContinuationToken'],
    ['nextContinuationToken', 'NextContinuationToken'],
  ] as const) {
    const value = text(root, name);
    if (value !== undefined) result[field] = decodeXmlValue(value, encoding);
  }
  if (encoding) result.encodingType = encoding;
  return result;
}

/**
 * The children of one `<Bucket>` in ListBuckets (§5.8 order, alphabetical as OSS sends them;
 * `ResourceGroupId` in that order too [unverified]), then its tags as `<Tagging><TagSet><Tag>` when listed by tag: the official Java SDK's
 * ResponseParsers.parseListBucket reads them there, and ali-oss's listBuckets() `tag` from it.
 */
function bucketSummaryTree(b: ListedBucket): XmlTree {
  return {
    CreationDate: b.creationDate,
    ExtranetEndpoint: b.extranetEndpoint,
    IntranetEndpoint: b.intranetEndpoint,
    Location: b.location,
    Name: b.name,
    Region: b.region,
    ResourceGroupId: b.resourceGroupId,
    StorageClass: b.storageClass,
    Tagging: b.tags && taggingTree(b.tags),
  };
}

/** A ListBuckets `<Bucket>`: the summary, and its `<Tagging>` when there is one. */
function readListedBucket(node: XmlElement): ListedBucket {
  const bucket: ListedBucket = readBucketSummary(node);
  const tagging = child(node, 'Tagging');
  if (tagging !== undefined) bucket.tags = readTagging(tagging);
  const resourceGroupId = text(node, 'ResourceGroupId');
  if (resourceGroupId !== undefined) bucket.resourceGroupId = resourceGroupId;
  return bucket;
}

/** Read the summary fields of a `<Bucket>` element (ListBuckets or BucketInfo). */
export function readBucketSummary(node: XmlElement): BucketSummary {
  return {
    name: requiredText(node, 'Name'),
    creationDate: requiredDate(node, 'CreationDate'),
    location: text(node, 'Location') ?? '',
    region: text(node, 'Region') ?? '',
    extranetEndpoint: text(node, 'ExtranetEndpoint') ?? '',
    intranetEndpoint: text(node, 'IntranetEndpoint') ?? '',
    storageClass: text(node, 'StorageClass') ?? 'Standard',
  };
}

/** `<ListAllMyBucketsResult>`: the paging fields (when set), Owner, then `<Buckets><Bucket>…`. */
export function buildListBucketsResult(r: ListBucketsResult): string {
  return writeXmlDocument('ListAllMyBucketsResult', {
    Prefix: r.prefix,
    Marker: r.marker,
    MaxKeys: r.maxKeys,
    IsTruncated: r.isTruncated,
    NextMarker: r.nextMarker,
    Owner: ownerTree(r.owner),
    Buckets: { Bucket: r.buckets.map(bucketSummaryTree) },
  });
}

/** Parse `<ListAllMyBucketsResult>`; throws MalformedXML. */
export function parseListBucketsResult(xml: string): ListBucketsResult {
  const root = readRoot(xml, 'ListAllMyBucketsResult');
  const buckets = child(root, 'Buckets');
  const result: ListBucketsResult = {
    owner: readOwner(requiredChild(root, 'Owner')),
    buckets: buckets ? children(buckets, 'Bucket').map(readListedBucket) : [],
  };
  const prefix = text(root, 'Prefix');
  const marker = text(root, 'Marker');
  const maxKeys = integer(root, 'MaxKeys');
  const isTruncated = boolean(root, 'IsTruncated');
  const nextMarker = text(root, 'NextMarker');
  if (prefix !== undefined) result.prefix = prefix;
  if (marker !== undefined) result.marker = marker;
  if (maxKeys !== undefined) result.maxKeys = maxKeys;
  if (isTruncated !== undefined) result.isTruncated = isTruncated;
  if (nextMarker !== undefined) result.nextMarker = nextMarker;
  return result;
}
