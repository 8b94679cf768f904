/**
 * Crash safety (issue: "kill the emulator process during an upload, restart it, and the store is
 * consistent"): a real emulator process is SIGKILLed in the middle of streaming uploads.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { provisionCallbackKey, signedHeaders, tempDir } from './test-support/harness.js';
import { storedBlobs } from './test-support/stored-blobs.js';

const B = 'examplebucket';
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

interface Child {
  proc: ChildProcess;
  url: string;
}

async function spawnEmulator(dir: string, extraArgs: string[] = []): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', '--location', dir, '--bucket', B, '--silent', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`emulator exited early (${code}): ${out}`)));
  });
  return { proc, url };
}

async function send(url: string, method: string, key: string, body?: string, query: Record<string, string> = {}) {
  const headers = signedHeaders(method, { bucket: B, key, query, ...(body === undefined ? {} : { body }) });
  const qs = new URLSearchParams(query).toString().replace(/=(&|$)/g, '$1');
  const res = await fetch(`${url}/${B}/${key}${qs ? `?${qs}` : ''}`, { method, headers, ...(body === undefined ? {} : { body }) });
  return { status: res.status, text: await res.text() };
}

/** Start a PUT streaming 64 KiB chunks and never ending it; resolves once `bytes` were written. */
function startEndlessPut(url: string, key: string, query: Record<string, string>, bytes: number): Promise<void> {
  const headers = signedHeaders('PUT', { bucket: B, key, query, body: '' });
  const qs = new URLSearchParams(query).toString();
  return new Promise((resolve) => {
    const req = request(`${url}/${B}/${key}${qs ? `?${qs}` : ''}`, { method: 'PUT', headers });
    req.on('error', () => undefined);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let written = 0;
    const pump = () => {
      let more = true;
      while (more) {
        more = req.write(chunk);
        written += chunk.length;
        if (written >= bytes) {
          resolve();
          // Keep the request open (never end it) so it is in flight when the process dies.
          if (written < bytes * 2) req.once('drain', pump);
          return;
        }
      }
      req.once('drain', pump);
    };
    pump();
  });
}

/** The number of files in `tmpDir` once it reaches `count`, or after 10 s whatever it is. */
async function tempFilesSoon(tmpDir: string, count: number): Promise<number> {
  const deadline = Date.now() + 10_000;
  let n = (await readdir(tmpDir)).length;
  while (n < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    n = (await readdir(tmpDir)).length;
  }
  return n;
}

