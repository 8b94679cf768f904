// The sink server of the client bench (sdk-vs-ali-oss.mjs), in a process of its own so that its
// CPU is never counted as a client's or the bench's and can be read from /proc on its own.
//
// A minimal stand-in for OSS in the client-only rows: it reads and drops every body, answering
// UploadPart with the ETag (MD5) and CRC-64 of the bytes it received and Complete with the
// combined CRC-64, so both clients run unmodified with their checks on (@ossbox/sdk compares every
// part's and the whole object's CRC-64). No signature check, nothing stored. The machine has 2
// cores, shared with the client, so the sink is kept cheap: at start it holds the uploaded file in
// memory and hashes each part-sized range once (OpenSSL's MD5 through node:crypto, and
// @ossbox/protocol's CRC-64, its fastest: WebAssembly), outside every timed window. An UploadPart
// body is compared byte for byte (memcmp) with the range its part number names; when it is that
// range exactly, the answer carries the precomputed digests, and any other body (other bytes,
// shorter, longer, another part size) is hashed as received. Either way the answer is the real
// MD5 and CRC-64 of the body: a client sending wrong bytes still fails its check. Both clients get
// exactly the same server.
//
// `node sink-server.mjs <file> <partSize bytes>` prints one JSON line, {"url", "pid"}, once it listens.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { fstatSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { Crc64, crc64, crc64Combine } from '@ossbox/protocol';

const BUCKET = 'bench';

/** MD5 (upper-case hex, as OSS's ETag) and CRC-64 of `bytes`. */
const digests = (bytes) => ({ md5: createHash('md5').update(bytes).digest('hex').toUpperCase(), crc: crc64(bytes) });

/**
 * The digests of one request body. While the body matches `expected` (the file range its part
 * number names) byte for byte, only memcmp runs; the first differing byte (or a body past the
 * range) switches to hashing what was received (the matching prefix included).
 */
class BodyDigest {
  constructor(expected, precomputed) {
    this.expected = expected;
    this.precomputed = precomputed;
    this.offset = 0;
    this.hashing = expected === undefined ? this.startHashing() : undefined;
  }

  startHashing() {
    const md5 = createHash('md5');
    const crc = new Crc64();
    if (this.offset > 0) {
      md5.update(this.expected.subarray(0, this.offset));
      crc.update(this.expected.subarray(0, this.offset));
    }
    return { md5, crc };
  }

  update(chunk) {
    if (this.hashing === undefined && !chunk.equals(this.expected.subarray(this.offset, this.offset + chunk.length))) this.hashing = this.startHashing();
    if (this.hashing === undefined) {
      this.offset += chunk.length;
      return;
    }
    this.hashing.md5.update(chunk);
    this.hashing.crc.update(chunk);
  }

  digest() {
    if (this.hashing !== undefined) return { md5: this.hashing.md5.digest('hex').toUpperCase(), crc: this.hashing.crc.digest() };
    // A prefix of the range, or the whole of it.
    return this.offset === this.expected.length ? this.precomputed : digests(this.expected.subarray(0, this.offset));
  }
}

/**
 * Serve the sink on 127.0.0.1 (a free port). `file` is the uploaded file and `partSize` the
 * clients' part size: parts are checked against the file with memcmp and answered with digests
 * computed here once.
 */
export async function startSinkServer(file, partSize) {
  const content = await readFile(file);
  const expectedParts = [];
  for (let start = 0; start < content.length; start += partSize) {
    const range = content.subarray(start, Math.min(start + partSize, content.length));
    expectedParts.push({ range, digests: digests(range) });
  }
  let requests = 0;
  /** uploadId -> partNumber -> { crc, size } */
  const uploads = new Map();
  const server = createServer((req, res) => {
    const query = new URL(req.url, 'http://sink').searchParams;
    const expected = req.method === 'PUT' && query.has('partNumber') ? expectedParts[Number(query.get('partNumber')) - 1] : undefined;
    const body = new BodyDigest(expected?.range, expected?.digests);
    let size = 0;
    const small = [];
    req.on('data', (chunk) => {
      body.update(chunk);
      size += chunk.length;
      if (req.method === 'POST') small.push(chunk);
    });
    req.on('end', () => {
      const id = String(++requests).padStart(24, '0');
      const xml = (text, headers = {}) => {
        res.writeHead(200, { 'content-type': 'application/xml', 'x-oss-request-id': id, ...headers });
        res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${text}`);
      };
      if (req.method === 'POST' && query.has('uploads')) {
        const uploadId = createHash('md5').update(id).digest('hex').toUpperCase();
        uploads.set(uploadId, new Map());
        xml(`<InitiateMultipartUploadResult><Bucket>${BUCKET}</Bucket><Key>k</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`);
      } else if (req.method === 'POST' && query.has('uploadId')) {
        const parts = uploads.get(query.get('uploadId')) ?? new Map();
        uploads.delete(query.get('uploadId'));
        const numbers = [...Buffer.concat(small).toString('utf8').matchAll(/<PartNumber>(\d+)<\/PartNumber>/g)].map((m) => Number(m[1]));
        let whole = 0n;
        for (const n of numbers) whole = crc64Combine(whole, parts.get(n).crc, parts.get(n).size);
        xml(`<CompleteMultipartUploadResult><Bucket>${BUCKET}</Bucket><Key>k</Key><ETag>"D-${numbers.length}"</ETag></CompleteMultipartUploadResult>`, {
          'x-oss-hash-crc64ecma': whole.toString(),
        });
      } else {
        const { md5, crc } = body.digest();
        const headers = { etag: `"${md5}"`, 'x-oss-request-id': id, 'content-length': '0' };
        if (req.method === 'PUT') {
          headers['x-oss-hash-crc64ecma'] = crc.toString();
          if (query.has('partNumber')) uploads.get(query.get('uploadId'))?.set(Number(query.get('partNumber')), { crc, size });
        }
        res.writeHead(req.method === 'DELETE' ? 204 : 200, headers);
        res.end();
      }
    });
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((done) => server.close(done)),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, partSize] = process.argv.slice(2);
  const server = await startSinkServer(file, Number(partSize));
  process.stdout.write(`${JSON.stringify({ url: server.url, pid: process.pid })}\n`);
  // Started by the bench, whose pipe (a socket pair in Node.js) is its stdin: serves until the
  // bench closes it (or ends), so no sink outlives a bench. Started by hand, it serves until killed.
  const stdin = fstatSync(0);
  if (stdin.isFIFO() || stdin.isSocket()) {
    process.stdin.resume();
    process.stdin.on('end', () => process.exit(0));
  }
}
