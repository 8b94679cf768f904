import { request } from 'node:http';
import { authorizationV1 } from '@ossbox/protocol';
const [url, n] = [process.argv[2], Number(process.argv[3] ?? 3)];
const MiB = 1024*1024, size = 256*MiB, BUCKET='bench-bucket';
const CREDS = { accessKeyId: 'ossbox', accessKeySecret: 'ossbox-secret' };
function signed(method, key, extra = {}) {
  const headers = { 'x-oss-date': new Date().toUTCString(), 'content-type': 'application/octet-stream', ...extra };
  headers.authorization = authorizationV1({ method, bucket: BUCKET, key, headers, query: {} }, CREDS);
  return headers;
}
const chunk = Buffer.alloc(MiB, 0x61);
for (let i=0;i<n;i++){
  const t=Date.now();
  await new Promise((resolve,reject)=>{
    const req = request(`${url}/${BUCKET}/k`, {method:'PUT', headers: signed('PUT','k',{'content-length':String(size)})}, res=>{res.resume(); res.on('end',()=>resolve(res.statusCode));});
    req.on('error',reject);
    (async()=>{for(let s=0;s<size;s+=MiB) if(!req.write(chunk)) await new Promise(r=>req.once('drain',r)); req.end();})();
  }).then(s=>console.log('status',s, Date.now()-t,'ms'));
}
