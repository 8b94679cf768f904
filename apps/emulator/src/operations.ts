/**
 * Which OSS operation a request is: method + addressing level + sub-resources, and what access an
 * anonymous caller would need for it. Sub-resources the emulator does not implement get 501
 * NotImplemented instead of being mistaken for a plain object or bucket request.
 */
import type { Request } from 'express';
import { ossError } from '@ossbox/protocol';
import type { Address } from './context.js';
import { parseCopySource } from './http/copy-source.js';
import { appendObject } from './handlers/append-object.js';
import { bucketConfigOperation } from './bucket-config/handlers.js';
import { deleteBucketInventory, getBucketInventory, listBucketInventory, putBucketInventory } from './bucket-config/inventory.js';
import { getBucketStat } from './bucket-config/stat.js';
import { getBucketAcl, putBucketAcl } from './handlers/bucket-acl.js';
import { deleteBucketCors, getBucketCors, putBucketCors } from './handlers/bucket-cors.js';
import { deleteBucket, getBucketInfo, getBucketLocation, headBucket, putBucket } from './handlers/bucket.js';
import { completeMultipartUpload } from './handlers/complete-multipart-upload.js';
import { copyObject } from './handlers/copy-object.js';
import { deleteMultipleObjects } from './handlers/delete-multiple-objects.js';
import { deleteObject } from './handlers/delete-object.js';
import { getObjectMeta } from './handlers/get-object-meta.js';
import { getObject } from './handlers/get-object.js';
import type { Handler } from './handlers/handler.js';
import { initiateMultipartUpload } from './handlers/initiate-multipart-upload.js';
import { listBuckets } from './handlers/list-buckets.js';
import { getProcessedObject, processObjectSave } from './handlers/image-process.js';
import { deleteStyle, getStyle, listStyle, putStyle } from './handlers/image-style.js';
import { listLiveChannel } from './handlers/list-live-channel.js';
import { listObjects, listObjectsV2 } from './handlers/list-objects.js';
import { abortMultipartUpload, listMultipartUploads, listParts } from './handlers/multipart-misc.js';
import { getObjectAcl, putObjectAcl } from './handlers/object-acl.js';
import { deleteObjectTagging, getObjectTagging, putObjectTagging } from './handlers/object-tagging.js';
import { postObject } from './handlers/post-object.js';
import { putObject } from './handlers/put-object.js';
import { restoreObject } from './handlers/restore-object.js';
import { getSymlink, putSymlink } from './handlers/symlink.js';
import { uploadPart, uploadPartCopy } from './handlers/upload-part.js';
import type { OperationName } from './operation-names.js';

/**
 * What an anonymous request needs: `read` (public-read or public-read-write), `write`
 * (public-read-write) or `owner` (never allowed anonymously). `form` is PostObject's: header and
 * URL signatures are ignored and the handler authenticates the form itself (§5.11).
 */
export type Access = 'read' | 'write' | 'owner' | 'form';

/** A recognised OSS operation. */
export interface Operation {
  name: string;
  access: Access;
  handler: Handler;
}

/**
 * Sub-resources of OSS features the emulator does not implement (listed in docs/fidelity.md).
 * Without this, a GET or PUT naming one fell through to ListBuckets, ListObjects, PutBucket or
 * GetObject and answered 200 with the wrong document (DescribeRegions got a bucket list; a
 * PutBucketAccessMonitor "succeeded"). The names are those the official Go SDK v2 sends
 * (`Parameters` and `signer.SubResource` of its operations; `regions` in the Python SDK v2's
 * test_describe_regions, `comp=callback` with `policy` for the callback policy).
 */
export const UNSUPPORTED = [
  'versions', 'versionId', 'replication', 'worm', 'qos',
  'cname', 'img', 'live', 'vod',
  'metaQuery', 'resourceGroup', 'objectInfo', 'x-oss-async-process', 'select', 'selectMeta',
  'regions', 'accessMonitor', 'bucketArchiveDirectRead', 'httpsConfig', 'overwriteConfig', 'redundancyTransition',
  'objectWorm', 'retention', 'policyStatus', 'publicAccessBlock', 'accessPoint', 'accessPointForObjectProcess', 'rtc',
  'userDefinedLogFieldsConfig', 'responseHeader', 'asyncFetch', 'qosInfo', 'comp', 'x-oss-write-get-object-response',
];

const op = (name: OperationName, access: Access, handler: Handler): Operation => ({ name, access, handler });
/** A bucket configuration's operation; its names are listed from the kinds (operation-names.ts). */
const configOp = (name: string, handler: Handler): Operation => ({ name, access: 'owner', handler });

function notAllowed(method: string): never {
  throw ossError('MethodNotAllowed', { details: { Method: method } });
}

/**
 * 405 for a method an object does not take. Details and EC as OSS answers a POST to an object:
 * `<Method>POST</Method><ResourceType>Object</ResourceType><EC>0017-00000001</EC>`, RecommendDoc
 * https://api.aliyun.com/troubleshoot?q=0017-00000001 (an OSS answer quoted in a public user
 * report). Bucket and service level 405s have no documented EC and send none.
 */
function objectNotAllowed(method: string): never {
  throw ossError('MethodNotAllowed', { ec: '0017-00000001', details: { Method: method, ResourceType: 'Object' } });
}

