/**
 * Bucket inventory configurations (`?inventory`): Put/Get/Delete by `inventoryId`, and the list.
 * Stored and validated; no inventory report is ever written (docs/fidelity.md).
 *
 * - https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketinventory
 * - https://www.alibabacloud.com/help/en/oss/developer-reference/listbucketinventory
 */
import {
  buildListInventoryConfigurationsResult,
  canonicalXml,
  MAX_INVENTORY_CONFIGURATIONS,
  ossError,
  parseInventoryConfiguration,
} from '@ossbox/protocol';
import { checkBodyMd5, readSmallBody } from '../http/read-body.js';
import type { Handler, HandlerContext } from '../handlers/handler.js';
import { requireBucket, sendXml } from '../handlers/handler.js';
import type { MetadataStore } from '../store/metadata-store.js';
import { sendNoContent } from '../http/send-document.js';

/** All of a bucket's configurations are one stored JSON object: inventory id → its document. */
const NAME = 'inventory';
/** ListBucketInventory pages by this many configurations. */
const PAGE = 100;

// A Map, not an object: `__proto__` is a valid inventory id.
function readAll(meta: MetadataStore, bucket: string): Map<string, string> {
  const stored = meta.getBucketConfig(bucket, NAME);
  return new Map(stored === undefined ? [] : Object.entries(JSON.parse(stored) as Record<string, string>));
}

function writeAll(ctx: HandlerContext, all: Map<string, string>): void {
  if (all.size === 0) ctx.storage.meta.deleteBucketConfig(ctx.bucket, NAME);
  else if (!ctx.storage.meta.putBucketConfig(ctx.bucket, NAME, JSON.stringify(Object.fromEntries(all)))) requireBucket(ctx);
}

/**
 * The `inventoryId` query parameter. Missing on GetBucketInventory or DeleteBucketInventory: EC page
 * https://help.aliyun.com/en/oss/user-guide/0020-00000002; PutBucketInventory has no documented EC.
 */
function inventoryId(ctx: HandlerContext): string {
  const id = ctx.address.query.inventoryId;
  if (id === undefined || id === '') {
    throw ossError('InvalidArgument', {
      message: 'The inventoryId parameter is required.',
      ...(ctx.req.method === 'PUT' ? {} : { ec: '0020-00000002' }),
      details: { ArgumentName: 'inventoryId', ArgumentValue: '' },
    });
  }
  return id;
}

/** `PUT /?inventory&inventoryId=`: add or replace one configuration (at most 1000 per bucket). */
export const putBucketInventory: Handler = async (ctx) => {
  requireBucket(ctx);
  const id = inventoryId(ctx);
  const body = await readSmallBody(ctx.req, 64 * 1024);
  checkBodyMd5(ctx.req, body);
  const xml = body.toString('utf8');
  const config = parseInventoryConfiguration(xml, id);
  if (!ctx.storage.meta.getBucket(config.destinationBucket)) {
    throw ossError('InvalidArgument', {
      message: 'The destination bucket does not exist.',
      details: { ArgumentName: 'Bucket', ArgumentValue: config.destinationBucket },
    });
  }
  const all = readAll(ctx.storage.meta, ctx.bucket);
  if (!all.has(id) && all.size >= MAX_INVENTORY_CONFIGURATIONS) {
    throw ossError('InvalidArgument', { message: `A bucket can have at most ${MAX_INVENTORY_CONFIGURATIONS} inventory configurations.` });
  }
  all.set(id, canonicalXml(xml, 'InventoryConfiguration'));
  writeAll(ctx, all);
  ctx.res.status(200).end();
};

/** `GET /?inventory&inventoryId=`: one configuration, or 404 NoSuchInventory. */
export const getBucketInventory: Handler = (ctx) => {
  requireBucket(ctx);
  const document = readAll(ctx.storage.meta, ctx.bucket).get(inventoryId(ctx));
  if (document === undefined) throw ossError('NoSuchInventory', { details: { BucketName: ctx.bucket } });
  sendXml(ctx, document);
};

/** `GET /?inventory[&continuation-token=]`: the configurations by id, 100 a page. */
export const listBucketInventory: Handler = (ctx) => {
  requireBucket(ctx);
  const after = ctx.address.query['continuation-token'] ?? '';
  const all = readAll(ctx.storage.meta, ctx.bucket);
  const ids = [...all.keys()].sort().filter((id) => id > after);
  const page = ids.slice(0, PAGE);
  const next = ids.length > PAGE ? page[page.length - 1] : undefined;
  sendXml(ctx, buildListInventoryConfigurationsResult(page.map((id) => all.get(id)!), next));
};

/** `DELETE /?inventory&inventoryId=`: 204, also for an unknown id. */
export const deleteBucketInventory: Handler = (ctx) => {
  requireBucket(ctx);
  const all = readAll(ctx.storage.meta, ctx.bucket);
  all.delete(inventoryId(ctx));
  writeAll(ctx, all);
  sendNoContent(ctx.res);
};
