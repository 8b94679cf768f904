/**
 * A small in-memory OSS for the SDK's tests: node:http on port 0, path-style and virtual-host
 * routing, every request's signature checked with @ossbox/protocol's verifyRequest, the object
 * and multipart operations the SDK uses, a scripted callback outcome, and hooks to inject faults.
 * Not the emulator (apps/emulator); just enough to exercise the client's wire behaviour.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  buildCompleteMultipartUploadResult,
  buildCopyObjectResult,
  buildDeleteResult,
  buildInitiateMultipartUploadResult,
  buildListBucketsResult,
  buildListMultipartUploadsResult,
  buildListObjectsResult,
  buildListPartsResult,
  crc64,
  decodeCallback,
  decodeCallbackVars,
  newRequestId,
  newUploadId,
  OssProtocolError,
  parseCompleteMultipartUpload,
  parseDeleteRequest,
  renderErrorXml,
  verifyRequest,
} from '@ossbox/protocol';
import type { AuthResult, CallbackParams, CallbackVars } from '@ossbox/protocol';

export const ACCESS_KEY_ID = 'test-ak';
export const ACCESS_KEY_SECRET = 'test-secret';
export const REGION = 'cn-hangzhou';

/** What the fake saw of one request. */
export interface RecordedRequest {
  method: string;
  /** Raw request target. */
  url: string;
  host: string;
  bucket: string | undefined;
  key: string | undefined;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: Buffer;
  auth?: AuthResult['kind'];
}

/** A response the fake (or a hook) sends. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

interface StoredObject {
  data: Buffer;
  etag: string;
  contentType: string;
  meta: Record<string, string>;
  type: 'Normal' | 'Multipart' | 'Appendable';
  lastModified: Date;
}

interface Upload {
  bucket: string;
  key: string;
  contentType: string;
  meta: Record<string, string>;
  parts: Map<number, { data: Buffer; etag: string; lastModified: Date }>;
  initiated: Date;
}

/** A callback the fake "delivered". */
export interface DeliveredCallback {
  key: string;
  params: CallbackParams;
  vars: CallbackVars | undefined;
}

/** How the fake answers uploads that carry a callback. */
export type CallbackOutcome =
  | { kind: 'reply'; body: string | Buffer; contentType?: string }
  | { kind: 'fail'; message: string; ec?: string };

export interface FakeOss {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  requests: RecordedRequest[];
  buckets: Map<string, Map<string, StoredObject>>;
  uploads: Map<string, Upload>;
  callbacks: DeliveredCallback[];
  callbackOutcome: CallbackOutcome;
  /** Delay before each reply, to make concurrency observable. */
  delayMs: number;
  /** Most requests in progress at once since the last reset. */
  maxConcurrent: number;
  /** How far the fake's clock (what signatures and expiries are checked against) is ahead of the local one, in ms. */
  clockAheadMs: number;
  /** Runs before handling: a Reply to answer instead, 'destroy' to drop the connection, 'hang' to never answer. */
  before: ((req: RecordedRequest) => Reply | 'destroy' | 'hang' | undefined) | undefined;
  /** Runs on every reply before it is sent; may change it. */
  after: ((req: RecordedRequest, reply: Reply) => void) | undefined;
  /** Listen on 127.0.0.1, port 0; fills in `url` and `port`. */
  listen(): Promise<void>;
  /** Forget recorded requests and callbacks, and put every knob above back to its default. */
  reset(): void;
  close(): Promise<void>;
}

const md5hex = (data: Buffer | string): string => createHash('md5').update(data).digest('hex').toUpperCase();

function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

function errorReply(err: OssProtocolError, req: RecordedRequest, extraHeaders: Record<string, string> = {}): Reply {
  const requestId = newRequestId();
  const xml = renderErrorXml(err.toDocument(requestId, req.host));
  const headers: Record<string, string> = { 'content-type': 'application/xml', 'x-oss-request-id': requestId, ...extraHeaders };
  if (err.ec) headers['x-oss-ec'] = err.ec;
  if (req.method === 'HEAD') {
    headers['x-oss-err'] = Buffer.from(xml).toString('base64');
    return { status: err.status, headers, body: '' };
  }
  return { status: err.status, headers, body: xml };
}

const fail = (code: string, message?: string, status?: number): OssProtocolError => new OssProtocolError(code, { message, status });

