// Latency rows of the emulator benchmarks (run.mjs), alternating rounds like the others:
//  - 4 KiB PUTs, one keep-alive connection, sequential, new keys: p50 and server CPU per PUT vs the
//    bare server (a few keys read back after each round, outside the timing);
//  - PutObject with an upload callback vs without (4 KiB, receiver in this process): p50 and p99;
//  - the emulator's peak RSS over one 1 GiB PUT (a fresh child, so the peak is that upload's).
import { createServer, Agent } from 'node:http';
import {
  BUCKET,
  CONTESTANTS,
  LABEL,
  MAIN,
  MiB,
  bodyStream,
  cpuMicros,
  cpuSeconds,
  httpRequest,
  peakRssMb,
  readBack,
  roundOrder,
  scaled,
  signed,
  startEmulator,
  startServers,
  stopServers,
  stats,
} from './lib.mjs';

const BODY = Buffer.alloc(4096, 0x62);

/** Percentile `p` (0-1) of samples. */
export function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** Time `count` sequential requests made by `send(i)` on one keep-alive connection; returns each one's ms. */
export async function sequential(count, send) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const samples = [];
  try {
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      const res = await send(i, agent);
      samples.push(performance.now() - start);
      if (res.status !== 200) throw new Error(`status ${res.status}: ${res.text}`);
    }
  } finally {
    agent.destroy();
  }
  return samples;
}

const range = ({ min, max }) => `${min.toFixed(2)}-${max.toFixed(2)}`;

export async function sequentialSmallPutBench(rounds, dirs) {
  const servers = await startServers(dirs);
  const count = scaled(300, 10);
  let round = 0;
  /** One round on server `name`: each PUT's ms, and the server's CPU µs per PUT. */
  const run = async (name) => {
    const server = servers[name];
    const cpu0 = await cpuSeconds(server.proc.pid);
    const samples = await sequential(count, (i, agent) => {
      if (name === 'bare') return httpRequest(`${server.url}/object`, 'PUT', { 'content-length': '4096' }, BODY, agent);
      const key = `seq/${round}/${i}`;
      return httpRequest(`${server.url}/${BUCKET}/${key}`, 'PUT', signed('PUT', key, { 'content-length': '4096' }), BODY, agent);
    });
    const cpu = cpuMicros(cpu0, await cpuSeconds(server.proc.pid), count);
    if (name !== 'bare') await readBack(server, [`seq/${round}/0`, `seq/${round}/${count - 1}`], BODY);
    return { samples, cpu };
  };
  try {
    for (const name of CONTESTANTS) await run(name);
    const p50 = Object.fromEntries(CONTESTANTS.map((name) => [name, []]));
    const total = Object.fromEntries(CONTESTANTS.map((name) => [name, []]));
    const cpu = Object.fromEntries(CONTESTANTS.map((name) => [name, []]));
    for (round = 1; round <= rounds; round++) {
      for (const name of roundOrder(CONTESTANTS, round)) {
        const { samples, cpu: micros } = await run(name);
        p50[name].push(percentile(samples, 0.5));
        total[name].push(samples.reduce((a, b) => a + b, 0));
        cpu[name].push(micros);
      }
    }
    console.log(`\n4 KiB PUT, one keep-alive connection, ${count} sequential PUTs of new keys, ${rounds} rotating rounds after a warm-up`);
    for (const name of CONTESTANTS.slice(1)) {
      const ratio = stats(p50[name].map((e, i) => e / p50.bare[i]));
      const cpuRatio = stats(cpu[name].map((e, i) => e / cpu.bare[i]));
      console.log(
        `  p50 bare ${stats(p50.bare).median.toFixed(2)} ms, ${LABEL[name]} ${stats(p50[name]).median.toFixed(2)} ms -> ` +
          `${LABEL[name]}/bare ${ratio.median.toFixed(2)}x [${range(ratio)}] (goal <= 1.5x); ` +
          `${count} PUTs take ${stats(total[name]).median.toFixed(0)} ms vs ${stats(total.bare).median.toFixed(0)} ms; ` +
          `server CPU per PUT ${stats(cpu[name]).median.toFixed(0)} vs ${stats(cpu.bare).median.toFixed(0)} µs -> ${cpuRatio.median.toFixed(2)}x [${range(cpuRatio)}]`,
      );
    }
    if (cpu.base) {
      const p50Ratio = stats(p50.emu.map((e, i) => e / p50.base[i]));
      const cpuRatio = stats(cpu.emu.map((e, i) => e / cpu.base[i]));
      console.log(`  emulator/baseline per round: p50 ${p50Ratio.median.toFixed(2)}x [${range(p50Ratio)}], server CPU per PUT ${cpuRatio.median.toFixed(2)}x [${range(cpuRatio)}]`);
    }
  } finally {
    stopServers(servers);
  }
}

