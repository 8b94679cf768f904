import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { crc64 } from '@ossbox/protocol';
import { hashOnWorker } from './hash-worker.js';

describe('hashing on the worker thread', () => {
  it('gives the MD5 and CRC-64 of the chunks in order, for bodies hashed at the same time', async () => {
    const bodies = [randomBytes(3 * 1024 * 1024 + 7), randomBytes(100), Buffer.alloc(0)];
    const hashers = bodies.map(() => hashOnWorker());
    // Interleaved odd-sized chunks of every body.
    for (let offset = 0; offset < bodies[0]!.length; offset += 65_537) {
      for (const [i, body] of bodies.entries()) {
        if (offset < body.length) await hashers[i]!.update(body.subarray(offset, offset + 65_537));
      }
    }
    for (const [i, body] of bodies.entries()) {
      expect(await hashers[i]!.digest()).toEqual({ md5: createHash('md5').update(body).digest(), crc64: crc64(body) });
    }
  });

  it('holds a body back once it runs 8 MiB ahead of its hashing, and lets it go on', async () => {
    const hasher = hashOnWorker();
    const chunk = randomBytes(1024 * 1024);
    let held = 0;
    for (let i = 0; i < 32; i++) {
      const wait = hasher.update(chunk);
      if (wait) {
        held++;
        await wait;
      }
    }
    expect(held).toBeGreaterThan(0);
    const whole = Buffer.concat(Array.from({ length: 32 }, () => chunk));
    expect((await hasher.digest()).crc64).toBe(crc64(whole));
  });

  it('does not keep a process alive once its bodies are hashed (startEmulator().close() must let scripts exit)', async () => {
    const module = fileURLToPath(new URL('./hash-worker.ts', import.meta.url));
    const dir = await mkdtemp(join(tmpdir(), 'ossbox-hash-worker-'));
    const script = join(dir, 'hash-once.mjs');
    await writeFile(
      script,
      `const { hashOnWorker } = await import(${JSON.stringify(module)});
      const hasher = hashOnWorker();
      await hasher.update(Buffer.alloc(100));
      console.log((await hasher.digest()).crc64.toString());`,
    );
    // Killed by the timeout when the idle worker still holds the event loop; exit code 13 (an
    // unsettled top-level await) when the worker let the process exit before the digest came.
    const child = promisify(execFile)(process.execPath, ['--import', 'tsx', script], { timeout: 20_000 }).finally(() => rm(dir, { recursive: true, force: true }));
    await expect(child).resolves.toMatchObject({ stdout: `${crc64(Buffer.alloc(100))}\n` });
  });
});
