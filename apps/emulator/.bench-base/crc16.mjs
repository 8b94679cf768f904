import { crc64 as ref, Crc64 } from '@ossbox/protocol';
const POLY_HI = 0xc96c5795, POLY_LO = 0xd7870f42;
const K = 16;
const lo = Array.from({ length: K }, () => new Uint32Array(256)), hi = Array.from({ length: K }, () => new Uint32Array(256));
for (let n = 0; n < 256; n++) { let l = n, h = 0; for (let b = 0; b < 8; b++) { const c = l & 1; l = (l >>> 1) | (h << 31); h >>>= 1; if (c) { l ^= POLY_LO; h ^= POLY_HI; } } lo[0][n] = l; hi[0][n] = h; }
for (let s = 1; s < K; s++) for (let n = 0; n < 256; n++) { const l = lo[s-1][n], h = hi[s-1][n], i = l & 0xff; lo[s][n] = ((l >>> 8) | (h << 24)) ^ lo[0][i]; hi[s][n] = (h >>> 8) ^ hi[0][i]; }
const [L0,L1,L2,L3,L4,L5,L6,L7,L8,L9,L10,L11,L12,L13,L14,L15] = lo;
const [H0,H1,H2,H3,H4,H5,H6,H7,H8,H9,H10,H11,H12,H13,H14,H15] = hi;
function update(state, data) {
  let l0 = state[0], h0 = state[1]; const n = data.length; let i = 0;
  const head = (4 - (data.byteOffset & 3)) & 3;
  if (n >= 32) {
    for (; i < head; i++) { const x = (l0 ^ data[i]) & 0xff; l0 = ((l0 >>> 8) | (h0 << 24)) ^ L0[x]; h0 = (h0 >>> 8) ^ H0[x]; }
    const steps = (n - i) >>> 4; const w = new Uint32Array(data.buffer, data.byteOffset + i, steps * 4);
    for (let k = 0; k < w.length; k += 4) {
      const a = l0 ^ w[k], b = h0 ^ w[k + 1], c = w[k + 2], d = w[k + 3];
      l0 = L15[a & 0xff] ^ L14[(a >>> 8) & 0xff] ^ L13[(a >>> 16) & 0xff] ^ L12[a >>> 24] ^ L11[b & 0xff] ^ L10[(b >>> 8) & 0xff] ^ L9[(b >>> 16) & 0xff] ^ L8[b >>> 24]
        ^ L7[c & 0xff] ^ L6[(c >>> 8) & 0xff] ^ L5[(c >>> 16) & 0xff] ^ L4[c >>> 24] ^ L3[d & 0xff] ^ L2[(d >>> 8) & 0xff] ^ L1[(d >>> 16) & 0xff] ^ L0[d >>> 24];
      h0 = H15[a & 0xff] ^ H14[(a >>> 8) & 0xff] ^ H13[(a >>> 16) & 0xff] ^ H12[a >>> 24] ^ H11[b & 0xff] ^ H10[(b >>> 8) & 0xff] ^ H9[(b >>> 16) & 0xff] ^ H8[b >>> 24]
        ^ H7[c & 0xff] ^ H6[(c >>> 8) & 0xff] ^ H5[(c >>> 16) & 0xff] ^ H4[c >>> 24] ^ H3[d & 0xff] ^ H2[(d >>> 8) & 0xff] ^ H1[(d >>> 16) & 0xff] ^ H0[d >>> 24];
    }
    i += steps * 16;
  }
  for (; i < n; i++) { const x = (l0 ^ data[i]) & 0xff; l0 = ((l0 >>> 8) | (h0 << 24)) ^ L0[x]; h0 = (h0 >>> 8) ^ H0[x]; }
  state[0] = l0; state[1] = h0;
}
const crc16 = (d) => { const s = [~0, ~0]; update(s, d); return (BigInt((~s[1]) >>> 0) << 32n) | BigInt((~s[0]) >>> 0); };
console.log(crc16(Buffer.from('123456789')) === 11051210869376104954n);
const rnd = Buffer.alloc(100003); for (let i = 0; i < rnd.length; i++) rnd[i] = (i * 2654435761) >>> 24;
for (const off of [0, 1, 2, 3, 5]) console.log(crc16(rnd.subarray(off)) === ref(rnd.subarray(off)));
const b = Buffer.alloc(64 * 1024, 0x61); const r = { s8: [], s16: [] };
for (let k = 0; k < 7; k++) {
  let c0 = process.cpuUsage(); const x = new Crc64(); for (let i = 0; i < 4096; i++) x.update(b); let c = process.cpuUsage(c0); r.s8.push((c.user + c.system) / 1e3);
  c0 = process.cpuUsage(); const s = [~0, ~0]; for (let i = 0; i < 4096; i++) update(s, b); c = process.cpuUsage(c0); r.s16.push((c.user + c.system) / 1e3);
}
for (const [k, v] of Object.entries(r)) { v.sort((a, b) => a - b); console.log(k, 'CPU ms/256MiB median', v[3].toFixed(0), 'min', v[0].toFixed(0)); }
