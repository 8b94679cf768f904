#!/usr/bin/env node
// Benchmark: @ossbox/sdk resumableUpload vs ali-oss multipartUpload, same file, same part size and
// parallelism, against the emulator started in this process. Each upload runs in its own child
// process, so peak RSS (the child's VmHWM) and CPU are measured per client; the order alternates
// every round so warm-up, disk cache and background load do not favour one client. Each object is
// deleted after its run, outside the timed window. No assertions.
//
// Per run it prints throughput, the client's CPU during the upload (module loading excluded, all
// threads), and the server's CPU over the same window (the emulator runs in this process, which
// does nothing else while a child uploads). A server busy for ~100% of the wall time is the
// bottleneck, and then no client can go much faster than another.
//
// The sink server (sink-server.mjs, its own process) is a minimal stand-in for the client-only
// rows: it drops every body but answers UploadPart with the real ETag (MD5) and CRC-64 of the bytes
// it received and Complete with the combined CRC-64, so both clients run unmodified with their
// checks on; it checks each part against the file with memcmp and answers with digests computed
// once before the first round (see that file). Both clients get the same sink.
//
// Around each upload the client reads /proc (proc-cpu.mjs): its own main thread's CPU, the server
// process's CPU and how busy the machine's cores were, each over the upload's wall time. A share
// near 100% names the bound: the client's main thread (client-bound), the server, or every core of
// the machine (CPU-bound machine-wide: then the client that needs less CPU per GiB goes faster,
// and other work on the machine slows both). The load average is printed before and after.
//
// Environment: BENCH_SIZE_MIB (default 256), BENCH_PART_MIB (default 1), BENCH_PARALLEL (default 5),
// BENCH_ROUNDS (default 5), BENCH_SERVER (emulator | sink; default both, one after the other),
// BENCH_CPU_PROF (a directory: every client child writes a V8 CPU profile there),
// BENCH_SDK_BASELINE (the dist/index.js of another @ossbox/sdk build, e.g. in a worktree of main:
// raced as a third client, for before/after ratios from one run), BENCH_NODE_FLAGS (extra node
// flags for the client children, space-separated, e.g. `--liftoff-only` to see what V8's
// WebAssembly tier-up costs; diagnostics only).
import { spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cpuBetween, cpuSnapshot } from './proc-cpu.mjs';

const MIB = 1024 * 1024;
const ACCESS_KEY_ID = 'ossbox';
const ACCESS_KEY_SECRET = 'ossbox-secret';
const BUCKET = 'bench';
// BENCH_SDK_BASELINE: another build of @ossbox/sdk (its dist/index.js) raced as a third client.
const BASELINE = process.env.BENCH_SDK_BASELINE;
const CLIENTS = BASELINE ? ['sdk', 'ali-oss', 'baseline'] : ['sdk', 'ali-oss'];

const cpuSeconds = (usage) => (usage.user + usage.system) / 1e6;

/**
 * This process's peak RSS: VmHWM, the high-water mark of its own address space since exec. Not
 * getrusage's maxRSS: Linux carries that over from the parent across fork and exec, so a child of
 * this bench (which holds the sink's copy of the file) would report the parent's size.
 */
async function peakRssMiB() {
  const status = await readFile('/proc/self/status', 'utf8').catch(() => '');
  const kib = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  // maxRSS is in KiB on Linux (and elsewhere the fallback).
  return Number(kib ?? process.resourceUsage().maxRSS) / 1024;
}

