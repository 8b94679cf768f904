// Emulator benchmarks, measured side by side in one run (no assertions):
//  1. 256 MiB PUT and GET through the emulator vs a bare node:http server streaming to/from a
//     file (goals: PUT >= 0.8x, GET >= 0.9x): rotating rounds (`--rounds=N`, default 5), median ratio with its
//     spread, server and client CPU, and the emulator's peak RSS (goal < 200 MB; `--big` adds a
//     1 GiB run of up to 3 rounds);
//  2. 4 KiB PUTs over 16 concurrent keep-alive connections (ops/s, and server CPU per PUT, whole
//     process and main thread, steadier on a shared machine), alternating rounds as in (1); some keys are read back after each round
//     (outside the timing), since the emulator keeps such bodies in SQLite rather than in files;
//  3. ListObjects page time with 1k vs 100k keys in the bucket (goal: at most 2x apart);
//  4. the emulator's CPU for a 256 MiB multipart upload (256 x 1 MiB UploadPart, 5 in flight, then
//     CompleteMultipartUpload) vs one 256 MiB PUT of the same bytes, alternating rounds as in (1).
// The servers of (1), (2) and (4) run as child processes so RSS and CPU are their own.
// Usage: pnpm --filter @ossbox/emulator build && pnpm --filter @ossbox/emulator bench
//        [-- --big] [--rounds=N] [--only=transfer|small|list|multipart|callback|ruby] [--smoke]
// latency.mjs adds: 4 KiB sequential PUT p50 vs bare, PutObject with vs without a callback, and
// the peak RSS over a 1 GiB PUT. The client-side rows (@ossbox/sdk vs ali-oss) are e2e's bench.
// BENCH_CPU_PROF=<dir>: every server child also writes a V8 CPU profile (.cpuprofile) there.
// BENCH_EMULATOR_BASELINE=<another build's dist/main.js>: transfer, small-PUT, multipart and Ruby
// rows race that build too (before/after ratios from one run).
// ruby.mjs adds, with BENCH_RUBY_EMULATOR=<aliyun/oss-emulator checkout>/bin/emulator: a 256 MiB PUT
// and 200 sequential 4 KiB PUTs raced against Alibaba's 2017 Ruby emulator (without it, a line
// saying how to turn them on).
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { authorizationV1 } from '@ossbox/protocol';
import { createApp, openStorage, resolveConfig } from '../dist/index.js';
import {
  BASELINE_MAIN,
  BUCKET,
  CONTESTANTS,
  CREDS,
  LABEL,
  MAIN,
  MiB,
  bodyStream,
  clientCpuSeconds,
  cpuSeconds,
  httpRequest,
  machineTicks,
  cpuMicros,
  peakRssMb,
  readBack,
  roundOrder,
  scaled,
  signed,
  startEmulator,
  startServers,
  stopServers,
  stats,
  timed,
} from './lib.mjs';
import { callbackBench, sequentialSmallPutBench, uploadRssBench } from './latency.mjs';
import { rubyEmulatorBench } from './ruby.mjs';

const big = process.argv.includes('--big');
const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length) ?? scaled(5, 1));

/**
 * Rounds of PUT then GET on every server (the bare one, this emulator build and, with
 * BENCH_EMULATOR_BASELINE, another build). The order rotates every round so drift in machine load
 * hits all sides alike; each round gives one bare/emulator ratio, and the median ratio with its
 * spread is reported. One small warm-up round (JIT, first-file costs) is not counted.
 */
