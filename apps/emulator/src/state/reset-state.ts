/**
 * Resetting the emulator between tests without a restart: every bucket goes (objects, multipart
 * uploads and parts, bucket configs such as CORS, and their blob files), then the start-up
 * buckets are created again, private (with the `--cors-allow-origin` rule, if set), holding only
 * the `--seed` files (state/seed.ts).
 *
 * Requests in flight when the reset runs are not interrupted: a write that commits afterwards
 * lands in the re-created bucket if its bucket is a start-up bucket, and otherwise fails with
 * NoSuchBucket (its blob is deleted, so nothing leaks); an upload part for an upload that is gone
 * gets NoSuchUpload. A read that already opened the object's file finishes (the file stays readable
 * until closed); one racing the reset answers NoSuchKey (handlers/open-object.ts re-reads the row).
 * The callback attempt log is kept (it is a history of deliveries; filter it by request id);
 * the event buffer `waitFor` looks into is emptied, so a test after a reset never matches an
 * event of the test before.
 */
import type { EmulatorConfig } from '../config.js';
import { putBucketCorsConfig } from '../cors/bucket-cors.js';
import { devCorsConfiguration } from '../cors/dev-rule.js';
import type { Storage } from '../store/storage.js';
import { importSeed, planSeed } from './seed.js';

/** What a reset removed and put back. */
export interface ResetResult {
  /** Blob files (object bodies and uploaded parts) deleted. */
  blobsRemoved: number;
  /** The buckets that exist afterwards (the start-up buckets). */
  buckets: string[];
  /** Objects imported again from the `--seed` directories (0 without seeds). */
  seeded: number;
}

/**
 * Create the start-up buckets (`--bucket`; private, Standard) that do not exist yet, with the
 * `--cors-allow-origin` rule when one is configured.
 */
export function createStartupBuckets(storage: Storage, config: EmulatorConfig): void {
  for (const name of config.buckets) {
    storage.meta.createBucket({ name, acl: 'private', storageClass: 'Standard', createdAt: new Date() });
    if (config.corsAllowOrigins.length > 0) putBucketCorsConfig(storage.meta, name, devCorsConfiguration(config.corsAllowOrigins));
  }
}

/**
 * Empty `storage`, re-create the start-up buckets as `config` says and import the `--seed`
 * directories again (as they are now). The seed trees are checked before anything is removed: a
 * seed that became unreadable rejects the reset (ConfigError) and leaves the state as it was.
 */
export async function resetState(storage: Storage, config: EmulatorConfig): Promise<ResetResult> {
  const seedFiles = await planSeed(config);
  const blobIds = storage.meta.clearAll();
  createStartupBuckets(storage, config);
  await storage.blobs.delete(blobIds);
  const seeded = await importSeed(storage, seedFiles);
  return { blobsRemoved: blobIds.length, buckets: [...config.buckets], seeded };
}
