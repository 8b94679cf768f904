#!/usr/bin/env node
// Benchmark: @ossbox/sdk resumableUpload vs ali-oss multipartUpload, same file, same part size and
// parallelism, against the emulator started in this process. Each upload runs in its own child
// process, so peak RSS (getrusage maxrss) and CPU are measured per client; the order alternates
// every round so warm-up, disk cache and background load do not favour one client. Each object is
// deleted after its run, outside the timed window. No assertions.
//
// Per run it prints throughput, the client's CPU during the upload (module loading excluded), and
// the server's CPU over the same window: this process runs only the server while a child uploads,
// so its CPU is the server's. A server busy for ~100% of the wall time is the bottleneck, and then
// no client can go much faster than another.
//
// BENCH_SERVER=discard swaps the emulator for a stand-in that reads and drops every body and answers
// with canned multipart replies (no signature, MD5 or CRC work, nothing stored): it shows how fast
// each client itself can go when the server is not the bottleneck.
//
// Environment: BENCH_SIZE_MIB (default 256), BENCH_PART_MIB (default 1), BENCH_PARALLEL (default 5),
// BENCH_ROUNDS (default 5), BENCH_SERVER (emulator | discard, default emulator).
import { spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIB = 1024 * 1024;
const ACCESS_KEY_ID = 'ossbox';
const ACCESS_KEY_SECRET = 'ossbox-secret';
const BUCKET = 'bench';
const CLIENTS = ['sdk', 'ali-oss'];

const cpuSeconds = (usage) => (usage.user + usage.system) / 1e6;

async function runChild([which, url, file, key, partSize, parallel]) {
  // Module loading is not part of the upload: time (and count CPU) only the upload call.
  let started;
  let cpu;
  if (which === 'sdk') {
    const { Client } = await import('@ossbox/sdk');
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
  const uploadCpuS = cpuSeconds(process.cpuUsage(cpu));
  // maxRSS is in KiB on Linux.
  process.stdout.write(JSON.stringify({ ms, uploadCpuS, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
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

/** The BENCH_SERVER=discard stand-in: the multipart replies both clients need, bodies dropped. */
async function startDiscardServer() {
  let requests = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(++requests).padStart(24, '0');
      const xml = (body) => {
        res.writeHead(200, { 'content-type': 'application/xml', 'x-oss-request-id': id });
        res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
      };
      const query = new URL(req.url, 'http://discard').searchParams;
      if (req.method === 'POST' && query.has('uploads')) {
        xml(`<InitiateMultipartUploadResult><Bucket>${BUCKET}</Bucket><Key>k</Key><UploadId>0123456789ABCDEF0123456789ABCDEF</UploadId></InitiateMultipartUploadResult>`);
      } else if (req.method === 'POST' && query.has('uploadId')) {
        xml(`<CompleteMultipartUploadResult><Bucket>${BUCKET}</Bucket><Key>k</Key><ETag>"D-1"</ETag></CompleteMultipartUploadResult>`);
      } else {
        res.writeHead(req.method === 'DELETE' ? 204 : 200, { etag: `"${id.padStart(32, '0')}"`, 'x-oss-request-id': id, 'content-length': '0' });
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

async function main() {
  const sizeMiB = Number(process.env.BENCH_SIZE_MIB ?? 256);
  const partSize = Number(process.env.BENCH_PART_MIB ?? 1) * MIB;
  const parallel = Number(process.env.BENCH_PARALLEL ?? 5);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const discard = process.env.BENCH_SERVER === 'discard';
  const { startEmulator } = await import('@ossbox/emulator');
  const { Client } = await import('@ossbox/sdk');
  const dir = await mkdtemp(join(tmpdir(), 'ossbox-bench-'));
  const server = discard
    ? await startDiscardServer()
    : await startEmulator({ port: 0, location: join(dir, 'data'), buckets: [BUCKET], logLevel: 'silent' });
  const cleaner = new Client({ endpoint: server.url, accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET }).getBucket(BUCKET);
  try {
    const file = join(dir, 'payload.bin');
    await writeRandomFile(file, sizeMiB * MIB);
    const serverName = discard ? 'discard server (client-bound)' : 'emulator';
    console.log(`${sizeMiB} MiB file, part size ${partSize / MIB} MiB, parallel ${parallel}, ${rounds} rounds, ${serverName} at ${server.url}`);
    const results = Object.fromEntries(CLIENTS.map((which) => [which, []]));
    for (let round = 1; round <= rounds; round++) {
      const order = round % 2 ? CLIENTS : [...CLIENTS].reverse();
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
          `round ${round} ${which.padEnd(8)} ${run.mibPerS.toFixed(1).padStart(6)} MiB/s  ${(r.ms / 1000).toFixed(2)} s` +
            `  client CPU ${r.uploadCpuS.toFixed(2)} s  server CPU ${serverCpuS.toFixed(2)} s` +
            ` (${((100 * serverCpuS) / (r.ms / 1000)).toFixed(0)}% of the upload's wall time)  peak RSS ${r.peakRssMiB.toFixed(0)} MiB`,
        );
      }
    }
    const summary = (which) => {
      const runs = results[which];
      return {
        mibPerS: median(runs.map((r) => r.mibPerS)),
        clientCpuS: median(runs.map((r) => r.uploadCpuS)),
        serverCpuS: median(runs.map((r) => r.serverCpuS)),
        peakRssMiB: Math.max(...runs.map((r) => r.peakRssMiB)),
      };
    };
    const sdk = summary('sdk');
    const ali = summary('ali-oss');
    const line = (label, s) =>
      `${label}: ${s.mibPerS.toFixed(1)} MiB/s, client CPU ${s.clientCpuS.toFixed(2)} s, server CPU ${s.serverCpuS.toFixed(2)} s (medians); peak RSS ${s.peakRssMiB.toFixed(0)} MiB (max)`;
    console.log('');
    console.log(line('@ossbox/sdk resumableUpload', sdk));
    console.log(line('ali-oss multipartUpload    ', ali));
    console.log(`throughput ratio sdk/ali-oss: ${(sdk.mibPerS / ali.mibPerS).toFixed(2)}x (goal >= 1.2x)`);
    console.log(`client CPU ratio sdk/ali-oss: ${(sdk.clientCpuS / ali.clientCpuS).toFixed(2)}x (lower is better)`);
    console.log(`peak RSS ratio sdk/ali-oss  : ${(sdk.peakRssMiB / ali.peakRssMiB).toFixed(2)}x`);
  } finally {
    await server.close();
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
