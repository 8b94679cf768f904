import { createHash } from 'node:crypto';
import { Crc64 } from '@ossbox/protocol';
const b = Buffer.alloc(64*1024, 0x61); const N = 4096;
const r = { md5: [], crc: [] };
for (let k=0;k<7;k++){
  let c0=process.cpuUsage(); const h=createHash('md5'); for(let i=0;i<N;i++) h.update(b); h.digest(); let c=process.cpuUsage(c0); r.md5.push((c.user+c.system)/1e3);
  c0=process.cpuUsage(); const x=new Crc64(); for(let i=0;i<N;i++) x.update(b); x.digest(); c=process.cpuUsage(c0); r.crc.push((c.user+c.system)/1e3);
}
for (const [k,v] of Object.entries(r)) { v.sort((a,b)=>a-b); console.log(k, 'CPU ms per 256 MiB: median', v[3].toFixed(0), 'min', v[0].toFixed(0)); }