function objectHeaders(obj: StoredObject): Record<string, string> {
  const headers: Record<string, string> = {
    etag: `"${obj.etag}"`,
    'content-type': obj.contentType,
    'last-modified': obj.lastModified.toUTCString(),
    'x-oss-object-type': obj.type,
    'x-oss-hash-crc64ecma': crc64(obj.data).toString(),
  };
  for (const [name, value] of Object.entries(obj.meta)) headers[`x-oss-meta-${name}`] = value;
  return headers;
}

function metaOf(headers: Record<string, string>): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (name.startsWith('x-oss-meta-')) meta[name.slice(11)] = value;
  return meta;
}

/** An OSS error reply for `before` hooks. */
export function errorXmlReply(status: number, code: string, message: string): Reply {
  const requestId = newRequestId();
  return {
    status,
    headers: { 'content-type': 'application/xml', 'x-oss-request-id': requestId },
    body: renderErrorXml({ code, message, requestId, hostId: '127.0.0.1' }),
  };
}

const DEFAULT_CALLBACK_OUTCOME: CallbackOutcome = { kind: 'reply', body: '{"Status":"OK"}', contentType: 'application/json' };

/** The fake with the given buckets, not yet listening: call `listen()` (e.g. in `beforeAll`). */
export function createFakeOss(options: { buckets?: string[] } = {}): FakeOss {
  const fake: FakeOss = {
    url: '',
    port: 0,
    requests: [],
    buckets: new Map((options.buckets ?? ['test-bucket']).map((name) => [name, new Map()])),
    uploads: new Map(),
    callbacks: [],
    callbackOutcome: DEFAULT_CALLBACK_OUTCOME,
    before: undefined,
    after: undefined,
    delayMs: 0,
    maxConcurrent: 0,
    clockAheadMs: 0,
    listen: async () => {
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      fake.port = (server.address() as AddressInfo).port;
      fake.url = `http://127.0.0.1:${fake.port}`;
    },
    reset: () => {
      fake.requests.length = 0;
      fake.callbacks.length = 0;
      fake.before = undefined;
      fake.after = undefined;
      fake.delayMs = 0;
      fake.maxConcurrent = 0;
      fake.clockAheadMs = 0;
      fake.callbackOutcome = DEFAULT_CALLBACK_OUTCOME;
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };

  function route(hostHeader: string, rawPath: string): { bucket?: string; key?: string } {
    const hostname = hostHeader.replace(/:\d+$/, '');
    const path = rawPath.split('?')[0] ?? '/';
    if (hostname === '127.0.0.1' || hostname === 'localhost') {
      const [, bucketPart = '', ...rest] = path.split('/');
      const key = rest.join('/');
      return bucketPart === '' ? {} : { bucket: bucketPart, key: key === '' ? undefined : decodeURIComponent(key) };
    }
    const bucket = hostname.split('.')[0];
    const key = path.slice(1);
    return { bucket, key: key === '' ? undefined : decodeURIComponent(key) };
  }

  /** With a callback header, deliver it (record) and answer as scripted (docs/callback-protocol.md §3.2–§3.3). */
  function withCallback(req: RecordedRequest, success: Reply): Reply {
    // Headers for signed requests, query parameters for presigned URLs (docs/callback-protocol.md §1.2).
    const header = req.headers['x-oss-callback'] ?? req.query['callback'];
    if (header === undefined) return success;
    const params = decodeCallback(header);
    const varsHeader = req.headers['x-oss-callback-var'] ?? req.query['callback-var'];
    fake.callbacks.push({ key: req.key ?? '', params, vars: varsHeader === undefined ? undefined : decodeCallbackVars(varsHeader) });
    const outcome = fake.callbackOutcome;
    if (outcome.kind === 'reply') {
      return {
        status: 200,
        headers: { ...success.headers, 'content-type': outcome.contentType ?? 'application/json' },
        body: outcome.body,
      };
    }
    const requestId = success.headers['x-oss-request-id'] ?? newRequestId();
    const xml = renderErrorXml({ code: 'CallbackFailed', message: outcome.message, requestId, hostId: req.host, ec: outcome.ec ?? '0007-00000203' });
    return { status: 203, headers: { ...success.headers, 'content-type': 'application/xml' }, body: xml };
  }

  function handle(req: RecordedRequest): Reply {
    const auth = verifyRequest(
      { method: req.method, bucket: req.bucket, key: req.key, headers: req.headers, query: req.query },
      { lookupSecret: (id) => (id === ACCESS_KEY_ID ? ACCESS_KEY_SECRET : undefined), region: REGION, now: new Date(Date.now() + fake.clockAheadMs) },
    );
    req.auth = auth.kind;
    if (auth.kind === 'anonymous') throw fail('AccessDenied', 'Anonymous access is forbidden for this operation.', 403);
    const ok = (status: number, headers: Record<string, string> = {}, body: Buffer | string = ''): Reply => ({
      status,
      headers: { 'x-oss-request-id': newRequestId(), ...headers },
      body,
    });
    const { method, query } = req;
    if (req.bucket === undefined) {
      if (method !== 'GET') throw fail('MethodNotAllowed', undefined, 405);
      const xml = buildListBucketsResult({
        owner: { id: '1', displayName: '1' },
        buckets: [...fake.buckets.keys()].sort().map((name) => ({
          name,
          creationDate: new Date(0),
          location: `oss-${REGION}`,
          region: REGION,
          extranetEndpoint: 'localhost',
          intranetEndpoint: 'localhost',
          storageClass: 'Standard',
        })),
      });
      return ok(200, { 'content-type': 'application/xml' }, xml);
    }
    const bucketName = req.bucket;
    if (req.key === undefined && method === 'PUT') {
      if (fake.buckets.has(bucketName)) throw fail('BucketAlreadyExists', undefined, 409);
      fake.buckets.set(bucketName, new Map());
      return ok(200);
    }
    const bucket = fake.buckets.get(bucketName);
    if (bucket === undefined) throw fail('NoSuchBucket', 'The specified bucket does not exist.', 404);
    if (req.key === undefined) {
      if (method === 'DELETE') {
        if (bucket.size > 0) throw fail('BucketNotEmpty', undefined, 409);
        fake.buckets.delete(bucketName);
        return ok(204);
      }
      if (method === 'POST' && 'delete' in query) {
        const request = parseDeleteRequest(req.body.toString('utf8'));
        for (const key of request.keys) bucket.delete(key);
        const xml = buildDeleteResult({ deleted: request.quiet ? [] : request.keys, encodingType: query['encoding-type'] === 'url' ? 'url' : undefined });
        return ok(200, { 'content-type': 'application/xml' }, xml);
      }
      if (method === 'GET' && 'uploads' in query) {
        const uploads = [...fake.uploads.entries()]
          .filter(([, u]) => u.bucket === bucketName && u.key.startsWith(query['prefix'] ?? ''))
          .map(([uploadId, u]) => ({ key: u.key, uploadId, initiated: u.initiated }));
        const xml = buildListMultipartUploadsResult({
          bucket: bucketName, keyMarker: '', uploadIdMarker: '', nextKeyMarker: '', nextUploadIdMarker: '', delimiter: '',
          prefix: query['prefix'] ?? '', maxUploads: 1000, isTruncated: false, uploads, commonPrefixes: [],
          encodingType: query['encoding-type'] === 'url' ? 'url' : undefined,
        });
        return ok(200, { 'content-type': 'application/xml' }, xml);
      }
      if (method === 'GET') {
        const prefix = query['prefix'] ?? '';
        const delimiter = query['delimiter'] ?? '';
        const marker = query['marker'] ?? '';
        const maxKeys = Number(query['max-keys'] ?? 100);
        const keys = [...bucket.keys()].filter((k) => k.startsWith(prefix) && k > marker).sort();
        const contents: string[] = [];
        const prefixes = new Set<string>();
        let truncated = false;
        let last = '';
        for (const k of keys) {
          if (contents.length + prefixes.size >= maxKeys) {
            truncated = true;
            break;
          }
          const cut = delimiter ? k.indexOf(delimiter, prefix.length) : -1;
          if (cut >= 0) prefixes.add(k.slice(0, cut + delimiter.length));
          else contents.push(k);
          last = k;
        }
        const xml = buildListObjectsResult({
          name: bucketName, prefix, marker, maxKeys, delimiter, isTruncated: truncated,
          nextMarker: truncated ? last : undefined,
          contents: contents.map((k) => {
            const obj = bucket.get(k) as StoredObject;
            return { key: k, lastModified: obj.lastModified, etag: `"${obj.etag}"`, type: obj.type, size: obj.data.length, storageClass: 'Standard' };
          }),
          commonPrefixes: [...prefixes],
          encodingType: query['encoding-type'] === 'url' ? 'url' : undefined,
        });
        return ok(200, { 'content-type': 'application/xml' }, xml);
      }
      throw fail('MethodNotAllowed', undefined, 405);
    }

    const key = req.key;
    if (method === 'POST' && 'uploads' in query) {
      const uploadId = newUploadId();
      fake.uploads.set(uploadId, {
        bucket: bucketName, key, contentType: req.headers['content-type'] ?? 'application/octet-stream', meta: metaOf(req.headers), parts: new Map(), initiated: new Date(),
      });
      return ok(200, { 'content-type': 'application/xml' }, buildInitiateMultipartUploadResult({ bucket: bucketName, key, uploadId }));
    }
    if (query['uploadId'] !== undefined) {
      const upload = fake.uploads.get(query['uploadId']);
      if (upload === undefined || upload.key !== key || upload.bucket !== bucketName) throw fail('NoSuchUpload', 'The specified upload does not exist.', 404);
      if (method === 'PUT') {
        const partNumber = Number(query['partNumber']);
        const etag = md5hex(req.body);
        upload.parts.set(partNumber, { data: req.body, etag, lastModified: new Date() });
        return ok(200, { etag: `"${etag}"`, 'x-oss-hash-crc64ecma': crc64(req.body).toString() });
      }
      if (method === 'DELETE') {
        fake.uploads.delete(query['uploadId']);
        return ok(204);
      }
      if (method === 'GET') {
        const marker = Number(query['part-number-marker'] ?? 0);
        const maxParts = Number(query['max-parts'] ?? 1000);
        const all = [...upload.parts.entries()].filter(([n]) => n > marker).sort(([a], [b]) => a - b);
        const page = all.slice(0, maxParts);
        const xml = buildListPartsResult({
          bucket: bucketName, key, uploadId: query['uploadId'], partNumberMarker: marker,
          nextPartNumberMarker: page.at(-1)?.[0] ?? marker, maxParts, isTruncated: all.length > page.length, storageClass: 'Standard',
          parts: page.map(([n, p]) => ({ partNumber: n, lastModified: p.lastModified, etag: `"${p.etag}"`, size: p.data.length, hashCrc64ecma: crc64(p.data).toString() })),
        });
        return ok(200, { 'content-type': 'application/xml' }, xml);
      }
      if (method === 'POST') {
        const parts = parseCompleteMultipartUpload(req.body.toString('utf8'));
        const chunks: Buffer[] = [];
        let previous = 0;
        for (const part of parts) {
          if (part.partNumber <= previous) throw fail('InvalidPartOrder', undefined, 400);
          previous = part.partNumber;
          const stored = upload.parts.get(part.partNumber);
          if (stored === undefined || `"${stored.etag}"` !== part.etag) throw fail('InvalidPart', undefined, 400);
          chunks.push(stored.data);
        }
        const etag = `${md5hex(parts.map((p) => p.etag.replace(/"/g, '')).join(''))}-${parts.length}`;
        const obj: StoredObject = { data: Buffer.concat(chunks), etag, contentType: upload.contentType, meta: upload.meta, type: 'Multipart', lastModified: new Date() };
        bucket.set(key, obj);
        fake.uploads.delete(query['uploadId']);
        const headers = { 'x-oss-request-id': newRequestId(), etag: `"${etag}"`, 'x-oss-hash-crc64ecma': crc64(obj.data).toString(), 'content-type': 'application/xml' };
        const xml = buildCompleteMultipartUploadResult({ location: `http://${req.host}/${key}`, bucket: bucketName, key, etag: `"${etag}"` });
        return withCallback(req, { status: 200, headers, body: xml });
      }
    }
    if (method === 'PUT') {
      const source = req.headers['x-oss-copy-source'];
      if (source !== undefined) {
        const [, srcBucket = '', ...rest] = source.split('/');
        const src = fake.buckets.get(srcBucket)?.get(decodeURIComponent(rest.join('/')));
        if (src === undefined) throw fail('NoSuchKey', 'The specified key does not exist.', 404);
        const copy: StoredObject = { ...src, lastModified: new Date() };
        if (req.headers['x-oss-metadata-directive'] === 'REPLACE') copy.meta = metaOf(req.headers);
        bucket.set(key, copy);
        return ok(200, { etag: `"${copy.etag}"`, 'content-type': 'application/xml' }, buildCopyObjectResult({ etag: `"${copy.etag}"`, lastModified: copy.lastModified }));
      }
      const obj: StoredObject = {
        data: req.body, etag: md5hex(req.body), contentType: req.headers['content-type'] ?? 'application/octet-stream', meta: metaOf(req.headers), type: 'Normal', lastModified: new Date(),
      };
      bucket.set(key, obj);
      const headers = { 'x-oss-request-id': newRequestId(), etag: `"${obj.etag}"`, 'x-oss-hash-crc64ecma': crc64(obj.data).toString(), 'content-md5': createHash('md5').update(obj.data).digest('base64') };
      return withCallback(req, { status: 200, headers, body: '' });
    }
    if (method === 'POST' && 'append' in query) {
      const position = Number(query['position']);
      const existing = bucket.get(key);
      if (existing !== undefined && existing.type !== 'Appendable') throw fail('ObjectNotAppendable', undefined, 409);
      if ((existing?.data.length ?? 0) !== position) throw fail('PositionNotEqualToLength', 'Position is not equal to file length', 409);
      const data = Buffer.concat([existing?.data ?? Buffer.alloc(0), req.body]);
      const obj: StoredObject = { data, etag: md5hex(data), contentType: existing?.contentType ?? req.headers['content-type'] ?? 'application/octet-stream', meta: existing?.meta ?? metaOf(req.headers), type: 'Appendable', lastModified: new Date() };
      bucket.set(key, obj);
      return ok(200, { 'x-oss-next-append-position': String(data.length), 'x-oss-hash-crc64ecma': crc64(data).toString() });
    }
    const obj = bucket.get(key);
    if (method === 'DELETE') {
      bucket.delete(key);
      return ok(204);
    }
    if (obj === undefined) throw fail('NoSuchKey', 'The specified key does not exist.', 404);
    if (method === 'HEAD' || method === 'GET') {
      if (req.headers['if-match'] !== undefined && req.headers['if-match'].replace(/"/g, '') !== obj.etag) throw fail('PreconditionFailed', undefined, 412);
      if (req.headers['if-none-match'] !== undefined && req.headers['if-none-match'].replace(/"/g, '') === obj.etag) {
        return ok(304, { etag: `"${obj.etag}"` });
      }
      const headers = objectHeaders(obj);
      const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers['range'] ?? '');
      if (range) {
        const start = Number(range[1]);
        const end = Math.min(range[2] ? Number(range[2]) : obj.data.length - 1, obj.data.length - 1);
        const slice = obj.data.subarray(start, end + 1);
        return ok(206, { ...headers, 'content-range': `bytes ${start}-${end}/${obj.data.length}`, 'content-length': String(slice.length) }, method === 'HEAD' ? '' : slice);
      }
      return ok(200, { ...headers, 'content-length': String(obj.data.length) }, method === 'HEAD' ? '' : obj.data);
    }
    throw fail('MethodNotAllowed', undefined, 405);
  }

  let active = 0;
  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    active++;
    fake.maxConcurrent = Math.max(fake.maxConcurrent, active);
    res.on('close', () => active--);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (fake.delayMs > 0) await new Promise((done) => setTimeout(done, fake.delayMs));
    const host = req.headers.host ?? '';
    const rawUrl = req.url ?? '/';
    const { bucket, key } = route(host, rawUrl);
    const query: Record<string, string> = {};
    for (const [name, value] of new URL(rawUrl, 'http://x').searchParams) query[name] = value;
    const recorded: RecordedRequest = { method: req.method ?? 'GET', url: rawUrl, host, bucket, key, query, headers: lowerHeaders(req), body: Buffer.concat(chunks) };
    fake.requests.push(recorded);
    const early = fake.before?.(recorded);
    if (early === 'destroy') {
      req.socket.destroy();
      return;
    }
    if (early === 'hang') return;
    let reply: Reply;
    try {
      reply = early ?? handle(recorded);
    } catch (err) {
      if (!(err instanceof OssProtocolError)) throw err;
      reply = errorReply(err, recorded);
    }
    fake.after?.(recorded, reply);
    const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
    res.writeHead(reply.status, { ...reply.headers, ...(reply.headers['content-length'] ? {} : { 'content-length': String(body.length) }) });
    res.end(recorded.method === 'HEAD' ? undefined : body);
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  return fake;
}
