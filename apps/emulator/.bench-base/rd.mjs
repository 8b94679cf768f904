import { open as openP } from 'node:fs/promises';
import { createReadStream, openSync, writeFileSync, rmSync } from 'node:fs';
const f = '/tmp/prof/rd.bin'; writeFileSync(f, Buffer.alloc(256 << 20, 97));
const drain = (s) => new Promise((res, rej) => { s.on('data', () => {}); s.on('end', res); s.on('error', rej); });
const r = { handle: [], number: [] };
for (let k = 0; k < 5; k++) {
  let c0 = process.cpuUsage(); const h = await openP(f, 'r'); await drain(createReadStream('', { fd: h, highWaterMark: 256 * 1024, autoClose: true })); let c = process.cpuUsage(c0); r.handle.push((c.user + c.system) / 1e3);
  c0 = process.cpuUsage(); const fd = openSync(f, 'r'); await drain(createReadStream('', { fd, highWaterMark: 256 * 1024, autoClose: true })); c = process.cpuUsage(c0); r.number.push((c.user + c.system) / 1e3);
}
for (const [k, v] of Object.entries(r)) { v.sort((a, b) => a - b); console.log(k, 'CPU ms median', v[2].toFixed(0), v.map(x=>x.toFixed(0)).join(' ')); }
rmSync(f);
