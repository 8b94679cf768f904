/**
 * RestoreObject: `POST /<key>?restore` (https://www.alibabacloud.com/help/en/oss/developer-reference/restoreobject).
 * A restore completes after the emulator's `--restore-delay` (OSS takes minutes to hours) and the
 * restored copy stays readable for the requested days (http/archive-state.ts).
 */
import { ossError, parseRestoreRequest } from '@ossbox/protocol';
import type { RestoreRequest } from '@ossbox/protocol';
import { archiveState } from '../http/archive-state.js';
import { readSmallBody } from '../http/read-body.js';
import type { Handler } from './handler.js';
import { requireObject } from './handler.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Restore days and tiers each archived class accepts (RestoreObject reference, "Request elements"),
 * and the EC of Days out of range: https://help.aliyun.com/zh/oss/support/0016-00000708 (Archive,
 * 1–7) and https://help.aliyun.com/zh/oss/support/0016-00000704 (Cold/Deep Cold Archive, 1–365).
 */
const LIMITS: Record<string, { maxDays: number; daysEc: string; tiers: readonly string[] }> = {
  Archive: { maxDays: 7, daysEc: '0016-00000708', tiers: [] },
  ColdArchive: { maxDays: 365, daysEc: '0016-00000704', tiers: ['Expedited', 'Standard', 'Bulk'] },
  DeepColdArchive: { maxDays: 365, daysEc: '0016-00000704', tiers: ['Expedited', 'Standard'] },
};

function invalid(name: string, value: string, message: string, ec?: string): never {
  // The EC pages name no code [unverified]: InvalidArgument names the element. A bad Tier has no EC page.
  throw ossError('InvalidArgument', { message, ...(ec ? { ec } : {}), details: { ArgumentName: name, ArgumentValue: value } });
}

/**
 * Days of the request (default 1, OSS's), checked against the class's range and tiers.
 * `JobParameters` is for Cold Archive and Deep Cold Archive only (RestoreObject reference,
 * "Request elements"); on an Archive object OSS refuses it as MalformedXML, as the official
 * ali-oss suite, run against OSS, expects ("Should not set JobParameters when restore Archive
 * object"). The body is judged before the object's restore state, so a malformed request is
 * MalformedXML even while a restore runs.
 */
function restoreDays(storageClass: string, request: RestoreRequest): number {
  const limits = LIMITS[storageClass]!;
  if (request.tier !== undefined && limits.tiers.length === 0) {
    throw ossError('MalformedXML');
  }
  const days = request.days ?? 1;
  if (days < 1 || days > limits.maxDays) {
    invalid('Days', String(days), `Days must be between 1 and ${limits.maxDays} for ${storageClass} objects.`, limits.daysEc);
  }
  if (request.tier !== undefined && limits.tiers.length > 0 && !limits.tiers.includes(request.tier)) {
    invalid('Tier', request.tier, `Tier must be one of ${limits.tiers.join(', ')}.`);
  }
  return days;
}

/**
 * 202 when a restore starts; 200 when the object is already restored (the expiry moves to
 * now + Days); 409 RestoreAlreadyInProgress while one runs; 400 OperationNotSupported for objects
 * that are not archived. Cold Archive and Deep Cold Archive answers carry
 * `x-oss-object-restore-priority`, the request's tier (default `Standard`), as the reference's
 * "Response headers" and its sample response show.
 */
export const restoreObject: Handler = async (ctx) => {
  const object = requireObject(ctx);
  const state = archiveState(object);
  if (state === 'not-archived') throw ossError('OperationNotSupported', { details: { Key: ctx.key } });
  const body = await readSmallBody(ctx.req);
  const request = body.length === 0 ? {} : parseRestoreRequest(body.toString('utf8'));
  const days = restoreDays(object.storageClass, request);
  if (state === 'restoring') throw ossError('RestoreAlreadyInProgress', { details: { Key: ctx.key } });
  const now = Date.now();
  const readyAt = state === 'restored' ? object.restore!.readyAt : now + ctx.config.restoreDelayMs;
  const expiresAt = Math.max(readyAt, now) + days * DAY_MS;
  if (!ctx.storage.meta.setObjectRestore(ctx.bucket, ctx.key, object, { readyAt, expiresAt })) {
    throw ossError('NoSuchKey', { details: { Key: ctx.key } });
  }
  if (LIMITS[object.storageClass]!.tiers.length > 0) ctx.res.setHeader('x-oss-object-restore-priority', request.tier ?? 'Standard');
  ctx.res.status(state === 'restored' ? 200 : 202).end();
};
