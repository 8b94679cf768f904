// The issue's rows against Alibaba's 2017 Ruby OSS emulator (the aliyun/oss-emulator repository on
// GitHub, run with Debian's ruby, ruby-thor, ruby-builder and ruby-webrick; README "Benchmarks"):
//  - one 256 MiB PUT of a new key: wall time;
//  - 200 sequential 4 KiB PUTs of new keys over one keep-alive connection: total time and p50.
// BENCH_RUBY_EMULATOR=<its bin/emulator> turns them on; this build (and BENCH_EMULATOR_BASELINE's
// build, when set) race it in rotating rounds, and each round gives one ossbox/Ruby time ratio.
// The Ruby emulator checks no signature and computes no MD5 or CRC-64 for a PutObject (its ETag
// is ""), so ossbox does more work per request; the rows still ask which one answers sooner.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import {
  BARE_SERVER,
  BASELINE_MAIN,
  BUCKET,
  MAIN,
  MiB,
  bodyStream,
  cpuSeconds,
  httpRequest,
  readBack,
  roundOrder,
  scaled,
  signed,
  startChild,
  startEmulator,
  stats,
  timed,
} from './lib.mjs';
import { percentile, sequential } from './latency.mjs';

/** BENCH_RUBY_EMULATOR: path to the Ruby emulator's `bin/emulator`, or undefined. */
export const RUBY_EMULATOR = process.env.BENCH_RUBY_EMULATOR ? resolve(process.env.BENCH_RUBY_EMULATOR) : undefined;

/**
 * The racing servers: the Ruby emulator, this build, the baseline build when set, and the bare
 * `node:http` file server of lib.mjs as a reference for what Node.js itself costs.
 */
const NAMES = BASELINE_MAIN ? ['emu', 'ruby', 'base', 'bare'] : ['emu', 'ruby', 'bare'];
const LABEL = { emu: 'ossbox', ruby: 'Ruby emulator', base: 'ossbox baseline', bare: 'bare node:http server' };
const BODY = Buffer.alloc(4096, 0x62);

/** A port free on 127.0.0.1 right now (the Ruby emulator cannot report one it picked itself). */
async function freePort() {
  const server = createServer();
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

/** Poll `url` until the server answers anything (WEBrick takes about a second to start). */
async function waitForServer(url, proc) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`the Ruby emulator exited with code ${proc.exitCode}`);
    try {
      await httpRequest(`${url}/`, 'GET', {});
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`the Ruby emulator did not answer on ${url} within 30 s: ${error.message}`);
      await new Promise((done) => setTimeout(done, 200));
    }
  }
}

/**
 * Start the Ruby emulator over `dir` as its README says (`ruby bin/emulator -r <store>`, plus a port
 * and the loopback address). It runs from its `bin/` directory, since it finds its `lib/` by a path
 * relative to the working directory (and writes its log to `../log` from there, inside its checkout).
 * An executable file runs directly (its shebang picks the interpreter), otherwise through `ruby`.
 */