async function transferBench(size, rounds, dirs) {
  const servers = await startServers(dirs);
  try {
    const op = async (kind, name, bytes) => {
      const server = servers[name];
      const key = `big-${bytes}`;
      const call = () => {
        if (name === 'bare') {
          return kind === 'PUT'
            ? httpRequest(`${server.url}/object`, 'PUT', { 'content-length': String(bytes) }, bodyStream(bytes))
            : httpRequest(`${server.url}/object`, 'GET', {});
        }
        return kind === 'PUT'
          ? httpRequest(`${server.url}/${BUCKET}/${key}`, 'PUT', signed('PUT', key, { 'content-length': String(bytes) }), bodyStream(bytes))
          : httpRequest(`${server.url}/${BUCKET}/${key}`, 'GET', signed('GET', key));
      };
      const server0 = await cpuSeconds(server.proc.pid);
      const machine0 = await machineTicks();
      const client0 = clientCpuSeconds();
      const { ms, result } = await timed(call);
      const client = clientCpuSeconds() - client0;
      const machine1 = await machineTicks();
      const serverCpu = (await cpuSeconds(server.proc.pid)) - server0;
      const busy = (machine1.busy - machine0.busy) / (machine1.total - machine0.total);
      if (result.status !== 200) throw new Error(`${name} ${kind} status ${result.status}`);
      if (kind === 'GET' && result.bytes !== bytes) throw new Error(`${name} GET returned ${result.bytes} bytes`);
      return { ms, serverCpu, client, busy };
    };
    for (const kind of ['PUT', 'GET']) for (const name of CONTESTANTS) await op(kind, name, scaled(16, 1) * MiB);
    const rssBefore = await peakRssMb(servers.emu.proc.pid);
    const samples = { PUT: {}, GET: {} };
    for (const kind of ['PUT', 'GET']) for (const name of CONTESTANTS) samples[kind][name] = [];
    for (let round = 0; round < rounds; round++) {
      const order = roundOrder(CONTESTANTS, round);
      for (const kind of ['PUT', 'GET']) for (const name of order) samples[kind][name].push(await op(kind, name, size));
    }
    const rssAfter = await peakRssMb(servers.emu.proc.pid);
    const mbps = (list) => (size / MiB / (stats(list.map((s) => s.ms)).median / 1000)).toFixed(0);
    console.log(`\n${size / MiB} MiB transfer, ${rounds} rotating rounds (median, [min-max] over rounds)`);
    for (const kind of ['PUT', 'GET']) {
      const runs = samples[kind];
      const goal = kind === 'PUT' ? '0.8' : '0.9';
      for (const name of CONTESTANTS.slice(1)) {
        const ratio = stats(runs.bare.map((s, i) => s.ms / runs[name][i].ms));
        const who = name === 'emu' ? '' : ` ${LABEL[name]}`;
        console.log(`  ${kind}${who}  ratio ${ratio.median.toFixed(2)}x [${spread(ratio)}] (goal >= ${goal}x); bare ${mbps(runs.bare)} MiB/s, ${LABEL[name]} ${mbps(runs[name])} MiB/s`);
      }
      const cpu = (name, field) => stats(runs[name].map((s) => s[field])).median.toFixed(2);
      const busy = (name) => `${(stats(runs[name].map((s) => s.busy)).median * 100).toFixed(0)}%`;
      const each = (f) => CONTESTANTS.map(f).join(' / ');
      console.log(
        `        CPU s per ${kind} (${each((n) => LABEL[n])}): server ${each((n) => cpu(n, 'serverCpu'))}; ` +
          `client ${each((n) => cpu(n, 'client'))}; machine busy ${each(busy)} of ${availableParallelism()} CPUs`,
      );
    }
    console.log(`  emulator peak RSS: ${rssBefore.toFixed(0)} MB after warm-up, ${rssAfter.toFixed(0)} MB after all rounds (goal < 200 MB)`);
  } finally {
    stopServers(servers);
  }
}

const spread = ({ min, max }) => `${min.toFixed(2)}-${max.toFixed(2)}`;

