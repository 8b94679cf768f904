/**
 * Every result type carries the ETag bare, whatever the source: a header (`ETag: "…"`) or an XML
 * body (`<ETag>"…"</ETag>`). The fake OSS quotes both, as OSS does.
 */
import { describe, expect, it } from 'vitest';
import { bareEtag, quotedEtag } from './etag.js';
import { clientFor, useFakeOss } from './test-support/setup.js';

const { fake } = useFakeOss();

// MD5 of "hello" and of "world", as OSS computes single-part ETags (uppercase hex).
const HELLO = '5D41402ABC4B2A76B9719D911017C592';
const WORLD = '7D793037A0760186574B0282F2F435E7';

describe('ETags in results', () => {
  it('are bare in every object and listing result, equal to what putObject returned', async () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    const put = await bucket.putObject('e/hello.txt', { body: 'hello' });
    expect(put.etag).toBe(HELLO);
    expect((await bucket.headObject('e/hello.txt')).etag).toBe(HELLO);
    expect((await bucket.getObject('e/hello.txt')).etag).toBe(HELLO);
    const page = await bucket.listObjectsPage({ prefix: 'e/' });
    expect(page.contents.map((o) => o.etag)).toEqual([HELLO]);
    const listed = [];
    for await (const obj of bucket.listObjects({ prefix: 'e/' })) listed.push(obj.etag);
    expect(listed).toEqual([HELLO]);
    const copy = await bucket.copyObject('e/copy.txt', 'e/hello.txt');
    expect(copy.etag).toBe(HELLO);
  });

  it('are bare in multipart results, and listParts gives back what uploadPart returned', async () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    const { uploadId } = await bucket.initiateMultipartUpload('e/multi.bin');
    const p1 = await bucket.uploadPart('e/multi.bin', uploadId, 1, { body: 'hello' });
    const p2 = await bucket.uploadPart('e/multi.bin', uploadId, 2, { body: 'world' });
    expect([p1.etag, p2.etag]).toEqual([HELLO, WORLD]);
    const parts = await bucket.listParts('e/multi.bin', uploadId);
    expect(parts.parts.map((p) => p.etag)).toEqual([HELLO, WORLD]);
    // Parts straight from listParts complete the upload: they are quoted again on the wire.
    const done = await bucket.completeMultipartUpload('e/multi.bin', uploadId, parts.parts);
    expect(done.etag).toMatch(/^[0-9A-F]{32}-2$/);
    expect(fake.requests.at(-1)!.body.toString()).toContain(`<ETag>"${HELLO}"</ETag>`);
  });
});

describe('bareEtag / quotedEtag', () => {
  it('strip and add the quotes once', () => {
    expect(bareEtag('"ABC"')).toBe('ABC');
    expect(bareEtag('ABC')).toBe('ABC');
    expect(bareEtag(undefined)).toBeUndefined();
    expect(quotedEtag('ABC')).toBe('"ABC"');
    expect(quotedEtag('"ABC"')).toBe('"ABC"');
  });
});
