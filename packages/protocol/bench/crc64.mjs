// CRC-64 (x-oss-hash-crc64ecma) throughput against Node's native MD5 over one 64 MiB buffer,
// measured alternately in the same process. Goal: CRC-64 ≥ 0.5× MD5. No assertions.
import { createHash, randomBytes } from 'node:crypto';
import { Crc64, crc64Combine } from '../dist/index.js';

const SIZE = 64 * 1024 * 1024;
const ROUNDS = 5;
const GOAL = 0.5;

const data = randomBytes(SIZE);
const mb = SIZE / (1024 * 1024);

function time(fn) {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const md5 = () => createHash('md5').update(data).digest();
const crc = () => new Crc64().update(data).digest();
// Streams arrive in chunks; 64 KiB is the default highWaterMark of fs streams.
const crcChunked = () => {
  const hash = new Crc64();
  for (let i = 0; i < SIZE; i += 65536) hash.update(data.subarray(i, i + 65536));
  return hash.digest();
};

// Warm-up: one full pass each, so the JIT has optimized the CRC loop before timing starts.
md5();
crc();
crcChunked();

const best = { md5: Infinity, crc: Infinity, crcChunked: Infinity };
for (let round = 1; round <= ROUNDS; round++) {
  const t = { md5: time(md5), crc: time(crc), crcChunked: time(crcChunked) };
  for (const key of Object.keys(best)) best[key] = Math.min(best[key], t[key]);
  console.log(
    `round ${round}: md5 ${(mb / t.md5).toFixed(0)} MiB/s  crc64 ${(mb / t.crc).toFixed(0)} MiB/s  ` +
      `crc64 (64 KiB chunks) ${(mb / t.crcChunked).toFixed(0)} MiB/s`,
  );
}

const ratio = best.md5 / best.crc;
console.log(`\nbest of ${ROUNDS} over ${mb} MiB:`);
console.log(`  md5 (node crypto)     ${(mb / best.md5).toFixed(0)} MiB/s`);
console.log(`  crc64 (one update)    ${(mb / best.crc).toFixed(0)} MiB/s`);
console.log(`  crc64 (64 KiB chunks) ${(mb / best.crcChunked).toFixed(0)} MiB/s`);
console.log(`  ratio crc64/md5       ${ratio.toFixed(2)}x  (goal >= ${GOAL}x: ${ratio >= GOAL ? 'met' : 'NOT met'})`);

const crcA = crc();
const COMBINES = 10_000;
const combineSeconds = time(() => {
  for (let i = 0; i < COMBINES; i++) crc64Combine(crcA, crcA, 5 * 1024 * 1024 * 1024 + i);
});
console.log(`  crc64Combine          ${((combineSeconds / COMBINES) * 1e6).toFixed(1)} µs per call (len2 ≈ 5 GiB)`);
