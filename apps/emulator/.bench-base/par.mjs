import { Worker } from 'node:worker_threads';
import { createHash } from 'node:crypto';
const src = `const { parentPort } = require('node:worker_threads'); const { createHash } = require('node:crypto'); const b = Buffer.alloc(65536, 97);
parentPort.on('message', () => { const h = createHash('md5'); for (let i = 0; i < 4096; i++) h.update(b); h.digest(); parentPort.postMessage(0); });`;
const w = new Worker(src, { eval: true });
const b = Buffer.alloc(65536, 97);
const md5 = () => { const h = createHash('md5'); for (let i = 0; i < 4096; i++) h.update(b); h.digest(); };
await new Promise(r => { w.once('message', r); w.postMessage(0); });
for (let k = 0; k < 4; k++) {
  let t = performance.now(); md5(); await new Promise(r => { w.once('message', r); w.postMessage(0); }); const seq = performance.now() - t;
  t = performance.now(); const p = new Promise(r => w.once('message', r)); w.postMessage(0); md5(); await p; const par = performance.now() - t;
  console.log('two 256 MiB MD5s: sequential', seq.toFixed(0), 'ms, parallel', par.toFixed(0), 'ms');
}
w.terminate();
