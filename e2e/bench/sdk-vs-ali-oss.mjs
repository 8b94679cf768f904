#!/usr/bin/env node
// Benchmark: @ossbox/sdk resumableUpload vs ali-oss multipartUpload, same file, same part size and
// parallelism, against the emulator started in this process. Each upload runs in its own child
// process so peak RSS (getrusage maxrss) is measured per client; runs alternate to spread noise.
// Prints throughput per run, the median of each, the ratio (goal >= 1.2x) and peak RSS. No assertions.
//
// Environment: BENCH_SIZE_MIB (default 256), BENCH_PART_MIB (default 1), BENCH_PARALLEL (default 5),
// BENCH_ROUNDS (default 3).
import { spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIB = 1024 * 1024;
const ACCESS_KEY_ID = 'ossbox';
const ACCESS_KEY_SECRET = 'ossbox-secret';
const BUCKET = 'bench';

async function runChild([which, url, file, key, partSize, parallel]) {
  // Module loading is not part of the upload: time only the upload call.
  let started;
  if (which === 'sdk') {
    const { Client } = await import('@ossbox/sdk');
    const client = new Client({ endpoint: url, accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET });
    started = performance.now();
    await client.getBucket(BUCKET).resumableUpload(key, file, { partSize: Number(partSize), parallel: Number(parallel) });
  } else {
    const { default: OSS } = await import('ali-oss');
    // ali-oss needs a hostname endpoint plus sldEnable for path-style requests (oss-protocol.md §5.1).
    const client = new OSS({
      endpoint: url.replace('127.0.0.1', 'localhost'),
      accessKeyId: ACCESS_KEY_ID,
      accessKeySecret: ACCESS_KEY_SECRET,
      bucket: BUCKET,
      sldEnable: true,
      secure: false,
      timeout: 600_000,
    });
    started = performance.now();
    await client.multipartUpload(key, file, { partSize: Number(partSize), parallel: Number(parallel) });
  }
  const ms = performance.now() - started;
  const usage = process.resourceUsage();
  // maxRSS is in KiB on Linux; CPU (user + system, module loading included) in microseconds.
  process.stdout.write(JSON.stringify({ ms, peakRssMiB: usage.maxRSS / 1024, cpuS: (usage.userCPUTime + usage.systemCPUTime) / 1e6 }));
}

function child(args) {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [fileURLToPath(import.meta.url), 'child', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (chunk) => (out += chunk));
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${args[0]} child exited with ${code}`))));
  });
}

async function writeRandomFile(path, bytes) {
  const out = createWriteStream(path);
  const chunk = Buffer.alloc(MIB);
  for (let written = 0; written < bytes; written += chunk.length) {
    randomFillSync(chunk);
    if (!out.write(Buffer.from(chunk.subarray(0, Math.min(chunk.length, bytes - written))))) {
      await new Promise((done) => out.once('drain', done));
    }
  }
  await new Promise((done, fail) => out.end((err) => (err ? fail(err) : done())));
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main() {
  const sizeMiB = Number(process.env.BENCH_SIZE_MIB ?? 256);
  const partSize = Number(process.env.BENCH_PART_MIB ?? 1) * MIB;
  const parallel = Number(process.env.BENCH_PARALLEL ?? 5);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const { startEmulator } = await import('@ossbox/emulator');
  const dir = await mkdtemp(join(tmpdir(), 'ossbox-bench-'));
  const emulator = await startEmulator({ port: 0, location: join(dir, 'data'), buckets: [BUCKET], logLevel: 'silent' });
  try {
    const file = join(dir, 'payload.bin');
    await writeRandomFile(file, sizeMiB * MIB);
    console.log(`${sizeMiB} MiB file, part size ${partSize / MIB} MiB, parallel ${parallel}, ${rounds} rounds, emulator at ${emulator.url}`);
    const results = { sdk: [], 'ali-oss': [] };
    for (let round = 1; round <= rounds; round++) {
      // Alternate who goes first so warm-up and disk-cache effects do not favour one client.
      const order = round % 2 ? ['sdk', 'ali-oss'] : ['ali-oss', 'sdk'];
      for (const which of order) {
        const r = await child([which, emulator.url, file, `${which}/round-${round}.bin`, String(partSize), String(parallel)]);
        const mibPerS = sizeMiB / (r.ms / 1000);
        results[which].push({ ...r, mibPerS });
        console.log(`round ${round} ${which.padEnd(8)} ${mibPerS.toFixed(1).padStart(7)} MiB/s  ${(r.ms / 1000).toFixed(2)} s  client CPU ${r.cpuS.toFixed(2)} s  peak RSS ${r.peakRssMiB.toFixed(0)} MiB`);
      }
    }
    const sdk = median(results.sdk.map((r) => r.mibPerS));
    const ali = median(results['ali-oss'].map((r) => r.mibPerS));
    const rss = (which) => Math.max(...results[which].map((r) => r.peakRssMiB));
    console.log('');
    console.log(`@ossbox/sdk resumableUpload : ${sdk.toFixed(1)} MiB/s (median), peak RSS ${rss('sdk').toFixed(0)} MiB`);
    console.log(`ali-oss multipartUpload     : ${ali.toFixed(1)} MiB/s (median), peak RSS ${rss('ali-oss').toFixed(0)} MiB`);
    console.log(`throughput ratio sdk/ali-oss: ${(sdk / ali).toFixed(2)}x (goal >= 1.2x)`);
    console.log(`peak RSS ratio sdk/ali-oss  : ${(rss('sdk') / rss('ali-oss')).toFixed(2)}x`);
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'child') {
  runChild(process.argv.slice(3)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
