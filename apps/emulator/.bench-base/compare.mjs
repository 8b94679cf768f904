// temporary: bare vs base emulator vs new emulator, PUT+GET 256 MiB, rotating order
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authorizationV1 } from '@ossbox/protocol';
const MiB = 1024*1024, BUCKET='bench-bucket', CREDS={ accessKeyId: 'ossbox', accessKeySecret: 'ossbox-secret' };
const size = Number(process.env.SIZE ?? 256)*MiB, rounds = Number(process.env.ROUNDS ?? 6);
const mains = (process.env.MAINS ?? 'base:.bench-base/dist/main.js,new:dist/main.js').split(',').map(s=>s.split(':'));
const BARE = `const http=require('node:http'),fs=require('node:fs'),{pipeline}=require('node:stream/promises'),path=require('node:path');const dir=process.argv[1];
const server=http.createServer(async(req,res)=>{const file=path.join(dir,'object');try{if(req.method==='PUT'){const tmp=file+'.'+Math.random().toString(36).slice(2);await pipeline(req,fs.createWriteStream(tmp));fs.renameSync(tmp,file);res.end();}else{res.setHeader('Content-Length',fs.statSync(file).size);await pipeline(fs.createReadStream(file,{highWaterMark:256*1024}),res);}}catch(e){res.statusCode=500;res.end(String(e));}});
server.listen(0,'127.0.0.1',()=>console.log('listening on http://127.0.0.1:'+server.address().port));`;
async function start(args){const proc=spawn(process.execPath,args,{stdio:['ignore','pipe','inherit']});const url=await new Promise((res,rej)=>{let out='';proc.stdout.on('data',c=>{out+=c;const m=/listening on (http:\/\/\S+)/.exec(out);if(m)res(m[1]);});proc.once('exit',c=>rej(new Error('exit '+c)));});return {proc,url};}
async function cpu(pid){const s=await readFile(`/proc/${pid}/stat`,'utf8');const f=s.slice(s.lastIndexOf(')')+2).split(' ');return (Number(f[11])+Number(f[12]))/100;}
function signed(method,key,extra={}){const h={'x-oss-date':new Date().toUTCString(),'content-type':'application/octet-stream',...extra};h.authorization=authorizationV1({method,bucket:BUCKET,key,headers:h,query:{}},CREDS);return h;}
const chunk=Buffer.alloc(MiB,0x61);
function req(url,method,headers,put){return new Promise((resolve,reject)=>{const r=request(url,{method,headers},res=>{let n=0;res.on('data',c=>n+=c.length);res.on('end',()=>resolve({status:res.statusCode,n}));});r.on('error',reject);if(!put)r.end();else(async()=>{for(let s=0;s<size;s+=MiB)if(!r.write(chunk))await new Promise(x=>r.once('drain',x));r.end();})();});}
const root=await mkdtemp(join(tmpdir(),'cmp-'));
const servers={bare:await start(['-e',BARE,root])};
for(const [n,m] of mains) servers[n]=await start([m,'--port','0','--location',join(root,n),'--bucket',BUCKET,'--silent']);
const names=Object.keys(servers); const res={};for(const n of names)res[n]={PUT:[],GET:[],PUTcpu:[],GETcpu:[],PUTutil:[],GETutil:[]};
async function sys(){const l=(await readFile('/proc/stat','utf8')).split('\n')[0].trim().split(/\s+/).slice(1).map(Number);return {busy:l[0]+l[1]+l[2]+l[5]+l[6]+l[7],all:l.reduce((a,b)=>a+b,0)};}
async function op(n,kind){const s=servers[n];const c0=await cpu(s.proc.pid);const y0=await sys();const t=process.hrtime.bigint();let r;
 if(n==='bare') r=await req(`${s.url}/object`,kind,kind==='PUT'?{'content-length':String(size)}:{},kind==='PUT');
 else r=await req(`${s.url}/${BUCKET}/k`,kind,signed(kind,'k',kind==='PUT'?{'content-length':String(size)}:{}),kind==='PUT');
 const ms=Number(process.hrtime.bigint()-t)/1e6; if(r.status!==200) throw new Error(n+kind+r.status); const y1=await sys(); return {ms,cpu:await cpu(s.proc.pid)-c0,util:(y1.busy-y0.busy)/(y1.all-y0.all)};}
for(let i=0;i<rounds+1;i++){const order=names.map((_,j)=>names[(i+j)%names.length]);for(const kind of ['PUT','GET'])for(const n of order){const o=await op(n,kind);if(i>0){res[n][kind].push(o.ms);res[n][kind+'cpu'].push(o.cpu);res[n][kind+'util'].push(o.util);}}}
const med=a=>{const s=[...a].sort((x,y)=>x-y);return s[s.length>>1];};
for(const n of names)console.log(n.padEnd(5),'PUT',(size/MiB/(med(res[n].PUT)/1000)).toFixed(0),'MiB/s cpu',med(res[n].PUTcpu).toFixed(2),'sysutil',med(res[n].PUTutil).toFixed(2),' GET',(size/MiB/(med(res[n].GET)/1000)).toFixed(0),'MiB/s cpu',med(res[n].GETcpu).toFixed(2), ' PUT ratio vs bare per round', res[n].PUT.map((x,i)=>(res.bare.PUT[i]/x).toFixed(2)).join(' '));
for(const s of Object.values(servers))s.proc.kill('SIGTERM');await rm(root,{recursive:true,force:true});