async function smallPutBench(rounds, dirs) {
  const servers = await startServers(dirs);
  try {
    const body = Buffer.alloc(4096, 0x62);
    const total = scaled(2000, 20);
    const run = async (name) => {
      const server = servers[name];
      const agent = new Agent({ keepAlive: true, maxSockets: 16 });
      let next = 0;
      const worker = async () => {
        while (next < total) {
          const i = next++;
          const key = `small/${i}`;
          const res =
            name === 'bare'
              ? await httpRequest(`${server.url}/object`, 'PUT', { 'content-length': '4096' }, body, agent)
              : await httpRequest(`${server.url}/${BUCKET}/${key}`, 'PUT', signed('PUT', key, { 'content-length': '4096' }), body, agent);
          if (res.status !== 200) throw new Error(`PUT status ${res.status}`);
        }
      };
      const pid = server.proc.pid;
      const [cpu0, main0] = [await cpuSeconds(pid), await cpuSeconds(pid, { mainThread: true })];
      const { ms } = await timed(() => Promise.all(Array.from({ length: 16 }, worker)));
      const cpu = cpuMicros(cpu0, await cpuSeconds(pid), total);
      const mainCpu = cpuMicros(main0, await cpuSeconds(pid, { mainThread: true }), total);
      agent.destroy();
      if (name !== 'bare') await readBack(server, ['small/0', `small/${total >> 1}`, `small/${total - 1}`], body);
      return { ops: (total / ms) * 1000, cpu, mainCpu };
    };
    for (const name of CONTESTANTS) await run(name);
    const ops = Object.fromEntries(CONTESTANTS.map((name) => [name, []]));
    const cpu = Object.fromEntries(CONTESTANTS.map((name) => [name, []]));
    const mainCpu = Object.fromEntries(CONTESTANTS.map((name) => [name, []]));
    for (let round = 0; round < rounds; round++) {
      for (const name of roundOrder(CONTESTANTS, round)) {
        const sample = await run(name);
        ops[name].push(sample.ops);
        cpu[name].push(sample.cpu);
        mainCpu[name].push(sample.mainCpu);
      }
    }
    console.log(`\n4 KiB PUT, 16 concurrent connections, ${total} requests, ${rounds} rotating rounds after a warm-up`);
    for (const name of CONTESTANTS.slice(1)) {
      const ratio = stats(ops[name].map((e, i) => e / ops.bare[i]));
      const cpuRatio = stats(cpu[name].map((e, i) => e / cpu.bare[i]));
      console.log(
        `  bare ${stats(ops.bare).median.toFixed(0)} ops/s, ${LABEL[name]} ${stats(ops[name]).median.toFixed(0)} ops/s ` +
          `-> ratio ${ratio.median.toFixed(2)}x [${spread(ratio)}] (goal >= 0.8x); server CPU per PUT ` +
          `bare ${stats(cpu.bare).median.toFixed(0)} µs, ${LABEL[name]} ${stats(cpu[name]).median.toFixed(0)} µs -> ${cpuRatio.median.toFixed(2)}x [${spread(cpuRatio)}]; ` +
          `main thread ${stats(mainCpu.bare).median.toFixed(0)} vs ${stats(mainCpu[name]).median.toFixed(0)} µs`,
      );
    }
    if (cpu.base) {
      const opsRatio = stats(ops.emu.map((e, i) => e / ops.base[i]));
      const cpuRatio = stats(cpu.emu.map((e, i) => e / cpu.base[i]));
      const mainRatio = stats(mainCpu.emu.map((e, i) => e / mainCpu.base[i]));
      console.log(
        `  emulator/baseline per round: ops/s ${opsRatio.median.toFixed(2)}x [${spread(opsRatio)}], server CPU per PUT ${cpuRatio.median.toFixed(2)}x [${spread(cpuRatio)}], ` +
          `main thread ${mainRatio.median.toFixed(2)}x [${spread(mainRatio)}]`,
      );
    }
  } finally {
    stopServers(servers);
  }
}

/**
 * Emulator CPU for one 256 MiB multipart upload (UploadPart steps and Complete counted apart) vs
 * one 256 MiB PUT, on one emulator child, PUT and multipart order alternating per round. Both
 * hash every byte once (MD5 and CRC-64); the multipart upload also pays 256 requests and part
 * files (Complete copies nothing: the object is the list of its parts).
 */
