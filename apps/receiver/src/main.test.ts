import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../dist/main.js', import.meta.url));

// These tests run the built CLI (the `bin` of package.json), so build it first.
beforeAll(async () => {
  await run(process.execPath, [fileURLToPath(import.meta.resolve('typescript/bin/tsc')), '-p', 'tsconfig.build.json'], {
    cwd: root,
  });
}, 120_000);

describe('ossbox-receiver CLI (built)', () => {
  it('--help lists the flags and switches', async () => {
    const { stdout } = await run(process.execPath, [bin, '--help']);
    for (const text of ['--port', '--host', '--trust-key-url-prefix', '--silent', 'ossbox-status', 'ossbox-delay']) {
      expect(stdout).toContain(text);
    }
    // The emulator's format: "(default: …) [env: NAME]".
    expect(stdout).toMatch(/\(default:\s+9001\)\s+\[env:\s+OSSBOX_RECEIVER_PORT\]/);
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const { stdout } = await run(process.execPath, [bin, '--version']);
    expect(stdout.trim()).toBe(pkg.version);
  });

  it('starts, prints its URL and trusted prefixes, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, '--port', '0', '--trust-key-url-prefix', 'http://127.0.0.1:9000/'], {
      env: { ...process.env, OSSBOX_TRUST_KEY_URL_PREFIX: 'http://ignored.test/' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    while (!/received callbacks: /.test(out)) {
      await Promise.race([once(child.stdout, 'data'), once(child, 'exit').then(() => Promise.reject(new Error(out)))]);
    }
    const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(out).toContain('trusted key URL prefixes: http://gosspublic.alicdn.com/, https://gosspublic.alicdn.com/, http://127.0.0.1:9000/\n');
    const health = await fetch(`${url}/_ossbox/health`);
    expect(health.status).toBe(200);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(out).toContain('received SIGTERM, shutting down\n');
  }, 120_000);

  it('exits non-zero with a message on a bad prefix or port', async () => {
    const prefix = await run(process.execPath, [bin, '--port', '0', '--trust-key-url-prefix', 'ftp://x/']).catch((e: unknown) => e);
    expect(prefix).toMatchObject({ code: 1, stderr: expect.stringContaining('ftp://x/') });
    const port = await run(process.execPath, [bin, '--port', 'abc']).catch((e: unknown) => e);
    expect(port).toMatchObject({ code: 2, stderr: expect.stringContaining('not a port number') });
    const flag = await run(process.execPath, [bin, '--no-such-flag']).catch((e: unknown) => e);
    expect(flag).toMatchObject({ code: 2, stderr: expect.stringContaining('--no-such-flag') });
  }, 120_000);

  it('on a port in use exits 1 naming the port and how to choose another', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      const busy = await run(process.execPath, [bin, '--port', String(port)]).catch((e: unknown) => e);
      expect(busy).toMatchObject({
        code: 1,
        stderr: expect.stringContaining(
          `port ${port} on 127.0.0.1 is already in use (another ossbox-receiver, or \`pnpm dev\`?); choose another with --port <port> or OSSBOX_RECEIVER_PORT (0: any free port)`,
        ),
      });
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  }, 120_000);

  it('on a non-loopback host prints a generated admin token, warns, and requires the token', async () => {
    const child = spawn(process.execPath, [bin, '--port', '0', '--host', '0.0.0.0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.stderr.on('data', (chunk: string) => (err += chunk));
    try {
      while (!/admin token .*: \S+\n/.test(out) || !err.includes('warning')) {
        await Promise.race([
          once(child.stdout, 'data'),
          once(child.stderr, 'data'),
          once(child, 'exit').then(() => Promise.reject(new Error(out + err))),
        ]);
      }
      const token = /admin token .*: (\S+)\n/.exec(out)![1]!;
      const port = /listening on http:\/\/0\.0\.0\.0:(\d+)/.exec(out)![1]!;
      expect(err).toContain('warning: listening on 0.0.0.0');
      const url = `http://127.0.0.1:${port}/_ossbox/callbacks`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }, 120_000);
});
