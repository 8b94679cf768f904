/** What every OSS operation handler receives, and helpers they share. */
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { ossError } from '@ossbox/protocol';
import type { Owner } from '@ossbox/protocol';
import type { EmulatorConfig } from '../config.js';
import type { Address, RequestState } from '../context.js';
import type { BucketRecord, ObjectRecord } from '../store/metadata-store.js';
import type { Storage } from '../store/storage.js';
import type { KeyLocks } from '../store/key-locks.js';
import type { CallbackEngine } from '../callback-engine.js';
import type { PrincipalResolver } from '../sts/index.js';
import { sendDocument } from '../http/send-document.js';

/** Dependencies shared by all handlers. */
export interface HandlerDeps {
  config: EmulatorConfig;
  storage: Storage;
  logger: Logger;
  locks: KeyLocks;
  /** Access keys and STS tokens → principals (PostObject authenticates its form itself). */
  principals: PrincipalResolver;
  /** Sends upload callbacks; without it, uploads that ask for one get 501 NotImplemented. */
  callbacks?: CallbackEngine;
}

/** A request as a handler sees it. `bucket`/`key` are '' when the operation has none. */
export interface HandlerContext extends HandlerDeps {
  req: Request;
  res: Response;
  state: RequestState;
  address: Address;
  bucket: string;
  key: string;
}

/** An OSS operation handler: sends the response or throws an OssProtocolError. */
export type Handler = (ctx: HandlerContext) => Promise<void> | void;

/** The single owner the emulator reports (one account per emulator). */
export const OWNER: Owner = Object.freeze({ id: 'ossbox', displayName: 'ossbox' });

/** The bucket, or NoSuchBucket. */
export function requireBucket(ctx: HandlerContext): BucketRecord {
  const bucket = ctx.storage.meta.getBucket(ctx.bucket);
  if (!bucket) throw ossError('NoSuchBucket', { details: { BucketName: ctx.bucket } });
  return bucket;
}

/** The object, or NoSuchKey (after checking the bucket). */
export function requireObject(ctx: HandlerContext): ObjectRecord {
  requireBucket(ctx);
  const object = ctx.storage.meta.getObject(ctx.bucket, ctx.key);
  if (!object) throw ossError('NoSuchKey', { details: { Key: ctx.key } });
  return object;
}

/** Send an XML document with status 200 (or `status`). */
export function sendXml(ctx: HandlerContext, xml: string, status = 200): void {
  sendDocument(ctx.res, status, 'application/xml', xml);
}

/** `encoding-type=url` from the query, validated. */
export function encodingTypeOf(ctx: HandlerContext): 'url' | undefined {
  const value = ctx.address.query['encoding-type'];
  if (value === undefined || value === '') return undefined;
  if (value !== 'url') {
    // Message and EC as OSS answers it: https://help.aliyun.com/en/oss/user-guide/0017-00000235.
    throw ossError('InvalidArgument', {
      message: 'Invalid Encoding Method specified in Request',
      ec: '0017-00000235',
      details: { ArgumentName: 'encoding-type', ArgumentValue: value },
    });
  }
  return 'url';
}

/**
 * A non-negative integer query parameter within [min, max], default `fallback`; out of range or not
 * an integer is InvalidArgument, with `ec` where OSS documents one for the parameter.
 */
export function integerParam(ctx: HandlerContext, name: string, fallback: number, min: number, max: number, ec?: string): number {
  const raw = ctx.address.query[name];
  if (raw === undefined || raw === '') return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw ossError('InvalidArgument', {
      message: `Argument ${name} must be an integer between ${min} and ${max}.`,
      ...(ec === undefined ? {} : { ec }),
      details: { ArgumentName: name, ArgumentValue: raw },
    });
  }
  return value;
}

/** Location header/element value for an object, as OSS prints it. */
export function objectLocation(ctx: HandlerContext): string {
  const host = ctx.req.headers.host ?? `${ctx.config.host}:${ctx.config.port}`;
  const path = ctx.key.split('/').map(encodeURIComponent).join('/');
  return ctx.address.style === 'virtual' ? `http://${host}/${path}` : `http://${host}/${ctx.bucket}/${path}`;
}