describe('crash safety', () => {
  const children: ChildProcess[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    for (const c of cleanups.splice(0)) await c();
  });

  it('SIGKILL during uploads leaves no partial object and no temp files after restart', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    await provisionCallbackKey(dir);
    const first = await spawnEmulator(dir);
    children.push(first.proc);
    expect((await send(first.url, 'PUT', 'keep', 'original')).status).toBe(200);
    const init = await send(first.url, 'POST', 'mp', undefined, { uploads: '' });
    const uploadId = /<UploadId>(\w+)<\/UploadId>/.exec(init.text)![1]!;
    expect((await send(first.url, 'PUT', 'mp', 'part one', { partNumber: '1', uploadId })).status).toBe(200);

    // Overwrite of an existing key, a new key, and a part, all mid-stream when the process dies.
    await Promise.all([
      startEndlessPut(first.url, 'keep', {}, 4 * 1024 * 1024),
      startEndlessPut(first.url, 'fresh', {}, 4 * 1024 * 1024),
      startEndlessPut(first.url, 'mp', { partNumber: '2', uploadId }, 4 * 1024 * 1024),
    ]);
    // The client has sent 4 MiB of each body; the server opens a temp file only once the request is
    // routed and authenticated, which can lag behind on a busy machine.
    expect(await tempFilesSoon(join(dir, 'tmp'), 3)).toBe(3);
    const exited = new Promise((resolve) => first.proc.once('exit', resolve));
    first.proc.kill('SIGKILL');
    await exited;

    const second = await spawnEmulator(dir);
    children.push(second.proc);
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
    expect(await send(second.url, 'GET', 'keep')).toEqual({ status: 200, text: 'original' });
    expect((await send(second.url, 'GET', 'fresh')).status).toBe(404);
    const parts = await send(second.url, 'GET', 'mp', undefined, { uploadId });
    expect(parts.text.match(/<PartNumber>/g)).toHaveLength(1);
    // One blob for "keep", one for part 1 (both small, so inline rows): nothing else survived.
    expect(await storedBlobs(dir)).toHaveLength(2);
    // Two emulator processes started through tsx: 10–16 s on a busy 2-core machine.
  }, 120_000);

  it('SIGKILL during CompleteMultipartUpload leaves the old object or the whole new one', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    await provisionCallbackKey(dir);
    const PARTS = 100;
    const partBody = (n: number) => `part ${String(n).padStart(4, '0')};`;
    const whole = Array.from({ length: PARTS }, (_, i) => partBody(i + 1)).join('');
    // Killed as the request goes out (before the commit), and as the answer arrives (after the
    // commit, possibly before the old object's blob is unlinked). The commit is one SQLite
    // transaction, so there is no moment in between where a kill could leave a mix.
    const seen = new Set<string>();
    for (const killWhen of ['sent', 'answered'] as const) {
      const child = await spawnEmulator(dir, ['--min-part-size', '0']);
      children.push(child.proc);
      expect((await send(child.url, 'PUT', 'mp', 'original')).status).toBe(200);
      const init = await send(child.url, 'POST', 'mp', undefined, { uploads: '' });
      const uploadId = /<UploadId>(\w+)<\/UploadId>/.exec(init.text)![1]!;
      const etags: string[] = [];
      for (let n = 1; n <= PARTS; n++) {
        const headers = signedHeaders('PUT', { bucket: B, key: 'mp', query: { partNumber: String(n), uploadId }, body: partBody(n) });
        const res = await fetch(`${child.url}/${B}/mp?partNumber=${n}&uploadId=${uploadId}`, { method: 'PUT', headers, body: partBody(n) });
        expect(res.status).toBe(200);
        etags.push(res.headers.get('etag')!);
      }
      const xml = `<CompleteMultipartUpload>${etags.map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${etag}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
      const exited = new Promise((resolve) => child.proc.once('exit', resolve));
      const completing = send(child.url, 'POST', 'mp', xml, { uploadId }).catch(() => undefined);
      if (killWhen === 'answered') await completing;
      child.proc.kill('SIGKILL');
      await exited;
      await completing;

      const after = await spawnEmulator(dir, ['--min-part-size', '0']);
      children.push(after.proc);
      const object = await send(after.url, 'GET', 'mp');
      const parts = await send(after.url, 'GET', 'mp', undefined, { uploadId });
      seen.add(object.text === 'original' ? 'old' : 'new');
      if (object.text === 'original') {
        // Not committed: the upload is intact and can still complete.
        expect(parts.text.match(/<PartNumber>/g)).toHaveLength(PARTS);
        expect(await storedBlobs(dir)).toHaveLength(PARTS + 1);
        expect((await send(after.url, 'POST', 'mp', xml, { uploadId })).status).toBe(200);
        expect((await send(after.url, 'GET', 'mp')).text).toBe(whole);
      } else {
        expect(object).toEqual({ status: 200, text: whole });
        expect(parts.status).toBe(404);
      }
      // The object's parts and nothing else: the old blob is freed, now or by the sweep.
      expect(await storedBlobs(dir)).toHaveLength(PARTS);
      expect(await readdir(join(dir, 'tmp'))).toEqual([]);
      expect((await send(after.url, 'DELETE', 'mp')).status).toBe(204);
      after.proc.kill('SIGKILL');
    }
    expect(seen.has('new')).toBe(true);
  }, 120_000);
});