/** Identify the operation; throws MethodNotAllowed / NotImplemented when there is none. */
export function resolveOperation(req: Request, address: Address): Operation {
  const { query } = address;
  const has = (name: string) => name in query;
  const method = req.method;
  // ListLiveChannel answers an empty list; every other LiveChannel operation stays 501.
  if (method === 'GET' && address.bucket !== undefined && address.key === undefined && has('live')) {
    return op('ListLiveChannel', 'owner', listLiveChannel);
  }
  const unsupported = UNSUPPORTED.find(has);
  if (unsupported !== undefined) {
    throw ossError('NotImplemented', { message: `The ${unsupported} sub-resource is not supported by ossbox.` });
  }
  if (address.bucket === undefined) {
    if (method === 'GET') return op('ListBuckets', 'owner', listBuckets);
    return notAllowed(method);
  }
  if (address.key === undefined) {
    // Lifecycle, referer, website, logging, policy, encryption, tags, versioning, … (bucket-config/kinds.ts).
    const config = bucketConfigOperation(method, query);
    if (config) return configOp(config.name, config.handler);
    if (has('style')) {
      if (method === 'PUT') return op('PutStyle', 'owner', putStyle);
      if (method === 'GET' && has('styleName')) return op('GetStyle', 'owner', getStyle);
      if (method === 'GET') return op('ListStyle', 'owner', listStyle);
      if (method === 'DELETE') return op('DeleteStyle', 'owner', deleteStyle);
      return notAllowed(method);
    }
    if (has('inventory')) {
      if (method === 'PUT') return op('PutBucketInventory', 'owner', putBucketInventory);
      if (method === 'GET' && has('inventoryId')) return op('GetBucketInventory', 'owner', getBucketInventory);
      if (method === 'GET') return op('ListBucketInventory', 'owner', listBucketInventory);
      if (method === 'DELETE') return op('DeleteBucketInventory', 'owner', deleteBucketInventory);
      return notAllowed(method);
    }
    switch (method) {
      case 'GET':
        if (has('acl')) return op('GetBucketAcl', 'owner', getBucketAcl);
        if (has('cors')) return op('GetBucketCors', 'owner', getBucketCors);
        if (has('location')) return op('GetBucketLocation', 'owner', getBucketLocation);
        if (has('bucketInfo')) return op('GetBucketInfo', 'owner', getBucketInfo);
        if (has('stat')) return op('GetBucketStat', 'owner', getBucketStat);
        if (has('uploads')) return op('ListMultipartUploads', 'read', listMultipartUploads);
        if (query['list-type'] === '2') return op('ListObjectsV2', 'read', listObjectsV2);
        return op('ListObjects', 'read', listObjects);
      case 'HEAD':
        return op('HeadBucket', 'read', headBucket);
      case 'PUT':
        if (has('acl')) return op('PutBucketAcl', 'owner', putBucketAcl);
        if (has('cors')) return op('PutBucketCors', 'owner', putBucketCors);
        return op('PutBucket', 'owner', putBucket);
      case 'DELETE':
        if (has('cors')) return op('DeleteBucketCors', 'owner', deleteBucketCors);
        return op('DeleteBucket', 'owner', deleteBucket);
      case 'POST':
        if (has('delete')) return op('DeleteMultipleObjects', 'write', deleteMultipleObjects);
        return op('PostObject', 'form', postObject);
      default:
        return notAllowed(method);
    }
  }
  switch (method) {
    case 'GET':
      if (has('acl')) return op('GetObjectAcl', 'owner', getObjectAcl);
      if (has('tagging')) return op('GetObjectTagging', 'owner', getObjectTagging);
      if (has('symlink')) return op('GetSymlink', 'read', getSymlink);
      if (has('uploadId')) return op('ListParts', 'read', listParts);
      if (has('x-oss-process')) return op('ProcessImage', 'read', getProcessedObject);
      return op('GetObject', 'read', getObject);
    case 'HEAD':
      if (has('objectMeta')) return op('GetObjectMeta', 'read', getObjectMeta);
      return op('HeadObject', 'read', getObject);
    case 'PUT': {
      if (has('acl')) return op('PutObjectAcl', 'owner', putObjectAcl);
      if (has('tagging')) return op('PutObjectTagging', 'owner', putObjectTagging);
      if (has('symlink')) return op('PutSymlink', 'write', putSymlink);
      const part = has('partNumber') || has('uploadId');
      const source = parseCopySource(req.headers, part);
      if (part) {
        if (source) return op('UploadPartCopy', 'write', (ctx) => uploadPartCopy(ctx, source));
        return op('UploadPart', 'write', uploadPart);
      }
      if (source) return op('CopyObject', 'write', (ctx) => copyObject(ctx, source));
      return op('PutObject', 'write', putObject);
    }
    case 'DELETE':
      if (has('tagging')) return op('DeleteObjectTagging', 'owner', deleteObjectTagging);
      if (has('uploadId')) return op('AbortMultipartUpload', 'write', abortMultipartUpload);
      return op('DeleteObject', 'write', deleteObject);
    case 'POST':
      if (has('uploads')) return op('InitiateMultipartUpload', 'write', initiateMultipartUpload);
      if (has('uploadId')) return op('CompleteMultipartUpload', 'write', completeMultipartUpload);
      if (has('append')) return op('AppendObject', 'write', appendObject);
      if (has('restore')) return op('RestoreObject', 'write', restoreObject);
      // Reads the source and writes the target: the owner's keys only.
      if (has('x-oss-process')) return op('ProcessObjectSave', 'owner', processObjectSave);
      return objectNotAllowed(method);
    default:
      return objectNotAllowed(method);
  }
}
