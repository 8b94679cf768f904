import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AbortError, CrcMismatchError, NetworkError, OssError, TimeoutError } from './errors.js';
import { renderErrorXml } from '@ossbox/protocol';
import { errorXmlReply } from './test-support/fake-oss.js';
import type { RecordedRequest } from './test-support/fake-oss.js';
import { clientFor, randomFile, useFakeOss } from './test-support/setup.js';

const { fake, tmp } = useFakeOss();

/** Answer the first `n` requests matching `match` with 503 InternalError. */
function fail503(n: number, match: (req: RecordedRequest) => boolean = () => true): void {
  let left = n;
  fake.before = (req) => (match(req) && left-- > 0 ? errorXmlReply(503, 'InternalError', 'Please try again.') : undefined);
}

describe('retries', () => {
  it('retries 5xx on PutObject from a Buffer and from a file, re-sending the whole body', async () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    fail503(2);
    await bucket.putObject('retry.txt', { body: Buffer.from('retry me') });
    expect(fake.requests).toHaveLength(3);
    expect(fake.requests.map((r) => r.body.toString())).toEqual(['retry me', 'retry me', 'retry me']);
    expect(fake.buckets.get('test-bucket')?.get('retry.txt')?.data.toString()).toBe('retry me');

    fake.requests.length = 0;
    const { path, data } = await randomFile(tmp.dir, 'retry.bin', 200_000);
    fail503(1);
    await bucket.putObject('retry.bin', { file: path });
    expect(fake.requests).toHaveLength(2);
    expect(fake.buckets.get('test-bucket')?.get('retry.bin')?.data.equals(data)).toBe(true);
  });

  it('gives up after `retries` and throws the server error', async () => {
    fail503(10);
    const err = await clientFor(fake, { retries: 2 }).getBucket('test-bucket').getObject('x').catch((e: unknown) => e);
    expect(fake.requests).toHaveLength(3);
    expect(err).toBeInstanceOf(OssError);
    expect(err).toMatchObject({ code: 'InternalError', status: 503 });
  });

  it('never retries 4xx', async () => {
    fake.before = () => errorXmlReply(400, 'InvalidArgument', 'nope');
    await expect(clientFor(fake).getBucket('test-bucket').putObject('x', { body: 'x' })).rejects.toMatchObject({ code: 'InvalidArgument', status: 400 });
    expect(fake.requests).toHaveLength(1);
  });

  it('never retries CompleteMultipartUpload, even on 5xx', async () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    const { uploadId } = await bucket.initiateMultipartUpload('c.bin');
    const part = await bucket.uploadPart('c.bin', uploadId, 1, { body: 'abc' });
    fake.requests.length = 0;
    fail503(1, (req) => req.method === 'POST');
    await expect(bucket.completeMultipartUpload('c.bin', uploadId, [part])).rejects.toMatchObject({ status: 503 });
    expect(fake.requests).toHaveLength(1);
  });

  it('does not retry a one-shot stream body', async () => {
    fail503(1);
    await expect(clientFor(fake).getBucket('test-bucket').putObject('s', { body: Readable.from([Buffer.from('once')]) })).rejects.toMatchObject({ status: 503 });
    expect(fake.requests).toHaveLength(1);
  });

  it('retries a dropped connection, and reports NetworkError when out of retries', async () => {
    await clientFor(fake).getBucket('test-bucket').putObject('net.txt', { body: 'n' });
    fake.requests.length = 0;
    let drops = 1;
    fake.before = () => (drops-- > 0 ? 'destroy' : undefined);
    const res = await clientFor(fake).getBucket('test-bucket').headObject('net.txt');
    expect(res.size).toBe(1);
    expect(fake.requests).toHaveLength(2);

    fake.before = () => 'destroy';
    const err = await clientFor(fake, { retries: 0 }).getBucket('test-bucket').headObject('net.txt').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).code).toBe('NetworkError');
    expect((err as NetworkError).cause).toBeDefined();
  });
});

