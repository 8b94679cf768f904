import { createHash } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Crc64 } from '@ossbox/protocol';
const CH = 64 * 1024, TOTAL = 256 * 1024 * 1024, file = '/tmp/prof/plumb.bin';
const src = () => { let sent = 0; return new Readable({ highWaterMark: 64 * 1024, read() { if (sent >= TOTAL) return this.push(null); sent += CH; this.push(Buffer.alloc(CH, 97)); } }); };
async function A(hash) {
  const md5 = createHash('md5'), crc = new Crc64(); let size = 0;
  await pipeline(src(), async function* (chunks) { for await (const c of chunks) { size += c.length; if (hash) { md5.update(c); crc.update(c); } yield c; } }, createWriteStream(file, { highWaterMark: 1 << 20 }));
  md5.digest();
}
async function B(hash) {
  const md5 = createHash('md5'), crc = new Crc64(); let size = 0;
  const s = src(), ws = createWriteStream(file, { highWaterMark: 1 << 20 });
  await new Promise((resolve, reject) => {
    s.on('data', (c) => { size += c.length; if (hash) { md5.update(c); crc.update(c); } if (!ws.write(c)) { s.pause(); ws.once('drain', () => s.resume()); } });
    s.on('end', () => ws.end()); s.on('error', reject); ws.on('error', reject); ws.on('finish', resolve);
  });
  md5.digest();
}
async function C(hash, batch = 1 << 20, hwm = 4 << 20) {
  const md5 = createHash('md5'), crc = new Crc64(); let size = 0;
  const ws = createWriteStream(file, { highWaterMark: hwm });
  let corked = 0;
  await pipeline(src(), async function* (chunks) { for await (const c of chunks) { size += c.length; if (hash) { md5.update(c); crc.update(c); }
    const room = ws.writableLength + c.length < hwm;
    if (corked > 0 && (corked + c.length > batch || !room)) { ws.uncork(); corked = 0; }
    if (corked === 0 && room) ws.cork();
    if (ws.writableCorked) corked += c.length;
    yield c; }
    if (corked > 0) ws.uncork(); }, ws);
  md5.digest();
}
const variants = { C0: () => C(false),  A: () => A(true), B: () => B(true), A0: () => A(false), B0: () => B(false) };
const res = {};
for (let r = 0; r < 5; r++) for (const [n, f] of Object.entries(variants)) {
  const c0 = process.cpuUsage(); const t0 = performance.now(); await f(); const c = process.cpuUsage(c0);
  (res[n] ??= []).push([(c.user + c.system) / 1e3, performance.now() - t0]);
}
for (const [n, v] of Object.entries(res)) { const cpu = v.map(x => x[0]).sort((a, b) => a - b), w = v.map(x => x[1]).sort((a, b) => a - b); console.log(n, 'cpu ms median', cpu[2].toFixed(0), 'wall', w[2].toFixed(0), 'cpu all', cpu.map(x=>x.toFixed(0)).join(' ')); }
rmSync(file);
