/**
 * Image styles of a bucket (PutStyle / GetStyle / ListStyle / DeleteStyle,
 * https://www.alibabacloud.com/help/en/oss/developer-reference/putstyle), kept as one JSON document
 * in the bucket's configurations (`image-styles`), so they persist and go with the bucket.
 */
import { ossError } from '@ossbox/protocol';
import type { MetadataStore } from '../store/metadata-store.js';
import type { ImageAction } from './process-string.js';
import { imageError, parseProcess } from './process-string.js';

const CONFIG = 'image-styles';

/** One stored style. Times are ms since the epoch. */
export interface ImageStyle {
  name: string;
  content: string;
  createTime: number;
  lastModifyTime: number;
}

/** Style names: 1–64 letters, digits, `-`, `_` and `.` [unverified rule]. */
export const STYLE_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** Every style of the bucket, by name. */
export function readStyles(meta: MetadataStore, bucket: string): Record<string, ImageStyle> {
  const document = meta.getBucketConfig(bucket, CONFIG);
  return document === undefined ? {} : (JSON.parse(document) as Record<string, ImageStyle>);
}

/** Replace the bucket's styles; false when the bucket is gone. */
export function writeStyles(meta: MetadataStore, bucket: string, styles: Record<string, ImageStyle>): boolean {
  if (Object.keys(styles).length === 0) {
    meta.deleteBucketConfig(bucket, CONFIG);
    return true;
  }
  return meta.putBucketConfig(bucket, CONFIG, JSON.stringify(styles));
}

/**
 * The image actions of an `x-oss-process` value, a `style/<name>` expanded from the bucket's
 * styles (NoSuchStyle when it has none of that name).
 */
export function imageActionsOf(meta: MetadataStore, bucket: string, value: string): ImageAction[] {
  const request = parseProcess(value);
  if (request.kind === 'image') return request.actions;
  const style = readStyles(meta, bucket)[request.name];
  if (!style) throw ossError('NoSuchStyle', { details: { StyleName: request.name } });
  const expanded = parseProcess(style.content);
  if (expanded.kind !== 'image') throw imageError('A style must hold image actions.');
  return expanded.actions;
}