async function runChild([which, url, file, key, partSize, parallel, serverPid]) {
  // Module loading is not part of the upload: time (and count CPU) only the upload call.
  let started;
  let cpu;
  let snapshot;
  if (which === 'sdk' || which === 'baseline') {
    const { Client } = await import(which === 'sdk' ? '@ossbox/sdk' : pathToFileURL(resolve(BASELINE)).href);
    const client = new Client({ endpoint: url, accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET });
    cpu = process.cpuUsage();
    snapshot = cpuSnapshot(Number(serverPid));
    started = performance.now();
    await client.getBucket(BUCKET).resumableUpload(key, file, { partSize: Number(partSize), parallel: Number(parallel) });
  } else {
    const { default: OSS } = await import('ali-oss');
    // ali-oss needs a hostname endpoint plus sldEnable for path-style requests (docs/rest-api.md §5.1).
    const client = new OSS({
      endpoint: url.replace('127.0.0.1', 'localhost'),
      accessKeyId: ACCESS_KEY_ID,
      accessKeySecret: ACCESS_KEY_SECRET,
      bucket: BUCKET,
      sldEnable: true,
      secure: false,
      timeout: 600_000,
    });
    cpu = process.cpuUsage();
    snapshot = cpuSnapshot(Number(serverPid));
    started = performance.now();
    await client.multipartUpload(key, file, { partSize: Number(partSize), parallel: Number(parallel) });
  }
  const ms = performance.now() - started;
  const shares = cpuBetween(snapshot, cpuSnapshot(Number(serverPid)), ms / 1000);
  const used = process.cpuUsage(cpu);
  const uploadCpuS = cpuSeconds(used);
  const sysCpuS = used.system / 1e6;
  process.stdout.write(JSON.stringify({ ms, uploadCpuS, sysCpuS, peakRssMiB: await peakRssMiB(), ...shares }));
}

