/**
 * The app server as an Express app (never listens): the page and ali-oss's browser build, the
 * permission API the page calls, and `/callback`, where OSS reports each upload.
 *
 * Middleware order: `/callback` first with the callback verifier (it needs the raw body bytes, so
 * no body parser may run before it), then `/api` with express.json(), then the static files.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createCallbackVerifier, ossCallback, replyJson } from '@ossbox/callback';
import { Client, InvalidArgumentError } from '@ossbox/sdk';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from './config.js';
import { multipartPermission, PermissionError, postObjectForm, presignedPut, stsCredentials } from './permissions.js';
import type { PermissionRequest } from './permissions.js';

/** One callback the app server verified, as `GET /api/callbacks` lists it. */
export interface VerifiedUpload {
  flow: string;
  bucket: string;
  object: string;
  etag: string;
  size: number;
  mimeType: string;
  receivedAt: string;
}

const publicDir = fileURLToPath(new URL('../public/', import.meta.url));
const aliOssBrowserBuild = createRequire(import.meta.url).resolve('ali-oss/dist/aliyun-oss-sdk.min.js');

/** Build the app. `callbackUrl()` is where OSS must POST callbacks (known once the server listens). */
export function createApp(config: AppConfig, callbackUrl: () => string): express.Express {
  const bucket = new Client({
    endpoint: config.ossEndpoint,
    accessKeyId: config.accessKeyId,
    accessKeySecret: config.accessKeySecret,
    region: config.region,
  }).getBucket(config.bucket);
  const verifier = createCallbackVerifier({ trustedKeyUrlPrefixes: [config.trustKeyUrlPrefix] });
  const verified: VerifiedUpload[] = [];

  const app = express();
  app.disable('x-powered-by');

  app.post('/callback', ossCallback({ verifier }), (req, res) => {
    const body = (req.ossCallback?.parsed ?? {}) as Record<string, string>;
    const upload: VerifiedUpload = {
      flow: body['flow'] ?? '',
      bucket: body['bucket'] ?? '',
      object: body['object'] ?? '',
      etag: body['etag'] ?? '',
      size: Number(body['size']),
      mimeType: body['mimeType'] ?? '',
      receivedAt: new Date().toISOString(),
    };
    verified.unshift(upload);
    verified.length = Math.min(verified.length, 100);
    // OSS hands this JSON back to the uploader as the response to its upload.
    replyJson(res, { Status: 'OK', verified: true, ...upload });
  });

  const api = express.Router();
  api.use(express.json({ limit: '16kb' }));
  api.get('/config', (_req, res) => {
    res.json({ bucket: config.bucket, endpoint: config.ossEndpoint, keyPrefix: config.keyPrefix, maxSize: config.maxSize });
  });
  const permission = (issue: (request: PermissionRequest) => unknown) => (req: Request, res: Response, next: NextFunction) => {
    Promise.resolve()
      .then(() => issue((req.body ?? {}) as PermissionRequest))
      .then((body) => res.json(body), next);
  };
  api.post('/post-object-form', permission((request) => postObjectForm(bucket, config, callbackUrl(), request)));
  api.post('/presigned-put', permission((request) => presignedPut(bucket, config, callbackUrl(), request)));
  api.post('/multipart-permission', permission((request) => multipartPermission(config, callbackUrl(), request)));
  api.post('/sts-credentials', permission((request) => stsCredentials(config, callbackUrl(), request)));
  api.get('/callbacks', (_req, res) => {
    res.json({ callbacks: verified });
  });
  app.use('/api', api);

  app.get('/vendor/aliyun-oss-sdk.min.js', (_req, res) => {
    // pnpm keeps packages under node_modules/.pnpm/: allow that dot-directory in the resolved path.
    res.sendFile(aliOssBrowserBuild, { dotfiles: 'allow' });
  });
  app.use(express.static(publicDir));

  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    // A bad request from the page (or one the SDK refuses, e.g. an invalid key) is the page's fault.
    const badRequest = err instanceof PermissionError || err instanceof InvalidArgumentError;
    const status = badRequest ? 400 : ((err as { status?: number }).status ?? 500);
    res.status(status).json({ error: err instanceof Error ? err.message : String(err) });
  });
  return app;
}
