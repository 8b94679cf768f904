// The benchmarks (`pnpm bench`) are not run by CI at full size, but they must keep working: each
// runs here once at a tiny size and must print every row. No timing is asserted.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { repoRoot } from './harness/index.js';

const run = promisify(execFile);

/** The environment without BENCH_RUBY_EMULATOR, whatever the developer's shell has. */
const { BENCH_RUBY_EMULATOR: _ruby, ...baseEnv } = process.env;

test('the emulator bench runs every row (--smoke)', async () => {
  const { stdout } = await run(process.execPath, [join(repoRoot, 'apps/emulator/bench/run.mjs'), '--smoke'], { env: baseEnv, maxBuffer: 1 << 20 });
  for (const row of [
    /PUT {2}ratio [\d.]+x/,
    /GET {2}ratio [\d.]+x/,
    /Ruby emulator: not measured; set BENCH_RUBY_EMULATOR=/,
    /PUT into a fresh emulator: peak RSS \d+ MB/,
    /16 concurrent connections[\s\S]*ratio [\d.]+x/,
    /emulator\/bare [\d.]+x/,
    /with\/without: p50 [\d.]+ vs [\d.]+ ms -> [\d.]+x/,
    /multipart\/PUT [\d.]+x/,
    /ListObjects[\s\S]*k keys [\d.]+ ms -> [\d.]+x/,
  ]) {
    expect(stdout).toMatch(row);
  }
}, 240_000);

// The Ruby emulator is not installed where CI runs, so a stand-in with its command line
// (`-r <store> -p <port> -a <address>`, objects as files, no signatures) keeps that race working.
const RUBY_STAND_IN = `#!/usr/bin/env node
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const arg = (flag) => process.argv[process.argv.indexOf(flag) + 1];
http.createServer((req, res) => {
  const file = path.join(arg('-r'), encodeURIComponent(req.url));
  if (req.method === 'PUT') req.pipe(fs.createWriteStream(file)).on('finish', () => res.end());
  else if (req.method === 'DELETE') { fs.rmSync(file, { force: true }); res.statusCode = 204; res.end(); }
  else if (fs.existsSync(file)) fs.createReadStream(file).pipe(res);
  else { res.statusCode = 404; res.end(); }
}).listen(Number(arg('-p')), arg('-a'));
`;

test('with BENCH_RUBY_EMULATOR, the bench races that emulator on both rows (--smoke, a stand-in)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ruby-stand-in-'));
  try {
    const emulator = join(dir, 'bin', 'emulator');
    await mkdir(join(dir, 'bin'));
    await writeFile(emulator, RUBY_STAND_IN, { mode: 0o755 });
    const env = { ...baseEnv, BENCH_RUBY_EMULATOR: emulator };
    const { stdout } = await run(process.execPath, [join(repoRoot, 'apps/emulator/bench/run.mjs'), '--smoke', '--only=ruby'], { env, maxBuffer: 1 << 20 });
    expect(stdout).toMatch(/ossbox\/Ruby time [\d.]+x \[[\d.]+-[\d.]+\] \(goal < 1x\)/);
    expect(stdout).toMatch(/bare node:http server\/Ruby time [\d.]+x/);
    expect(stdout).toMatch(/ossbox\/Ruby total time [\d.]+x \[[\d.]+-[\d.]+\], p50 [\d.]+x \[[\d.]+-[\d.]+\] \(goal < 1x\)/);
    expect(stdout).not.toMatch(/not measured/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000);

test('the client bench (@ossbox/sdk vs ali-oss) runs against the emulator and the sink server', async () => {
  const env = { ...process.env, BENCH_SIZE_MIB: '2', BENCH_ROUNDS: '1' };
  const { stdout } = await run(process.execPath, [join(repoRoot, 'e2e/bench/sdk-vs-ali-oss.mjs')], { env, maxBuffer: 1 << 20 });
  expect(stdout).toMatch(/emulator at http/);
  expect(stdout).toMatch(/sink server \(client-bound\)/);
  expect(stdout.match(/client CPU sdk\/ali-oss: [\d.]+x/g)).toHaveLength(2);
  expect(stdout.match(/peak RSS {3}sdk\/ali-oss: [\d.]+x/g)).toHaveLength(2);
  // Read from /proc around each upload: the client's main thread, the server process (the sink's
  // own, or this bench's for the emulator) and the machine, so each row says what bound it.
  expect(stdout.match(/busy: client main thread \d+%, server \d+%, machine \d+% \(medians\)/g)).toHaveLength(4);
  expect(stdout.match(/load average [\d.]+ [\d.]+ [\d.]+/g)).toHaveLength(4);
}, 240_000);
