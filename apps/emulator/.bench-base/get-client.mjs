import { request } from 'node:http';
import { authorizationV1 } from '@ossbox/protocol';
const [url, n] = [process.argv[2], Number(process.argv[3] ?? 3)];
const BUCKET='bench-bucket', CREDS = { accessKeyId: 'ossbox', accessKeySecret: 'ossbox-secret' };
const headers = { 'x-oss-date': new Date().toUTCString() };
headers.authorization = authorizationV1({ method: 'GET', bucket: BUCKET, key: 'k', headers, query: {} }, CREDS);
for (let i=0;i<n;i++){ const t=Date.now(); await new Promise((resolve,reject)=>{ request(`${url}/${BUCKET}/k`,{headers},res=>{let b=0;res.on('data',c=>b+=c.length);res.on('end',()=>{console.log(res.statusCode,b,Date.now()-t,'ms');resolve();});}).on('error',reject).end();}); }
