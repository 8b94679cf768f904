// CRC-64 (x-oss-hash-crc64ecma) throughput, raced in one process in alternating order: this
// build's Crc64 (WebAssembly for inputs of 512 bytes or more), this build's JavaScript engine alone
// (the fallback), Node's native MD5 (what every upload also computes), and with
// BENCH_CRC64_BASELINE=<another build's packages/protocol/dist/index.js> that build's Crc64 (e.g. a
// worktree of main, for before/after ratios). 64 MiB of random bytes, fed whole and in chunks of
// the sizes uploads arrive in. Speeds are MiB per CPU-second of this process (robust on a shared
// machine); ratios are the median of the per-round ratios with their spread. No assertions.
import { createHash, randomBytes } from 'node:crypto';
import { Crc64, crc64Combine } from '../dist/index.js';
import { crc64Js } from '../dist/crc64-js.js';

const SIZE = 64 * 1024 * 1024;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CHUNKS = [SIZE, 1024 * 1024, 64 * 1024, 16 * 1024, 4 * 1024];
const baselinePath = process.env.BENCH_CRC64_BASELINE;
const baseline = baselinePath ? await import(baselinePath) : undefined;

const data = randomBytes(SIZE);
const mib = SIZE / (1024 * 1024);

const contenders = {
  crc64: (chunks) => {
    const hash = new Crc64();
    for (const chunk of chunks) hash.update(chunk);
    return hash.digest();
  },
  'js engine': (chunks) => {
    let lo = -1;
    let hi = -1;
    for (const chunk of chunks) {
      crc64Js.update(lo, hi, chunk);
      [lo, hi] = crc64Js.register;
    }
    return (BigInt(~hi >>> 0) << 32n) | BigInt(~lo >>> 0);
  },
  md5: (chunks) => {
    const hash = createHash('md5');
    for (const chunk of chunks) hash.update(chunk);
    return hash.digest();
  },
};
if (baseline) {
  contenders.baseline = (chunks) => {
    const hash = new baseline.Crc64();
    for (const chunk of chunks) hash.update(chunk);
    return hash.digest();
  };
}

function cpuSeconds(fn, chunks) {
  const start = process.cpuUsage();
  fn(chunks);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs) => `${median(xs).toFixed(2)}x [${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}]`;
const label = (size) => (size === SIZE ? 'one update' : `${size / 1024} KiB chunks`);

console.log(`${mib} MiB, ${ROUNDS} rounds${baseline ? `, baseline ${baselinePath}` : ''}`);
const names = Object.keys(contenders);
for (const size of CHUNKS) {
  const chunks = [];
  for (let i = 0; i < SIZE; i += size) chunks.push(data.subarray(i, i + size));
  // Warm-up, and a check that the CRC-64s agree.
  const expected = contenders.crc64(chunks);
  for (const name of names) {
    const got = contenders[name](chunks);
    if (name !== 'md5' && got !== expected) throw new Error(`${name} gave ${got}, crc64 ${expected}`);
  }
  const speeds = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) speeds[name].push(mib / cpuSeconds(contenders[name], chunks));
  }
  const ratio = (a, b) => speeds[a].map((speed, i) => speed / speeds[b][i]);
  console.log(`\n${label(size)}: median MiB per CPU-second`);
  for (const name of names) console.log(`  ${name.padEnd(10)} ${median(speeds[name]).toFixed(0).padStart(6)}`);
  console.log(`  crc64 / js engine  ${spread(ratio('crc64', 'js engine'))}`);
  if (baseline) console.log(`  crc64 / baseline   ${spread(ratio('crc64', 'baseline'))}`);
  console.log(`  crc64 / md5        ${spread(ratio('crc64', 'md5'))}`);
}

const crcA = contenders.crc64([data]);
const COMBINES = 10_000;
const combineSeconds = cpuSeconds(() => {
  for (let i = 0; i < COMBINES; i++) crc64Combine(crcA, crcA, 5 * 1024 * 1024 * 1024 + i);
}, []);
console.log(`\ncrc64Combine ${((combineSeconds / COMBINES) * 1e6).toFixed(1)} µs per call (len2 ≈ 5 GiB)`);
