// Helpers shared by the emulator benchmarks (run.mjs): child servers, signed requests, /proc readings.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { authorizationV1 } from '@ossbox/protocol';

export const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
/**
 * BENCH_EMULATOR_BASELINE=<another build's apps/emulator/dist/main.js> (e.g. a worktree of main):
 * the transfer, small-PUT and multipart benches race that build as a third server, so one run
 * gives before/after ratios measured side by side.
 */
export const BASELINE_MAIN = process.env.BENCH_EMULATOR_BASELINE ? resolve(process.env.BENCH_EMULATOR_BASELINE) : undefined;
/** The servers each racing bench runs: the bare server, this build and, when set, the baseline build. */
export const CONTESTANTS = BASELINE_MAIN ? ['bare', 'emu', 'base'] : ['bare', 'emu'];
/** Printed names of {@link CONTESTANTS}. */
export const LABEL = { bare: 'bare', emu: 'emulator', base: 'baseline' };

/** Start an emulator child (`main` = a build's dist/main.js) on a free port over `dir`. */
export const startEmulator = (main, dir) => startChild([main, '--port', '0', '--location', dir, '--bucket', BUCKET, '--silent']);

/** The bare server and the emulator build(s) of {@link CONTESTANTS}, each over its own directory of `dirs`. */
export async function startServers(dirs) {
  const servers = {};
  for (const name of CONTESTANTS) {
    servers[name] = name === 'bare' ? await startChild(['-e', BARE_SERVER, dirs.bare]) : await startEmulator(name === 'emu' ? MAIN : BASELINE_MAIN, dirs[name]);
  }
  return servers;
}

export function stopServers(servers) {
  for (const server of Object.values(servers)) server.proc.kill('SIGTERM');
}

/** Round `round`'s order of `names`: rotated by one each round, so every server takes every place in turn. */
export const roundOrder = (names, round) => names.map((_, i) => names[(i + round) % names.length]);
export const MiB = 1024 * 1024;
/** `--smoke`: every bench at a tiny size, one round (CI runs this to keep the scripts working). */
export const SMOKE = process.argv.includes('--smoke');
/** `full`, or `small` under `--smoke`. */
export const scaled = (full, small) => (SMOKE ? small : full);
export const BUCKET = 'bench-bucket';
export const CREDS = { accessKeyId: 'ossbox', accessKeySecret: 'ossbox-secret' };

export const BARE_SERVER = `
const http = require('node:http');
const fs = require('node:fs');
const { pipeline } = require('node:stream/promises');
const path = require('node:path');
const dir = process.argv[1];
const server = http.createServer(async (req, res) => {
  const file = path.join(dir, 'object');
  try {
    if (req.method === 'PUT') {
      const tmp = file + '.' + Math.random().toString(36).slice(2);
      await pipeline(req, fs.createWriteStream(tmp));
      fs.renameSync(tmp, file);
      res.end();
    } else {
      const size = fs.statSync(file).size;
      res.setHeader('Content-Length', size);
      await pipeline(fs.createReadStream(file, { highWaterMark: 256 * 1024 }), res);
    }
  } catch (e) { res.statusCode = 500; res.end(String(e)); }
});
server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));
`;

/** BENCH_CPU_PROF=<dir>: every server child writes a V8 CPU profile there (node --cpu-prof). */
const PROFILE_ARGS = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];

export async function startChild(args) {
  const proc = spawn(process.execPath, [...PROFILE_ARGS, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.once('exit', (code) => reject(new Error(`child exited (${code}): ${out}`)));
  });
  return { proc, url };
}

/**
 * User + system CPU seconds a process has used (Linux /proc, 100 ticks/s); with `mainThread`, only
 * its main thread's (the event loop, which is what limits a server's request rate).
 */
export async function cpuSeconds(pid, { mainThread = false } = {}) {
  const stat = await readFile(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export async function peakRssMb(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

export function signed(method, key, extra = {}, query = {}) {
  const headers = { 'x-oss-date': new Date().toUTCString(), 'content-type': 'application/octet-stream', ...extra };
  headers.authorization = authorizationV1({ method, bucket: BUCKET, key, headers, query }, CREDS);
  return headers;
}

export function bodyStream(size, fill = 0x61) {
  const chunk = Buffer.alloc(MiB, fill);
  return (async function* () {
    for (let sent = 0; sent < size; sent += chunk.length) yield chunk.subarray(0, Math.min(chunk.length, size - sent));
  })();
}

export function httpRequest(url, method, headers, body, agent) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent }, (res) => {
      let bytes = 0;
      let text = '';
      res.on('data', (c) => {
        bytes += c.length;
        if (text.length < 4096) text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode, bytes, headers: res.headers, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else {
      (async () => {
        for await (const chunk of body) if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
        req.end();
      })().catch(reject);
    }
  });
}

/**
 * Check, outside the measured window, that an emulator stored what the small-PUT rows sent:
 * GetObject of `keys` must give `body` back (the emulator keeps small bodies inline in SQLite, the
 * bare server in a file; either way the bytes must be there).
 */
export async function readBack(server, keys, body) {
  for (const key of keys) {
    const res = await httpRequest(`${server.url}/${BUCKET}/${key}`, 'GET', signed('GET', key));
    if (res.status !== 200 || res.bytes !== body.length || res.text !== body.toString('latin1')) {
      throw new Error(`GET ${key} after the PUTs: status ${res.status}, ${res.bytes} bytes, not the body sent`);
    }
  }
}

/** Server CPU microseconds per request: `cpuSeconds` before and after, over `count` requests. */
export const cpuMicros = (before, after, count) => ((after - before) / count) * 1e6;

export async function timed(fn) {
  const start = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

/** Median and [min, max] of samples. */
export function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1) };
}

/** Busy and total jiffies of the whole machine (Linux /proc/stat), to show how loaded it was. */
export async function machineTicks() {
  const [, ...fields] = (await readFile('/proc/stat', 'utf8')).split('\n', 1)[0].trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number);
  return { busy: user + nice + system + irq + softirq + steal, total: user + nice + system + idle + iowait + irq + softirq + steal };
}

/** Client (this process) CPU seconds. */
export function clientCpuSeconds() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