/** A callback receiver answering every POST with a small JSON body, as an app server would. */
async function startReceiver() {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const reply = '{"Status":"OK"}';
      // OSS refuses a reply without Content-Length ("User server missing content-length").
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(reply.length) });
      res.end(reply);
    });
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${server.address().port}/callback`, close: () => new Promise((done) => server.close(done)) };
}

export async function callbackBench(rounds, dir) {
  const emulator = await startEmulator(MAIN, dir);
  const receiver = await startReceiver();
  const callback = Buffer.from(
    JSON.stringify({ callbackUrl: receiver.url, callbackBody: 'bucket=${bucket}&object=${object}&etag=${etag}&size=${size}' }),
  ).toString('base64');
  const count = scaled(200, 10);
  const run = (withCallback) =>
    sequential(count, (i, agent) => {
      const key = `cb/${withCallback}/${i}`;
      const extra = { 'content-length': '4096', ...(withCallback ? { 'x-oss-callback': callback } : {}) };
      return httpRequest(`${emulator.url}/${BUCKET}/${key}`, 'PUT', signed('PUT', key, extra), BODY, agent);
    });
  try {
    await run(true);
    await run(false);
    const p = { with: { p50: [], p99: [] }, without: { p50: [], p99: [] } };
    for (let round = 1; round <= rounds; round++) {
      for (const name of round % 2 ? ['without', 'with'] : ['with', 'without']) {
        const samples = await run(name === 'with');
        p[name].p50.push(percentile(samples, 0.5));
        p[name].p99.push(percentile(samples, 0.99));
      }
    }
    const ratio = (q) => stats(p.with[q].map((w, i) => w / p.without[q][i]));
    const line = (q) =>
      `${q} ${stats(p.with[q]).median.toFixed(2)} vs ${stats(p.without[q]).median.toFixed(2)} ms -> ${ratio(q).median.toFixed(2)}x [${range(ratio(q))}]`;
    console.log(`\nPutObject 4 KiB with an upload callback (receiver on 127.0.0.1) vs without, ${count} sequential, ${rounds} alternating rounds`);
    console.log(`  with/without: ${line('p50')}; ${line('p99')}`);
  } finally {
    emulator.proc.kill('SIGTERM');
    await receiver.close();
  }
}

export async function uploadRssBench(dir) {
  const emulator = await startEmulator(MAIN, dir);
  try {
    const before = await peakRssMb(emulator.proc.pid);
    const size = scaled(1024, 8) * MiB;
    const res = await httpRequest(`${emulator.url}/${BUCKET}/rss`, 'PUT', signed('PUT', 'rss', { 'content-length': String(size) }), bodyStream(size));
    if (res.status !== 200) throw new Error(`PUT status ${res.status}`);
    const after = await peakRssMb(emulator.proc.pid);
    console.log(`\n${size / MiB} MiB PUT into a fresh emulator: peak RSS ${after.toFixed(0)} MB (${before.toFixed(0)} MB before the upload) (goal < 200 MB)`);
  } finally {
    emulator.proc.kill('SIGTERM');
  }
}
