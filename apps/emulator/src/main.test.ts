/**
 * The `ossbox-emulator` CLI as a process (src/main.ts through tsx): version, usage errors and
 * shutdown behave as `ossbox-receiver`'s do. Bounds are 120 s: each test spawns tsx, which takes
 * tens of seconds on a loaded CI machine.
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { provisionCallbackKey, signedHeaders, tempDir } from './test-support/harness.js';

const run = promisify(execFile);
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', MAIN, ...args]);

describe('ossbox-emulator CLI', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const { stdout } = await cli('--version');
    expect(stdout.trim()).toBe(pkg.version);
  }, 120_000);

  it('exits 2 on usage errors, naming the problem and where help is', async () => {
    const flag = await cli('--no-such-flag').catch((e: unknown) => e);
    expect(flag).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown option '--no-such-flag'") });
    expect(flag).toMatchObject({ stderr: expect.stringContaining('(run ossbox-emulator --help for usage)') });
    const port = await cli('--port', 'abc').catch((e: unknown) => e);
    expect(port).toMatchObject({ code: 2, stderr: expect.stringContaining('--port must be a non-negative integer') });
  }, 120_000);

  it('on a port in use exits 1 naming the port and how to choose another', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const { port } = taken.address() as AddressInfo;
    const busy = await cli('--port', String(port), '--location', dir).catch((e: unknown) => e);
    expect(busy).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        `port ${port} on 127.0.0.1 is already in use (another ossbox-emulator, or \`pnpm dev\`?); choose another with --port <port> or OSSBOX_PORT (0: any free port)`,
      ),
    });
  }, 120_000);

  // Node's recursive mkdir retries procfs's ENOENT forever: the CLI used to hang with no output.
  it.runIf(existsSync('/proc/self'))('exits 1 naming the path when --location cannot be created', async () => {
    const location = '/proc/ossbox-no-such-dir/data';
    const failed = await run(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', '--location', location], {
      timeout: 90_000,
    }).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 1, killed: false, stderr: expect.stringContaining("ENOENT: no such file or directory, mkdir '/proc/ossbox-no-such-dir'") });
  }, 120_000);

  it('says the bucket naming rule for an invalid bucket name', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const bucket = await cli('--port', '0', '--location', dir, '--bucket', 'Bad_Name').catch((e: unknown) => e);
    expect(bucket).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        'invalid bucket name: Bad_Name (3 to 63 characters: lowercase letters, digits and hyphens, starting and ending with a letter or digit)',
      ),
    });
  }, 120_000);

  it('beyond loopback: prints the admin token (generated, or from OSSBOX_ADMIN_TOKEN), warns, and requires it', async () => {
    const start = async (env: Record<string, string>) => {
      const { dir, remove } = await tempDir();
      await provisionCallbackKey(dir);
      const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', '--location', dir, '--host', '0.0.0.0', '--silent'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...env },
      });
      cleanups.push(async () => {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
        await remove();
      });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => (out += chunk));
      child.stderr.on('data', (chunk: string) => (err += chunk));
      while (!/admin token .*\n/.test(out) || !err.includes('warning')) {
        await Promise.race([
          once(child.stdout, 'data'),
          once(child.stderr, 'data'),
          once(child, 'exit').then(() => Promise.reject(new Error(out + err))),
        ]);
      }
      const port = /listening on http:\/\/0\.0\.0\.0:(\d+)/.exec(out)![1]!;
      return { out, err, url: `http://127.0.0.1:${port}/_ossbox/callbacks` };
    };
    const [generated, fromEnv] = await Promise.all([start({}), start({ OSSBOX_ADMIN_TOKEN: 'env-admin-token' })]);
    const token = /admin token \(generated; .*\): ([A-Za-z0-9_-]{24})\n/.exec(generated.out)?.[1];
    expect(token, generated.out).toBeDefined();
    expect(fromEnv.out).toMatch(/admin token \(from --admin-token \/ OSSBOX_ADMIN_TOKEN; .*\): env-admin-token\n/);
    for (const { err } of [generated, fromEnv]) {
      expect(err).toContain('warning: listening on 0.0.0.0, reachable from other machines');
    }
    for (const [run, expected] of [[generated, token!], [fromEnv, 'env-admin-token']] as const) {
      expect((await fetch(run.url)).status).toBe(401);
      expect((await fetch(run.url, { headers: { Authorization: `Bearer ${expected}` } })).status).toBe(200);
    }
  }, 120_000);

  it('logs its shutdown and exits 0 on SIGTERM, even when the signal is repeated', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    await provisionCallbackKey(dir);
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', '--location', dir, '--silent'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    while (!out.includes('callback timeout')) {
      await Promise.race([once(child.stdout, 'data'), once(child, 'exit').then(() => Promise.reject(new Error(out)))]);
    }
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    child.kill('SIGTERM');
    const [code, signal] = (await exited) as [number | null, string | null];
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(out).toContain('received SIGTERM, shutting down\n');
    expect(out.match(/shutting down/g)).toHaveLength(1);
  }, 120_000);

  it('one SIGTERM ends it with code 0 while an events stream, an idle keep-alive connection and an upload are open; the store is closed', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    await provisionCallbackKey(dir);
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', '--location', dir, '--bucket', 'examplebucket'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    while (!out.includes('callback timeout')) {
      await Promise.race([once(child.stdout, 'data'), once(child, 'exit').then(() => Promise.reject(new Error(out)))]);
    }
    const url = /listening on (http:\/\/\S+)/.exec(out)![1]!;
    // The console's live view: a server-sent events stream that never ends by itself.
    const events = request(`${url}/_ossbox/events`);
    events.end();
    const [stream] = (await once(events, 'response')) as [import('node:http').IncomingMessage];
    stream.resume();
    const streamEnded = new Promise<void>((resolve) => {
      stream.once('close', resolve);
      stream.once('error', () => resolve());
    });
    // A keep-alive connection left idle after a request, as SDK agents keep them.
    const agent = new Agent({ keepAlive: true });
    cleanups.push(async () => agent.destroy());
    await new Promise<void>((resolve, reject) => {
      request(`${url}/_ossbox/health`, { agent }, (res) => res.resume().once('end', resolve)).once('error', reject).end();
    });
    // An upload whose body is still arriving.
    const upload = request(`${url}/examplebucket/slow`, { method: 'PUT', headers: signedHeaders('PUT', { bucket: 'examplebucket', key: 'slow', body: '' }) });
    upload.once('error', () => undefined);
    upload.write(Buffer.alloc(64 * 1024, 'x'));
    await new Promise((resolve) => upload.once('socket', resolve));

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code, signal] = (await exited) as [number | null, string | null];
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    await streamEnded;
    // SQLite's -wal and -shm files are removed when the last connection to the store closes.
    expect((await readdir(dir)).filter((f) => f.endsWith('-wal') || f.endsWith('-shm'))).toEqual([]);
  }, 120_000);
});
