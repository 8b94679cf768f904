import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { parseErrorXml } from '@ossbox/protocol';
import { createApp } from './app.js';
import { oss, useTestApp } from './test-support/harness.js';

describe('createApp', () => {
  const t = useTestApp();

  it('sets x-oss-request-id, Server and Date on every response', async () => {
    const res = await oss(t.app, 'GET', { bucket: 'examplebucket', key: 'missing' });
    expect(res.headers['x-oss-request-id']).toMatch(/^[0-9A-F]{24}$/);
    expect(res.headers.server).toBe('AliyunOSS');
    expect(res.headers.date).toMatch(/GMT$/);
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('renders unexpected failures as 500 InternalError and logs the stack', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'error' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const broken = {
      ...t.storage,
      meta: {
        ...t.storage.meta,
        getBucket: () => {
          throw new Error('disk on fire');
        },
      },
    };
    const app = createApp({ config: t.config, storage: broken, logger });
    const res = await oss(app, 'GET', { bucket: 'examplebucket', key: 'k' });
    expect(res.status).toBe(500);
    expect(parseErrorXml(res.text)?.code).toBe('InternalError');
    expect(res.text).not.toContain('disk on fire');
    expect(lines.join('')).toContain('disk on fire');
  });

  it('mounts extra routers under /_ossbox/', async () => {
    const express = (await import('express')).default;
    const router = express.Router();
    router.get('/extra', (_req, res) => {
      res.json({ extra: true });
    });
    const app = createApp({ config: t.config, storage: t.storage, internalRouters: [router] });
    const supertest = (await import('supertest')).default;
    expect((await supertest(app).get('/_ossbox/extra')).body).toEqual({ extra: true });
    expect((await supertest(app).get('/_ossbox/nothing')).status).toBe(404);
  });
});
