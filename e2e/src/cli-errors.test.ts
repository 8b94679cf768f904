// How the emulator CLI reports a system error at start-up (a port in use): one line naming the
// cause and exit code 1, not a stack trace, which is for faults of the emulator itself.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { cliPaths } from './harness/paths.js';

let busy: Server;
let dir: string;
beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  dir = mkdtempSync(join(tmpdir(), 'ossbox-cli-errors-'));
});
afterAll(() => {
  busy?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a port in use: one line naming the port and how to choose another on stderr, no stack trace, exit code 1', () => {
  const port = (busy.address() as { port: number }).port;
  const run = spawnSync(process.execPath, [cliPaths.emulator, '--port', String(port), '--location', dir], { encoding: 'utf8', timeout: 60_000 });
  expect(run.status).toBe(1);
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toBe(
    `ossbox-emulator: port ${port} on 127.0.0.1 is already in use (another ossbox-emulator, or \`pnpm dev\`?); choose another with --port <port> or OSSBOX_PORT (0: any free port)`,
  );
});
