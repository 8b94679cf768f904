#!/usr/bin/env node
// Benchmark: @ossbox/sdk resumableUpload vs ali-oss multipartUpload, same file, same part size and
// parallelism, against the emulator started in this process. Each upload runs in its own child
// process, so peak RSS (the child's VmHWM) and CPU are measured per client; the order alternates
// every round so warm-up, disk cache and background load do not favour one client. Each object is
// deleted after its run, outside the timed window. No assertions.
//
// Per run it prints throughput, the client's CPU during the upload (module loading excluded), and
// the server's CPU over the same window: this process runs only the server while a child uploads,
// so its CPU is the server's. A server busy for ~100% of the wall time is the bottleneck, and then
// no client can go much faster than another.
//
// The sink server is a minimal in-process stand-in for the client-only rows: it reads and drops
// every body, answering UploadPart with the ETag (MD5) and CRC-64 of the bytes it received and
// Complete with the combined CRC-64, so both clients run unmodified with their checks on
// (@ossbox/sdk compares every part's and the whole object's CRC-64). No signature check, nothing
// stored: the client's own CPU and RSS per GiB are what it shows. It shares this 2-core machine
// with the client, so it is kept cheap: before the first round it holds the uploaded file in
// memory and hashes each part-sized range once (MD5 and CRC-64 per part, outside every timed
// window). An UploadPart body is compared byte for byte (memcmp) with the range its part number
// names; when it is that range exactly, the answer carries the precomputed digests, and any other
// body (other bytes, shorter, longer, another part size) is hashed as received. Either way the
// answer is the real MD5 and CRC-64 of the body: a client sending wrong bytes still fails its check.
// The sink's CPU (per run, and per GiB in the summary) is printed like the emulator's.
//
// Environment: BENCH_SIZE_MIB (default 256), BENCH_PART_MIB (default 1), BENCH_PARALLEL (default 5),
// BENCH_ROUNDS (default 5), BENCH_SERVER (emulator | sink; default both, one after the other),
// BENCH_CPU_PROF (a directory: every client child writes a V8 CPU profile there),
// BENCH_SDK_BASELINE (the dist/index.js of another @ossbox/sdk build, e.g. in a worktree of main:
// raced as a third client, for before/after ratios from one run), BENCH_NODE_FLAGS (extra node
// flags for the client children, space-separated, e.g. `--liftoff-only` to see what V8's
// WebAssembly tier-up costs; diagnostics only).
import { spawn } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Crc64, crc64, crc64Combine } from '@ossbox/protocol';

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

