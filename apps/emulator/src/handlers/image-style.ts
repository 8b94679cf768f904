/**
 * PutStyle, GetStyle, ListStyle and DeleteStyle: `PUT|GET|DELETE /?style[&styleName=<name>]`
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/putstyle and the pages beside it).
 * Styles are what `x-oss-process=style/<name>` expands to (../image/styles.ts).
 */
import { buildStyle, buildStyleList, ossError, parseStyleContent } from '@ossbox/protocol';
import type { StyleInfo } from '@ossbox/protocol';
import { checkBodyMd5, readSmallBody } from '../http/read-body.js';
import { parseProcess } from '../image/process-string.js';
import type { ImageStyle } from '../image/styles.js';
import { readStyles, STYLE_NAME, writeStyles } from '../image/styles.js';
import type { Handler, HandlerContext } from './handler.js';
import { requireBucket, sendXml } from './handler.js';
import { sendNoContent } from '../http/send-document.js';

function styleName(ctx: HandlerContext): string {
  const name = ctx.address.query.styleName ?? '';
  if (!STYLE_NAME.test(name)) {
    throw ossError('InvalidArgument', {
      message: 'The style name must be 1 to 64 letters, digits, hyphens, underscores or periods.',
      details: { ArgumentName: 'styleName', ArgumentValue: name },
    });
  }
  return name;
}

const info = (style: ImageStyle): StyleInfo => ({
  name: style.name,
  content: style.content,
  createTime: new Date(style.createTime),
  lastModifyTime: new Date(style.lastModifyTime),
  category: 'image',
});

/** Create or replace a style; its content must parse as image actions. 200. */
export const putStyle: Handler = async (ctx) => {
  requireBucket(ctx);
  const name = styleName(ctx);
  const body = await readSmallBody(ctx.req);
  checkBodyMd5(ctx.req, body);
  const content = parseStyleContent(body.toString('utf8'));
  if (parseProcess(content).kind !== 'image') {
    throw ossError('InvalidArgument', { message: 'A style must hold image actions (image/…).' });
  }
  const styles = readStyles(ctx.storage.meta, ctx.bucket);
  const now = Date.now();
  styles[name] = { name, content, createTime: styles[name]?.createTime ?? now, lastModifyTime: now };
  if (!writeStyles(ctx.storage.meta, ctx.bucket, styles)) throw ossError('NoSuchBucket', { details: { BucketName: ctx.bucket } });
  ctx.res.status(200).end();
};

/** One style; NoSuchStyle (404) when the bucket has none of that name. */
export const getStyle: Handler = (ctx) => {
  requireBucket(ctx);
  const name = styleName(ctx);
  const style = readStyles(ctx.storage.meta, ctx.bucket)[name];
  if (!style) throw ossError('NoSuchStyle', { details: { StyleName: name } });
  sendXml(ctx, buildStyle(info(style)));
};

/** Every style of the bucket, by name. */
export const listStyle: Handler = (ctx) => {
  requireBucket(ctx);
  const styles = Object.values(readStyles(ctx.storage.meta, ctx.bucket)).sort((a, b) => (a.name < b.name ? -1 : 1));
  sendXml(ctx, buildStyleList(styles.map(info)));
};

/** Remove a style; 204, also when there is none [unverified]. */
export const deleteStyle: Handler = (ctx) => {
  requireBucket(ctx);
  const name = styleName(ctx);
  const styles = readStyles(ctx.storage.meta, ctx.bucket);
  delete styles[name];
  writeStyles(ctx.storage.meta, ctx.bucket, styles);
  sendNoContent(ctx.res);
};
