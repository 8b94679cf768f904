/**
 * The emulator's container image is not built in CI (no container engine): its entrypoint and
 * health check (apps/emulator/docker/) run here as plain processes, on the built CLI, with the
 * environment a `docker run` would give them.
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, makeTempDir, removeDir, repoRoot } from './harness/index.js';

const run = promisify(execFile);
const docker = join(repoRoot, 'apps/emulator/docker');

describe('emulator container entrypoint (as a plain process)', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await removeDir(dir);
  });

  it('listens on all interfaces with its data in OSSBOX_LOCATION, takes flags from env and arguments, passes the health check and stops cleanly on SIGTERM', async () => {
    const data = await makeTempDir('docker');
    dirs.push(data);
    const port = await freePort();
    const env = { ...process.env, OSSBOX_LOCATION: data, OSSBOX_PORT: String(port), OSSBOX_BUCKET: 'from-env', OSSBOX_HOST: '' };
    const child = spawn(join(docker, 'entrypoint.sh'), ['--region', 'cn-shanghai'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (out += chunk));
    const exited = once(child, 'exit');
    while (!out.includes('callback timeout')) {
      await Promise.race([once(child.stdout, 'data'), exited.then(() => Promise.reject(new Error(out)))]);
    }
    expect(out).toContain(`listening on http://0.0.0.0:${port}`);
    expect(out).toContain(`data directory: ${data}`);
    expect(out).toContain('buckets: from-env');
    expect(out).toContain('region: cn-shanghai');

    const healthcheck = join(docker, 'healthcheck.mjs');
    await expect(run(process.execPath, [healthcheck], { env })).resolves.toBeDefined();

    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(existsSync(join(data, 'ossbox.sqlite'))).toBe(true);
    expect(existsSync(join(data, 'ossbox.sqlite-wal'))).toBe(false);
    await expect(run(process.execPath, [healthcheck], { env })).rejects.toMatchObject({ code: 1 });
  });
});
