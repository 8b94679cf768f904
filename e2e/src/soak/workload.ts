/**
 * One soak worker: a loop of mixed operations over keys it owns (so every read can be checked
 * against what it wrote): PutObject (some with a callback), GetObject (bytes checked), HeadObject,
 * ListObjects, multipart upload with a callback, AppendObject, DeleteObject, and PostObject with
 * a callback.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Callback, type Bucket } from '@ossbox/sdk';
import { encodePostPolicy, signPostPolicyV1 } from '@ossbox/protocol';
import type { OperationStats } from './stats.js';

/** What every worker shares. */
export interface WorkloadContext {
  bucket: Bucket;
  bucketName: string;
  emulatorUrl: string;
  receiverUrl: string;
  credentials: { accessKeyId: string; accessKeySecret: string };
  stats: OperationStats;
  /** Stop starting operations after this time (ms since epoch). */
  deadline: number;
  /** Keys per worker. */
  keys: number;
}

const md5Hex = (data: Buffer) => createHash('md5').update(data).digest('hex');
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const body = (min: number, max: number) => randomBytes(min + Math.floor(Math.random() * (max - min)));

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/** Run worker `id` until the deadline. */
export async function runWorker(ctx: WorkloadContext, id: number): Promise<void> {
  const prefix = `soak/w${id}/`;
  const stored = new Map<string, string>(); // key → MD5 hex of its bytes
  let appendKey = `${prefix}append-0`;
  let appendSize = 0;
  let appendGeneration = 0;
  const { bucket, stats } = ctx;
  const callback = (path: string) =>
    new Callback({ url: `${ctx.receiverUrl}/soak/${path}`, body: 'bucket=${bucket}&object=${object}&size=${size}&w=${x:w}', vars: { w: id } });

  const operations: Record<string, () => Promise<unknown>> = {
    async PutObject() {
      const key = `${prefix}k${Math.floor(Math.random() * ctx.keys)}`;
      const data = body(1, 64 * 1024);
      const withCallback = Math.random() < 0.3;
      const res = await stats.time(withCallback ? 'PutObject+callback' : 'PutObject', () =>
        bucket.putObject(key, withCallback ? { body: data, callback: callback('put') } : { body: data }),
      );
      if (res) stored.set(key, md5Hex(data));
    },
    async GetObject() {
      const key = stored.size > 0 ? pick([...stored.keys()]) : undefined;
      if (key === undefined) return;
      await stats.time('GetObject', async () => {
        const res = await bucket.getObject(key);
        const chunks: Buffer[] = [];
        for await (const chunk of res.body!) chunks.push(chunk as Buffer);
        check(md5Hex(Buffer.concat(chunks)) === stored.get(key), `GetObject ${key}: bytes differ from the last write`);
      });
    },
    async HeadObject() {
      const key = stored.size > 0 ? pick([...stored.keys()]) : undefined;
      if (key === undefined) return;
      await stats.time('HeadObject', async () => {
        const info = await bucket.headObject(key);
        check(info.etag !== undefined, `HeadObject ${key}: no ETag`);
      });
    },
    async ListObjects() {
      await stats.time('ListObjects', async () => {
        const page = await bucket.listObjectsPage({ prefix: `${prefix}k`, maxKeys: 1000 });
        check(page.contents.length === stored.size, `ListObjects ${prefix}: ${page.contents.length} keys, expected ${stored.size}`);
      });
    },
    async DeleteObject() {
      const key = stored.size > 0 ? pick([...stored.keys()]) : undefined;
      if (key === undefined) return;
      if (await stats.time('DeleteObject', () => bucket.deleteObject(key))) stored.delete(key);
    },
    async Multipart() {
      const key = `${prefix}k${Math.floor(Math.random() * ctx.keys)}`;
      const parts = [body(2048, 4096), body(2048, 4096), body(1, 2048)];
      const init = await stats.time('InitiateMultipartUpload', () => bucket.initiateMultipartUpload(key));
      if (!init) return;
      const done: { partNumber: number; etag: string }[] = [];
      for (const [i, data] of parts.entries()) {
        const part = await stats.time('UploadPart', () => bucket.uploadPart(key, init.uploadId, i + 1, { body: data }));
        if (!part) return;
        done.push({ partNumber: part.partNumber, etag: part.etag });
      }
      const res = await stats.time('CompleteMultipartUpload+callback', () =>
        bucket.completeMultipartUpload(key, init.uploadId, done, { callback: callback('multipart') }),
      );
      if (res) stored.set(key, md5Hex(Buffer.concat(parts)));
    },
    async AppendObject() {
      if (appendSize > 256 * 1024) {
        await stats.time('DeleteObject', () => bucket.deleteObject(appendKey));
        appendKey = `${prefix}append-${++appendGeneration}`;
        appendSize = 0;
      }
      const data = body(1, 16 * 1024);
      const res = await stats.time('AppendObject', () => bucket.appendObject(appendKey, { body: data, position: appendSize }));
      if (res) appendSize = res.nextAppendPosition;
    },
    async PostObject() {
      const key = `${prefix}k${Math.floor(Math.random() * ctx.keys)}`;
      const data = body(1, 32 * 1024);
      const policy = encodePostPolicy({ expiration: new Date(Date.now() + 3_600_000), conditions: [{ bucket: ctx.bucketName }] });
      const callbackField = Buffer.from(
        JSON.stringify({ callbackUrl: `${ctx.receiverUrl}/soak/post`, callbackBody: 'object=${object}&size=${size}' }),
      ).toString('base64');
      const form = new FormData();
      for (const [name, value] of Object.entries({ key, policy, ...signPostPolicyV1(policy, ctx.credentials), callback: callbackField })) {
        form.append(name, value);
      }
      form.append('file', new Blob([data]), 'upload.bin');
      const res = await stats.time('PostObject+callback', async () => {
        const response = await fetch(`${ctx.emulatorUrl}/${ctx.bucketName}`, { method: 'POST', body: form });
        const text = await response.text();
        check(response.status === 200, `PostObject ${key}: ${response.status} ${text.slice(0, 200)}`);
        return true;
      });
      if (res) stored.set(key, md5Hex(data));
    },
  };
  // Weights: reads dominate, as in most applications.
  const mix = [
    ...Array<string>(4).fill('PutObject'),
    ...Array<string>(5).fill('GetObject'),
    ...Array<string>(3).fill('HeadObject'),
    'ListObjects',
    'DeleteObject',
    'Multipart',
    'AppendObject',
    'AppendObject',
    'PostObject',
  ];
  while (Date.now() < ctx.deadline) await operations[pick(mix)]!();
}