async function runChild([which, url, file, key, partSize, parallel]) {
  // Module loading is not part of the upload: time (and count CPU) only the upload call.
  let started;
  let cpu;
  if (which === 'sdk' || which === 'baseline') {
    const { Client } = await import(which === 'sdk' ? '@ossbox/sdk' : pathToFileURL(resolve(BASELINE)).href);
    const client = new Client({ endpoint: url, accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET });
    cpu = process.cpuUsage();
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
    started = performance.now();
    await client.multipartUpload(key, file, { partSize: Number(partSize), parallel: Number(parallel) });
  }
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const uploadCpuS = cpuSeconds(used);
  const sysCpuS = used.system / 1e6;
  process.stdout.write(JSON.stringify({ ms, uploadCpuS, sysCpuS, peakRssMiB: await peakRssMiB() }));
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

/** MD5 (upper-case hex, as OSS's ETag) and CRC-64 of `bytes`. */
const digests = (bytes) => ({ md5: createHash('md5').update(bytes).digest('hex').toUpperCase(), crc: crc64(bytes) });

/**
 * The digests of one request body. While the body matches `expected` (the file range its part
 * number names) byte for byte, only memcmp runs; the first differing byte (or a body past the
 * range) switches to hashing what was received (the matching prefix included).
 */
class BodyDigest {
  constructor(expected, precomputed) {
    this.expected = expected;
    this.precomputed = precomputed;
    this.offset = 0;
    this.hashing = expected === undefined ? this.startHashing() : undefined;
  }

  startHashing() {
    const md5 = createHash('md5');
    const crc = new Crc64();
    if (this.offset > 0) {
      md5.update(this.expected.subarray(0, this.offset));
      crc.update(this.expected.subarray(0, this.offset));
    }
    return { md5, crc };
  }

  update(chunk) {
    if (this.hashing === undefined && !chunk.equals(this.expected.subarray(this.offset, this.offset + chunk.length))) this.hashing = this.startHashing();
    if (this.hashing === undefined) {
      this.offset += chunk.length;
      return;
    }
    this.hashing.md5.update(chunk);
    this.hashing.crc.update(chunk);
  }

  digest() {
    if (this.hashing !== undefined) return { md5: this.hashing.md5.digest('hex').toUpperCase(), crc: this.hashing.crc.digest() };
    // A prefix of the range, or the whole of it.
    return this.offset === this.expected.length ? this.precomputed : digests(this.expected.subarray(0, this.offset));
  }
}

/**
 * The sink server: the real ETag and CRC-64 of every UploadPart body, the combined CRC-64 at
 * Complete, bodies dropped. `file` is the uploaded file and `partSize` the clients' part size:
 * parts are checked against the file with memcmp and answered with digests computed here once.
 */
async function startSinkServer(file, partSize) {
  const content = await readFile(file);
  const expectedParts = [];
  for (let start = 0; start < content.length; start += partSize) {
    const range = content.subarray(start, Math.min(start + partSize, content.length));
    expectedParts.push({ range, digests: digests(range) });
  }
  let requests = 0;
  /** uploadId -> partNumber -> { crc, size } */
  const uploads = new Map();
  const server = createServer((req, res) => {
    const query = new URL(req.url, 'http://sink').searchParams;
    const expected = req.method === 'PUT' && query.has('partNumber') ? expectedParts[Number(query.get('partNumber')) - 1] : undefined;
    const body = new BodyDigest(expected?.range, expected?.digests);
    let size = 0;
    const small = [];
    req.on('data', (chunk) => {
      body.update(chunk);
      size += chunk.length;
      if (req.method === 'POST') small.push(chunk);
    });
    req.on('end', () => {
      const id = String(++requests).padStart(24, '0');
      const xml = (text, headers = {}) => {
        res.writeHead(200, { 'content-type': 'application/xml', 'x-oss-request-id': id, ...headers });
        res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${text}`);
      };
      if (req.method === 'POST' && query.has('uploads')) {
        const uploadId = createHash('md5').update(id).digest('hex').toUpperCase();
        uploads.set(uploadId, new Map());
        xml(`<InitiateMultipartUploadResult><Bucket>${BUCKET}</Bucket><Key>k</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`);
      } else if (req.method === 'POST' && query.has('uploadId')) {
        const parts = uploads.get(query.get('uploadId')) ?? new Map();
        uploads.delete(query.get('uploadId'));
        const numbers = [...Buffer.concat(small).toString('utf8').matchAll(/<PartNumber>(\d+)<\/PartNumber>/g)].map((m) => Number(m[1]));
        let whole = 0n;
        for (const n of numbers) whole = crc64Combine(whole, parts.get(n).crc, parts.get(n).size);
        xml(`<CompleteMultipartUploadResult><Bucket>${BUCKET}</Bucket><Key>k</Key><ETag>"D-${numbers.length}"</ETag></CompleteMultipartUploadResult>`, {
          'x-oss-hash-crc64ecma': whole.toString(),
        });
      } else {
        const { md5, crc } = body.digest();
        const headers = { etag: `"${md5}"`, 'x-oss-request-id': id, 'content-length': '0' };
        if (req.method === 'PUT') {
          headers['x-oss-hash-crc64ecma'] = crc.toString();
          if (query.has('partNumber')) uploads.get(query.get('uploadId'))?.set(Number(query.get('partNumber')), { crc, size });
        }
        res.writeHead(req.method === 'DELETE' ? 204 : 200, headers);
        res.end();
      }
    });
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((done) => server.close(done)),
  };
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

/** Alternating rounds of both clients uploading `file` to `server`; prints each run and the ratios. */
async function compareClients(server, kind, file, { sizeMiB, partSize, parallel, rounds }) {
  const { Client } = await import('@ossbox/sdk');
  const cleaner = new Client({ endpoint: server.url, accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET }).getBucket(BUCKET);
  const serverName = kind === 'sink' ? 'sink server (client-bound)' : 'emulator';
  console.log(`\n${sizeMiB} MiB file, part size ${partSize / MIB} MiB, parallel ${parallel}, ${rounds} alternating rounds, ${serverName} at ${server.url}`);
  const results = Object.fromEntries(CLIENTS.map((which) => [which, []]));
  for (let round = 1; round <= rounds; round++) {
    // Rotate who goes first, so no client always runs right after the same one.
    const order = CLIENTS.map((_, i) => CLIENTS[(i + round - 1) % CLIENTS.length]);
    for (const which of order) {
      const key = `${which}/round-${round}.bin`;
      // The window includes the child's start-up, where the server is idle: the share of the upload's
      // wall time printed below slightly understates how busy the server was.
      const serverCpu = process.cpuUsage();
      const r = await child([which, server.url, file, key, String(partSize), String(parallel)]);
      const serverCpuS = cpuSeconds(process.cpuUsage(serverCpu));
      await cleaner.deleteObject(key);
      const run = { ...r, serverCpuS, mibPerS: sizeMiB / (r.ms / 1000) };
      results[which].push(run);
      console.log(
        `  round ${round} ${which.padEnd(8)} ${run.mibPerS.toFixed(1).padStart(6)} MiB/s  ${(r.ms / 1000).toFixed(2)} s` +
          `  client CPU ${r.uploadCpuS.toFixed(2)} s (sys ${r.sysCpuS.toFixed(2)})  server CPU ${serverCpuS.toFixed(2)} s` +
          ` (${((100 * serverCpuS) / (r.ms / 1000)).toFixed(0)}% of the upload's wall time)  peak RSS ${r.peakRssMiB.toFixed(0)} MiB`,
      );
    }
  }
  const gib = sizeMiB / 1024;
  const field = (which, name) => results[which].map((r) => r[name]);
  const line = (label, which) =>
    `  ${label}: ${median(field(which, 'mibPerS')).toFixed(1)} MiB/s, client CPU ${(median(field(which, 'uploadCpuS')) / gib).toFixed(2)} s/GiB, ` +
    `peak RSS ${median(field(which, 'peakRssMiB')).toFixed(0)} MiB, server CPU ${(median(field(which, 'serverCpuS')) / gib).toFixed(2)} s/GiB (medians)`;
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
      const server =
        kind === 'sink'
          ? await startSinkServer(file, options.partSize)
          : await startEmulator({ port: 0, location: join(dir, 'data'), buckets: [BUCKET], logLevel: 'silent' });
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

if (process.argv[2] === 'sink') {
  // Diagnostics: `sink <file> [partMiB]` serves the sink alone and prints its URL, so one client
  // child can be run by hand under strace or perf: `child sdk|ali-oss <url> <file> <key> <partSize> <parallel>`.
  const [file, partMiB = '1'] = process.argv.slice(3);
  startSinkServer(file, Number(partMiB) * MIB).then((server) => console.log(server.url));
} else if (process.argv[2] === 'child') {
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