async function multipartBench(rounds, dirs) {
  const names = CONTESTANTS.slice(1);
  const emulators = {};
  for (const name of names) emulators[name] = await startEmulator(name === 'emu' ? MAIN : BASELINE_MAIN, dirs[name]);
  const partCount = scaled(256, 4);
  const part = Buffer.alloc(MiB, 0x63);
  const ok = (res, what, status = 200) => {
    if (res.status !== status) throw new Error(`${what} status ${res.status}: ${res.text}`);
    return res;
  };
  // Each object is deleted after its measurement (outside it), so every upload writes into page
  // cache the previous one freed. Writing into pages the machine has not used lately cost up to
  // 10x more kernel CPU per MiB on the benchmark VM (0.08 vs 0.5-3.5 CPU-s per 256 MiB, with or
  // without ossbox), which made the ratio swing with the page cache rather than the emulator.
  const remove = (emulator, key, agent) => httpRequest(`${emulator.url}/${BUCKET}/${key}`, 'DELETE', signed('DELETE', key), undefined, agent);
  const multipart = async (emulator, key) => {
    const serverCpu = () => cpuSeconds(emulator.proc.pid);
    const base = `${emulator.url}/${BUCKET}/${key}`;
    const agent = new Agent({ keepAlive: true, maxSockets: 5 });
    const init = ok(await httpRequest(`${base}?uploads`, 'POST', signed('POST', key, {}, { uploads: null }), undefined, agent), 'Initiate');
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(init.text)[1];
    const cpu0 = await serverCpu();
    const etags = [];
    let next = 1;
    const worker = async () => {
      while (next <= partCount) {
        const n = next++;
        const query = { partNumber: String(n), uploadId };
        const headers = signed('PUT', key, { 'content-length': String(MiB) }, query);
        etags[n - 1] = ok(await httpRequest(`${base}?partNumber=${n}&uploadId=${uploadId}`, 'PUT', headers, part, agent), 'UploadPart').headers.etag;
      }
    };
    await Promise.all(Array.from({ length: 5 }, worker));
    const cpu1 = await serverCpu();
    const xml = Buffer.from(
      `<CompleteMultipartUpload>${etags.map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${etag}</ETag></Part>`).join('')}</CompleteMultipartUpload>`,
    );
    const headers = signed('POST', key, { 'content-type': 'application/xml', 'content-length': String(xml.length) }, { uploadId });
    const done = ok(await httpRequest(`${base}?uploadId=${uploadId}`, 'POST', headers, xml, agent), 'Complete');
    const cpu2 = await serverCpu();
    ok(await remove(emulator, key, agent), 'DeleteObject', 204);
    agent.destroy();
    return { parts: cpu1 - cpu0, complete: cpu2 - cpu1, crc: done.headers['x-oss-hash-crc64ecma'] };
  };
  const put = async (emulator, key) => {
    const cpu0 = await cpuSeconds(emulator.proc.pid);
    const res = ok(await httpRequest(`${emulator.url}/${BUCKET}/${key}`, 'PUT', signed('PUT', key, { 'content-length': String(partCount * MiB) }), bodyStream(partCount * MiB, 0x63)), 'PUT');
    const cpu = (await cpuSeconds(emulator.proc.pid)) - cpu0;
    ok(await remove(emulator, key), 'DeleteObject', 204);
    return { cpu, crc: res.headers['x-oss-hash-crc64ecma'] };
  };
  try {
    for (const name of names) await multipart(emulators[name], 'warm-up');
    const samples = Object.fromEntries(names.map((name) => [name, { parts: [], complete: [], put: [] }]));
    for (let round = 0; round < rounds; round++) {
      for (const name of roundOrder(names, round)) {
        const emulator = emulators[name];
        let m;
        let p;
        if (round % 2 === 0) {
          m = await multipart(emulator, `mp-${round}`);
          p = await put(emulator, `put-${round}`);
        } else {
          p = await put(emulator, `put-${round}`);
          m = await multipart(emulator, `mp-${round}`);
        }
        if (m.crc !== p.crc) throw new Error(`CRC-64 differs: multipart ${m.crc}, PUT ${p.crc}`);
        samples[name].parts.push(m.parts);
        samples[name].complete.push(m.complete);
        samples[name].put.push(p.cpu);
      }
    }
    const med = (list) => stats(list).median;
    console.log(`\n${partCount} MiB multipart upload (${partCount} x 1 MiB parts, 5 in flight) vs one PUT, emulator CPU s, ${rounds} alternating rounds (median)`);
    for (const name of names) {
      const s = samples[name];
      const total = s.parts.map((parts, i) => parts + s.complete[i]);
      const ratio = stats(total.map((t, i) => t / s.put[i]));
      console.log(
        `  ${name === 'emu' ? '' : `${LABEL[name]}: `}UploadPart x${partCount} ${med(s.parts).toFixed(2)}, Complete ${med(s.complete).toFixed(2)}, ` +
          `together ${med(total).toFixed(2)}; PUT ${med(s.put).toFixed(2)} -> multipart/PUT ${ratio.median.toFixed(2)}x [${spread(ratio)}] (goal <= 1.2x)`,
      );
    }
  } finally {
    stopServers(emulators);
  }
}

async function listBench(root) {
  const results = {};
  const [few, many] = [1000, scaled(100_000, 2000)];
  for (const count of [few, many]) {
    const dir = join(root, `list-${count}`);
    const config = resolveConfig({ location: dir, buckets: [BUCKET], logLevel: 'silent' });
    const storage = await openStorage(dir);
    storage.meta.createBucket({ name: BUCKET, acl: 'private', storageClass: 'Standard', createdAt: new Date() });
    const now = new Date();
    for (let i = 0; i < count; i++) {
      // 1000 "directories" either way (1 or 100 keys each), so a delimiter page is 1000 common
      // prefixes in both runs and only the number of keys skipped under them differs.
      const key = `dir${String(i % 1000).padStart(4, '0')}/file${String(Math.floor(i / 1000)).padStart(3, '0')}`;
      storage.meta.putObject({
        bucket: BUCKET, key, blobId: `b${i}`, size: 4096, etag: 'D41D8CD98F00B204E9800998ECF8427E', crc64: '0',
        type: 'Normal', storageClass: 'Standard', acl: 'default', lastModified: now,
        contentType: 'application/octet-stream', userMeta: {},
      });
    }
    const app = createApp({ config, storage });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${server.address().port}`;
    const agent = new Agent({ keepAlive: true });
    const page = async (query) => {
      const headers = { 'x-oss-date': new Date().toUTCString() };
      const q = Object.fromEntries(new URLSearchParams(query));
      headers.authorization = authorizationV1({ method: 'GET', bucket: BUCKET, headers, query: q }, CREDS);
      const samples = [];
      for (let i = 0; i < scaled(30, 3); i++) {
        const { ms, result } = await timed(() => httpRequest(`${url}/${BUCKET}/?${query}`, 'GET', headers, undefined, agent));
        if (result.status !== 200) throw new Error(`list status ${result.status}`);
        samples.push(ms);
      }
      samples.sort((a, b) => a - b);
      return samples[Math.floor(samples.length / 2)];
    };
    // A marker that still leaves a full page: halfway through 100k keys, the first key of 1k.
    const middle = count > 2000 ? 'dir0500/file000' : 'dir0000/file000';
    results[count] = {
      first: await page('max-keys=1000'),
      middle: await page(`max-keys=1000&marker=${encodeURIComponent(middle)}`),
      delimiter: await page('max-keys=1000&delimiter=%2F'),
    };
    agent.destroy();
    await new Promise((r) => server.close(r));
    storage.close();
  }
  console.log(`\nListObjects, 1000-entry page, median of ${scaled(30, 3)}`);
  for (const kind of ['first', 'middle', 'delimiter']) {
    const small = results[few][kind];
    const large = results[many][kind];
    console.log(`  ${kind.padEnd(9)} ${few / 1000}k keys ${small.toFixed(2)} ms, ${many / 1000}k keys ${large.toFixed(2)} ms -> ${(large / small).toFixed(2)}x (goal <= 2x)`);
  }
}