describe('timeouts, abort and odd responses', () => {
  it('times out with TimeoutError', async () => {
    fake.before = () => 'hang';
    const err = await clientFor(fake, { timeoutMs: 100, retries: 0 }).getBucket('test-bucket').headObject('t').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).code).toBe('Timeout');
  });

  it('aborts an in-flight request, and sends nothing when already aborted', async () => {
    fake.before = () => 'hang';
    const controller = new AbortController();
    const pending = clientFor(fake).getBucket('test-bucket').getObject('t', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect((err as AbortError).code).toBe('Aborted');

    fake.requests.length = 0;
    await expect(clientFor(fake).getBucket('test-bucket').getObject('t', { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(fake.requests).toHaveLength(0);
  });

  it('a non-XML error body still gives an OssError with the status', async () => {
    fake.before = () => ({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad gateway</html>' });
    const err = await clientFor(fake, { retries: 0 }).getBucket('test-bucket').getObject('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OssError);
    expect(err).toMatchObject({ status: 502, code: 'UnknownError' });
  });

  it('a signature error carries the server string to sign', async () => {
    const err = await clientFor(fake, { accessKeySecret: 'bad', signatureVersion: 'v1' }).getBucket('test-bucket').getObject('x').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
    expect((err as OssError).stringToSign).toContain('/test-bucket/x');
  });
});

describe('CRC-64 checks', () => {
  const corrupt = (match: (req: RecordedRequest) => boolean) => {
    fake.after = (req, reply) => {
      if (match(req) && reply.headers['x-oss-hash-crc64ecma'] !== undefined) reply.headers['x-oss-hash-crc64ecma'] = '12345';
    };
  };

  it('PutObject mismatch → CrcMismatchError; crcCheck: false disables it', async () => {
    corrupt((req) => req.method === 'PUT');
    const err = await clientFor(fake).getBucket('test-bucket').putObject('crc.txt', { body: 'abc' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrcMismatchError);
    expect(err).toMatchObject({ code: 'CrcMismatch', serverCrc64: '12345' });
    await expect(clientFor(fake, { crcCheck: false }).getBucket('test-bucket').putObject('crc.txt', { body: 'abc' })).resolves.toBeDefined();
  });

  it('UploadPart and CompleteMultipartUpload (combined part CRCs) mismatches', async () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    const { uploadId } = await bucket.initiateMultipartUpload('crc.bin');
    corrupt((req) => req.method === 'PUT');
    await expect(bucket.uploadPart('crc.bin', uploadId, 1, { body: 'abc' })).rejects.toBeInstanceOf(CrcMismatchError);
    fake.after = undefined;
    const p1 = await bucket.uploadPart('crc.bin', uploadId, 1, { body: 'abc' });
    const p2 = await bucket.uploadPart('crc.bin', uploadId, 2, { body: 'defg' });
    corrupt((req) => req.method === 'POST');
    await expect(bucket.completeMultipartUpload('crc.bin', uploadId, [p1, p2])).rejects.toBeInstanceOf(CrcMismatchError);
  });

  it('GetObject stream fails at the end on mismatch', async () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    await bucket.putObject('crc-get.txt', { body: 'abc' });
    corrupt((req) => req.method === 'GET');
    const res = await bucket.getObject('crc-get.txt');
    const read = async () => {
      for await (const _chunk of res.body ?? []) void _chunk;
    };
    await expect(read()).rejects.toBeInstanceOf(CrcMismatchError);
  });
});

describe('clock skew', () => {
  /** The date a request was signed with (V1 `Date` or V4 `x-oss-date`). */
  function signedAt(req: RecordedRequest): number {
    const v4 = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(req.headers['x-oss-date'] ?? '');
    return v4 ? Date.UTC(+v4[1]!, +v4[2]! - 1, +v4[3]!, +v4[4]!, +v4[5]!, +v4[6]!) : Date.parse(req.headers['date'] ?? '');
  }

  it('signs again on the server clock after RequestTimeTooSkewed, and keeps that clock for later requests', async () => {
    // A server 10 minutes ahead that allows 5 minutes of skew (the fake's own check allows 15).
    const ahead = 10 * 60_000;
    fake.before = (req) => {
      const server = Date.now() + ahead;
      if (Math.abs(signedAt(req) - server) <= 5 * 60_000) return undefined;
      return {
        status: 403,
        headers: { 'content-type': 'application/xml' },
        body: renderErrorXml({
          code: 'RequestTimeTooSkewed',
          message: 'The difference between the request time and the current time is too large.',
          requestId: 'skew',
          hostId: '127.0.0.1',
          details: { RequestTime: new Date(signedAt(req)).toISOString(), ServerTime: new Date(server).toISOString() },
        }),
      };
    };
    const bucket = clientFor(fake).getBucket('test-bucket');
    await bucket.putObject('skew.txt', { body: Buffer.from('on time') });
    expect(fake.requests).toHaveLength(2);
    expect(Math.abs(signedAt(fake.requests[1]!) - (Date.now() + ahead))).toBeLessThan(60_000);
    fake.requests.length = 0;
    expect((await bucket.headObject('skew.txt')).size).toBe(7);
    expect(fake.requests).toHaveLength(1);
  });

  it('does not send again when the refusal carries no ServerTime', async () => {
    fake.before = () => errorXmlReply(403, 'RequestTimeTooSkewed', 'too skewed');
    const err = await clientFor(fake).getBucket('test-bucket').getObject('x').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'RequestTimeTooSkewed', status: 403 });
    expect(fake.requests).toHaveLength(1);
  });
});

// UploadPart goes through Transport.sendDroppingBody (its answer's body is dropped, no response
// stream): the same retries, errors, timeouts and abort as every other request.
describe('UploadPart (answer body dropped)', () => {
  const isPart = (req: RecordedRequest): boolean => req.query['partNumber'] !== undefined;

  async function upload(options: Parameters<typeof clientFor>[1] = {}) {
    const bucket = clientFor(fake, options).getBucket('test-bucket');
    const { uploadId } = await bucket.initiateMultipartUpload('p.bin');
    fake.requests.length = 0;
    return { bucket, uploadId };
  }

  it('retries 5xx and a dropped connection, re-sending the whole part', async () => {
    const { bucket, uploadId } = await upload();
    fail503(1, isPart);
    await expect(bucket.uploadPart('p.bin', uploadId, 1, { body: Buffer.from('part one') })).resolves.toMatchObject({ partNumber: 1 });
    let drops = 1;
    fake.before = (req) => (isPart(req) && drops-- > 0 ? 'destroy' : undefined);
    await bucket.uploadPart('p.bin', uploadId, 2, { body: Buffer.from('part two') });
    expect(fake.requests.map((r) => r.body.toString())).toEqual(['part one', 'part one', 'part two', 'part two']);
  });

  it('reads the error document of a failed part, XML or not, and ignores a success body', async () => {
    const { bucket, uploadId } = await upload({ retries: 0 });
    fake.before = (req) => (isPart(req) ? errorXmlReply(404, 'NoSuchUpload', 'The specified upload does not exist.') : undefined);
    await expect(bucket.uploadPart('p.bin', uploadId, 1, { body: 'x' })).rejects.toMatchObject({ code: 'NoSuchUpload', status: 404 });
    fake.before = (req) => (isPart(req) ? { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad gateway</html>' } : undefined);
    await expect(bucket.uploadPart('p.bin', uploadId, 1, { body: 'x' })).rejects.toMatchObject({ code: 'UnknownError', status: 502 });
    fake.before = undefined;
    fake.after = (req, reply) => {
      if (isPart(req)) reply.body = Buffer.from('<?xml version="1.0"?><Unexpected/>');
    };
    await expect(bucket.uploadPart('p.bin', uploadId, 1, { body: 'x' })).resolves.toMatchObject({ partNumber: 1 });
  });

  it('times out, and aborts in flight or before sending', async () => {
    const { bucket, uploadId } = await upload({ timeoutMs: 100, retries: 0 });
    fake.before = (req) => (isPart(req) ? 'hang' : undefined);
    await expect(bucket.uploadPart('p.bin', uploadId, 1, { body: 'x' })).rejects.toBeInstanceOf(TimeoutError);

    const long = clientFor(fake).getBucket('test-bucket');
    const controller = new AbortController();
    const pending = long.uploadPart('p.bin', uploadId, 1, { body: 'x', signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(AbortError);

    fake.requests.length = 0;
    await expect(long.uploadPart('p.bin', uploadId, 1, { body: 'x', signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(fake.requests).toHaveLength(0);
  });
});
