// hash-wasm publishes each algorithm alone as dist/<name>.umd.min.js (its README's "<script>"
// examples); its package types cover only the whole bundle, so the CRC-64 file is declared here.
declare module 'hash-wasm/dist/crc64.umd.min.js' {
  import type { createCRC64 } from 'hash-wasm';

  const crc64Bundle: { createCRC64: typeof createCRC64 };
  export default crc64Bundle;
}