function child(args) {
  return new Promise((resolve, reject) => {
    // BENCH_CPU_PROF=<dir>: each child writes a V8 CPU profile there (open in Chrome DevTools).
    const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`, `--cpu-prof-name=${args[0]}-${args[3].replace(/\W/g, '_')}.cpuprofile`] : [];
    const flags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
    const proc = spawn(process.execPath, [...flags, ...profile, fileURLToPath(import.meta.url), 'child', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
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

/** Median and [min-max] of per-round ratios. */
function ratioText(numerators, denominators) {
  const ratios = numerators.map((n, i) => n / denominators[i]).sort((x, y) => x - y);
  return `${median(ratios).toFixed(2)}x [${ratios[0].toFixed(2)}-${ratios.at(-1).toFixed(2)}]`;
}

const percent = (share) => (share === undefined ? '-' : `${(100 * share).toFixed(0)}%`);
const loadText = () => `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`;

/** Alternating rounds of both clients uploading `file` to `server`; prints each run and the ratios. */
async function compareClients(server, kind, file, { sizeMiB, partSize, parallel, rounds }) {
  const { Client } = await import('@ossbox/sdk');
  const cleaner = new Client({ endpoint: server.url, accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET }).getBucket(BUCKET);
  const serverName = kind === 'sink' ? 'sink server (client-bound)' : 'emulator';
  console.log(`\n${sizeMiB} MiB file, part size ${partSize / MIB} MiB, parallel ${parallel}, ${rounds} alternating rounds, ${serverName} at ${server.url}`);
  console.log(`  ${loadText()}`);
  const results = Object.fromEntries(CLIENTS.map((which) => [which, []]));
  for (let round = 1; round <= rounds; round++) {
    // Rotate who goes first, so no client always runs right after the same one.
    const order = CLIENTS.map((_, i) => CLIENTS[(i + round - 1) % CLIENTS.length]);
    for (const which of order) {
      const key = `${which}/round-${round}.bin`;
      const r = await child([which, server.url, file, key, String(partSize), String(parallel), String(server.pid)]);
      await cleaner.deleteObject(key);
      const run = { ...r, mibPerS: sizeMiB / (r.ms / 1000) };
      results[which].push(run);
      console.log(
        `  round ${round} ${which.padEnd(8)} ${run.mibPerS.toFixed(1).padStart(6)} MiB/s  ${(r.ms / 1000).toFixed(2)} s` +
          `  client CPU ${r.uploadCpuS.toFixed(2)} s (sys ${r.sysCpuS.toFixed(2)}, main thread ${percent(r.clientMainShare)} of the wall time)` +
          `  server CPU ${r.serverProcS?.toFixed(2) ?? '-'} s (${percent(r.serverShare)})  machine busy ${percent(r.machineBusyShare)}  peak RSS ${r.peakRssMiB.toFixed(0)} MiB`,
      );
    }
  }
  const gib = sizeMiB / 1024;
  const field = (which, name) => results[which].map((r) => r[name]);
  const medianOf = (which, name) => (field(which, name).includes(undefined) ? undefined : median(field(which, name)));
  const line = (label, which) =>
    `  ${label}: ${median(field(which, 'mibPerS')).toFixed(1)} MiB/s, client CPU ${(median(field(which, 'uploadCpuS')) / gib).toFixed(2)} s/GiB, ` +
    `peak RSS ${median(field(which, 'peakRssMiB')).toFixed(0)} MiB, server CPU ${((medianOf(which, 'serverProcS') ?? NaN) / gib).toFixed(2)} s/GiB; ` +
    `busy: client main thread ${percent(medianOf(which, 'clientMainShare'))}, server ${percent(medianOf(which, 'serverShare'))}, ` +
    `machine ${percent(medianOf(which, 'machineBusyShare'))} (medians)`;
  console.log(line('@ossbox/sdk resumableUpload', 'sdk'));
  console.log(line('ali-oss multipartUpload    ', 'ali-oss'));
  console.log(`  throughput sdk/ali-oss: ${ratioText(field('sdk', 'mibPerS'), field('ali-oss', 'mibPerS'))} (goal >= 1.2x)`);
  console.log(`  client CPU sdk/ali-oss: ${ratioText(field('sdk', 'uploadCpuS'), field('ali-oss', 'uploadCpuS'))} (goal <= 0.7x)`);
  console.log(`  peak RSS   sdk/ali-oss: ${ratioText(field('sdk', 'peakRssMiB'), field('ali-oss', 'peakRssMiB'))} (goal <= 1.0x)`);
  if (BASELINE) {
    console.log(line(`baseline ${BASELINE}`, 'baseline'));
    for (const [name, key] of [['throughput', 'mibPerS'], ['client CPU', 'uploadCpuS'], ['peak RSS  ', 'peakRssMiB']]) {
      console.log(`  ${name} baseline/ali-oss: ${ratioText(field('baseline', key), field('ali-oss', key))}, sdk/baseline: ${ratioText(field('sdk', key), field('baseline', key))}`);
    }
  }
  console.log(`  ${loadText()}`);
}

/** The sink server in its own process (sink-server.mjs), ended by `close()`. */
async function startSinkProcess(file, partSize) {
  const proc = spawn(process.execPath, [fileURLToPath(new URL('./sink-server.mjs', import.meta.url)), file, String(partSize)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((done) => proc.once('exit', done));
  const [line] = await Promise.race([
    createInterface({ input: proc.stdout })[Symbol.asyncIterator]().next().then(({ value }) => [value]),
    exited.then((code) => Promise.reject(new Error(`sink server exited with ${code}`))),
  ]);
  const { url, pid } = JSON.parse(line);
  return {
    url,
    pid,
    close: async () => {
      proc.stdin.end();
      await exited;
    },
  };
}

async function main() {
  const options = {
    sizeMiB: Number(process.env.BENCH_SIZE_MIB ?? 256),
    partSize: Number(process.env.BENCH_PART_MIB ?? 1) * MIB,
    parallel: Number(process.env.BENCH_PARALLEL ?? 5),
    rounds: Number(process.env.BENCH_ROUNDS ?? 5),
  };
  const kinds = process.env.BENCH_SERVER ? [process.env.BENCH_SERVER] : ['emulator', 'sink'];
  const { startEmulator } = await import('@ossbox/emulator');
  const dir = await mkdtemp(join(tmpdir(), 'ossbox-bench-'));
  try {
    const file = join(dir, 'payload.bin');
    await writeRandomFile(file, options.sizeMiB * MIB);
    for (const kind of kinds) {
      // The emulator runs in this process, which does nothing else while a child uploads.
      const server =
        kind === 'sink'
          ? await startSinkProcess(file, options.partSize)
          : Object.assign(await startEmulator({ port: 0, location: join(dir, 'data'), buckets: [BUCKET], logLevel: 'silent' }), { pid: process.pid });
      try {
        await compareClients(server, kind, file, options);
      } finally {
        await server.close();
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// Diagnostics: `node sink-server.mjs <file> <partSize>` serves the sink alone and prints its URL and
// pid, so one client child can be run by hand under strace or perf:
// `node sdk-vs-ali-oss.mjs child sdk|ali-oss <url> <file> <key> <partSize> <parallel> [serverPid]`.
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
