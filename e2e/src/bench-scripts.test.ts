// The benchmarks (`pnpm bench`) are not run by CI at full size, but they must keep working: each
// runs here once at a tiny size and must print every row. No timing is asserted.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { repoRoot } from './harness/index.js';

const run = promisify(execFile);

test('the emulator bench runs every row (--smoke)', async () => {
  const { stdout } = await run(process.execPath, [join(repoRoot, 'apps/emulator/bench/run.mjs'), '--smoke'], { maxBuffer: 1 << 20 });
  for (const row of [
    /PUT {2}ratio [\d.]+x/,
    /GET {2}ratio [\d.]+x/,
    /Ruby emulator: not measured/,
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

test('the client bench (@ossbox/sdk vs ali-oss) runs against the emulator and the sink server', async () => {
  const env = { ...process.env, BENCH_SIZE_MIB: '2', BENCH_ROUNDS: '1' };
  const { stdout } = await run(process.execPath, [join(repoRoot, 'e2e/bench/sdk-vs-ali-oss.mjs')], { env, maxBuffer: 1 << 20 });
  expect(stdout).toMatch(/emulator at http/);
  expect(stdout).toMatch(/sink server \(client-bound\)/);
  expect(stdout.match(/client CPU sdk\/ali-oss: [\d.]+x/g)).toHaveLength(2);
  expect(stdout.match(/peak RSS {3}sdk\/ali-oss: [\d.]+x/g)).toHaveLength(2);
}, 240_000);
