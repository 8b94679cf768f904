/**
 * The console's JSON API under `/_ossbox/api` (reads from the store, see storage-views.ts; the
 * presign endpoint for changes, see presign.ts). Errors are `{ error, code }` JSON.
 */
import express from 'express';
import type { Request, Response, Router } from 'express';
import type { EmulatorConfig } from '../config.js';
import type { MetadataStore } from '../store/metadata-store.js';
import type { Storage } from '../store/storage.js';
import { VERSION } from '../version.js';
import { parsePresignRequest, presignedPath, PresignInputError, PRESIGN_SECONDS } from './presign.js';
import { listBucketViews, listObjectViews, listUploadViews, objectView } from './storage-views.js';

/** What the API reads. */
export interface ConsoleApiOptions {
  config: EmulatorConfig;
  storage: Storage;
  /** Where the callback public key is served. */
  publicKeyUrl?: string;
}

/** Most keys one listing page may ask for (ListObjects' max-keys limit). */
const MAX_KEYS = 1000;

function fail(res: Response, status: number, code: string, error: string): void {
  res.status(status).json({ code, error });
}

function text(req: Request, name: string): string {
  const value = req.query[name];
  return typeof value === 'string' ? value : '';
}

/**
 * Routes, relative to `/_ossbox`:
 * - `GET /api/info`: `{ version, accessKeyId, publicKeyUrl }`
 * - `GET /api/buckets`: `{ buckets: BucketView[] }`
 * - `GET /api/buckets/<bucket>/objects?prefix=&delimiter=&marker=&maxKeys=`: one `ObjectPageView` (maxKeys 1–1000, default 100)
 * - `GET /api/buckets/<bucket>/object?key=`: `{ object: ObjectView }`
 * - `GET /api/buckets/<bucket>/uploads`: `{ uploads: UploadView[] }`
 * - `POST /api/presign` (JSON `PresignRequest`): `{ url, expiresInSeconds }`
 *
 * Unknown buckets and keys are 404 `NoSuchBucket` / `NoSuchKey`; bad parameters 400 `InvalidArgument`.
 */
export function createConsoleApi(options: ConsoleApiOptions): Router {
  const { config } = options;
  const router = express.Router();
  router.use('/api', express.json({ limit: '64kb' }));

  router.get('/api/info', (_req, res) => {
    res.json({ version: VERSION, accessKeyId: config.accessKeys[0]!.accessKeyId, publicKeyUrl: options.publicKeyUrl ?? null });
  });

  router.get('/api/buckets', (_req, res) => {
    res.json({ buckets: listBucketViews(options.storage.meta) });
  });

  const withBucket = (handler: (req: Request, res: Response, bucket: string, meta: MetadataStore) => void) => (req: Request, res: Response) => {
    const bucket = String(req.params.bucket);
    const meta = options.storage.meta;
    if (meta.getBucket(bucket) === undefined) return fail(res, 404, 'NoSuchBucket', `bucket ${bucket} does not exist`);
    handler(req, res, bucket, meta);
  };

  router.get('/api/buckets/:bucket/objects', withBucket((req, res, bucket, meta) => {
    const maxKeysText = text(req, 'maxKeys') || '100';
    const maxKeys = Number(maxKeysText);
    if (!/^\d+$/.test(maxKeysText) || maxKeys < 1 || maxKeys > MAX_KEYS) {
      return fail(res, 400, 'InvalidArgument', `maxKeys must be an integer from 1 to ${MAX_KEYS}`);
    }
    res.json(listObjectViews(meta, { bucket, prefix: text(req, 'prefix'), delimiter: text(req, 'delimiter'), marker: text(req, 'marker'), maxKeys }));
  }));

  router.get('/api/buckets/:bucket/object', withBucket((req, res, bucket, meta) => {
    const key = text(req, 'key');
    const record = key === '' ? undefined : meta.getObject(bucket, key);
    if (record === undefined) return fail(res, 404, 'NoSuchKey', `no object ${JSON.stringify(key)} in ${bucket}`);
    res.json({ object: objectView(record) });
  }));

  router.get('/api/buckets/:bucket/uploads', withBucket((_req, res, bucket, meta) => {
    res.json({ uploads: listUploadViews(meta, bucket) });
  }));

  router.post('/api/presign', (req, res) => {
    try {
      const request = parsePresignRequest(req.body);
      const url = presignedPath(request, config.accessKeys[0]!, Math.floor(Date.now() / 1000) + PRESIGN_SECONDS);
      res.json({ url, expiresInSeconds: PRESIGN_SECONDS });
    } catch (error) {
      if (!(error instanceof PresignInputError)) throw error;
      fail(res, 400, 'InvalidArgument', error.message);
    }
  });

  return router;
}