const root = await mkdtemp(join(tmpdir(), 'ossbox-bench-'));
try {
  const dirs = async (name) => {
    const emu = join(root, `${name}-emu`);
    const base = join(root, `${name}-base`);
    const bare = await mkdtemp(join(root, `${name}-bare-`));
    return { emu, base, bare };
  };
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  if (!only || only === 'transfer') {
    await transferBench(scaled(256, 4) * MiB, rounds, await dirs('t256'));
    if (big) await transferBench(1024 * MiB, Math.min(rounds, 3), await dirs('t1g'));
  }
  if (!only || only === 'transfer') await uploadRssBench(join(root, 'rss-emu'));
  if (!only || only === 'ruby') await rubyEmulatorBench(rounds, { ...(await dirs('ruby')), ruby: join(root, 'ruby-ruby') });
  if (!only || only === 'small') {
    await smallPutBench(rounds, await dirs('small'));
    await sequentialSmallPutBench(rounds, await dirs('sequential'));
  }
  if (!only || only === 'callback') await callbackBench(rounds, join(root, 'callback-emu'));
  if (!only || only === 'list') await listBench(root);
  if (!only || only === 'multipart') await multipartBench(rounds, await dirs('multipart'));
} finally {
  await rm(root, { recursive: true, force: true });
}