async function startRuby(dir) {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const args = ['-r', dir, '-p', String(port), '-a', '127.0.0.1'];
  let executable = true;
  try {
    accessSync(RUBY_EMULATOR, constants.X_OK);
  } catch {
    executable = false;
  }
  const [command, argv] = executable ? [RUBY_EMULATOR, args] : ['ruby', [RUBY_EMULATOR, ...args]];
  const proc = spawn(command, argv, { cwd: dirname(RUBY_EMULATOR), stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  await waitForServer(url, proc);
  const res = await httpRequest(`${url}/${BUCKET}`, 'PUT', { 'content-length': '0' });
  if (res.status !== 200) throw new Error(`the Ruby emulator's PutBucket answered ${res.status}: ${res.text}`);
  return { proc, url };
}

const range = ({ min, max }) => `${min.toFixed(2)}-${max.toFixed(2)}`;
const goal = (name) => (name === 'bare' ? '(reference)' : '(goal < 1x)');

/** PutObject of `key` (the bare server takes any PUT as its one file, with no signature). */
function put(server, key, headers, body, agent) {
  if (server.bare) return httpRequest(`${server.url}/object`, 'PUT', headers, body, agent);
  return httpRequest(`${server.url}/${BUCKET}/${key}`, 'PUT', signed('PUT', key, headers), body, agent);
}

const putBig = (server, key, bytes) => put(server, key, { 'content-length': String(bytes) }, bodyStream(bytes));

async function remove(server, key) {
  if (server.bare) return;
  const res = await httpRequest(`${server.url}/${BUCKET}/${key}`, 'DELETE', signed('DELETE', key));
  if (res.status !== 204) throw new Error(`DeleteObject ${key} status ${res.status}`);
}

/**
 * One 256 MiB PUT of a new key per server per round, then (outside the timing) a DeleteObject, so
 * every PUT writes into page cache the last one freed and the disk does not fill up. The warm-up
 * PUT's bytes are read back from every server, so a server that stored nothing cannot win.
 */
async function bigPutRace(servers, rounds) {
  const size = scaled(256, 4) * MiB;
  const warm = scaled(16, 1) * MiB;
  for (const name of NAMES) {
    const res = await putBig(servers[name], 'warm-up', warm);
    if (res.status !== 200) throw new Error(`${LABEL[name]} PUT status ${res.status}: ${res.text}`);
    const back = await httpRequest(`${servers[name].url}/${servers[name].bare ? 'object' : `${BUCKET}/warm-up`}`, 'GET', signed('GET', 'warm-up'));
    if (back.status !== 200 || back.bytes !== warm) throw new Error(`${LABEL[name]} GET after PUT: status ${back.status}, ${back.bytes} bytes`);
    await remove(servers[name], 'warm-up');
  }
  const samples = Object.fromEntries(NAMES.map((name) => [name, { ms: [], cpu: [] }]));
  for (let round = 0; round < rounds; round++) {
    for (const name of roundOrder(NAMES, round)) {
      const server = servers[name];
      const key = `big/${round}`;
      const cpu0 = await cpuSeconds(server.proc.pid);
      const { ms, result } = await timed(() => putBig(server, key, size));
      const cpu = (await cpuSeconds(server.proc.pid)) - cpu0;
      if (result.status !== 200) throw new Error(`${LABEL[name]} PUT status ${result.status}: ${result.text}`);
      await remove(server, key);
      samples[name].ms.push(ms);
      samples[name].cpu.push(cpu);
    }
  }
  const mbps = (name) => (size / MiB / (stats(samples[name].ms).median / 1000)).toFixed(0);
  const cpu = (name) => stats(samples[name].cpu).median.toFixed(2);
  console.log(`\n${size / MiB} MiB PUT of a new key vs Alibaba's 2017 Ruby emulator, ${rounds} rotating rounds (median, [min-max] of the per-round ratios)`);
  for (const name of NAMES.filter((n) => n !== 'ruby')) {
    const ratio = stats(samples[name].ms.map((ms, i) => ms / samples.ruby.ms[i]));
    console.log(
      `  ${LABEL[name]}/Ruby time ${ratio.median.toFixed(2)}x [${range(ratio)}] ${goal(name)}; ` +
        `${LABEL[name]} ${stats(samples[name].ms).median.toFixed(0)} ms (${mbps(name)} MiB/s), Ruby ${stats(samples.ruby.ms).median.toFixed(0)} ms (${mbps('ruby')} MiB/s); ` +
        `server CPU s ${cpu(name)} vs ${cpu('ruby')}`,
    );
  }
}

/** `count` sequential 4 KiB PUTs of new keys on one keep-alive connection per server per round. */
async function sequentialRace(servers, rounds) {
  const count = scaled(200, 10);
  const run = async (name, round) => {
    const server = servers[name];
    const cpu0 = await cpuSeconds(server.proc.pid);
    const ms = await sequential(count, (i, agent) => put(server, `seq/${round}/${i}`, { 'content-length': '4096' }, BODY, agent));
    const cpu = (await cpuSeconds(server.proc.pid)) - cpu0;
    if (!server.bare) await readBack(server, [`seq/${round}/0`, `seq/${round}/${count - 1}`], BODY);
    return { total: ms.reduce((a, b) => a + b, 0), p50: percentile(ms, 0.5), cpu };
  };
  for (const name of NAMES) await run(name, 'warm-up');
  const samples = Object.fromEntries(NAMES.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of roundOrder(NAMES, round)) samples[name].push(await run(name, round));
  }
  const med = (name, field, digits) => stats(samples[name].map((s) => s[field])).median.toFixed(digits);
  const ratio = (name, field) => stats(samples[name].map((s, i) => s[field] / samples.ruby[i][field]));
  console.log(`\n4 KiB PUT, one keep-alive connection, ${count} sequential PUTs of new keys vs Alibaba's 2017 Ruby emulator, ${rounds} rotating rounds after a warm-up`);
  for (const name of NAMES.filter((n) => n !== 'ruby')) {
    const total = ratio(name, 'total');
    const p50 = ratio(name, 'p50');
    console.log(
      `  ${LABEL[name]}/Ruby total time ${total.median.toFixed(2)}x [${range(total)}], p50 ${p50.median.toFixed(2)}x [${range(p50)}] ${goal(name)}; ` +
        `${count} PUTs ${med(name, 'total', 0)} vs ${med('ruby', 'total', 0)} ms, p50 ${med(name, 'p50', 2)} vs ${med('ruby', 'p50', 2)} ms; ` +
        `server CPU s per round ${med(name, 'cpu', 2)} vs ${med('ruby', 'cpu', 2)}`,
    );
  }
}

/** The two rows against the Ruby emulator, or a line saying how to turn them on. */
export async function rubyEmulatorBench(rounds, dirs) {
  if (!RUBY_EMULATOR) {
    console.log(
      "\n256 MiB PUT and 200 sequential 4 KiB PUTs vs Alibaba's 2017 Ruby emulator: not measured; " +
        'set BENCH_RUBY_EMULATOR=<aliyun/oss-emulator checkout>/bin/emulator to race it (apps/emulator/README.md, Benchmarks)',
    );
    return;
  }
  const servers = {};
  try {
    servers.ruby = await startRuby(dirs.ruby);
    servers.emu = await startEmulator(MAIN, dirs.emu);
    if (BASELINE_MAIN) servers.base = await startEmulator(BASELINE_MAIN, dirs.base);
    servers.bare = { ...(await startChild(['-e', BARE_SERVER, dirs.bare])), bare: true };
    await bigPutRace(servers, rounds);
    await sequentialRace(servers, rounds);
  } finally {
    for (const server of Object.values(servers)) server.proc.kill('SIGTERM');
  }
}
