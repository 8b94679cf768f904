/**
 * The Content-Type an object gets when the request names none: OSS stores
 * `application/octet-stream` and never guesses from the key's extension; guessing is the SDKs' job,
 * done before sending (ali-oss `mime.getType`, oss2 `utils.set_content_type`, the Go SDK's
 * `TypeByExtension`). oss2's `test_put_object_with_sign_url` PUTs `<key>.jpg` with no Content-Type
 * and expects HEAD to say `application/octet-stream` (python-sdk-cases.test.ts).
 */
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { authorizationV4, encodePostPolicy, presignV1, presignV4, signPostPolicyV1 } from '@ossbox/protocol';
import { CREDENTIALS, oss, targetOf, useTestApp } from './test-support/harness.js';

const B = 'examplebucket';
const OCTET = 'application/octet-stream';
// A Buffer body: supertest then sends no Content-Type of its own (the harness adds one for strings).
const BYTES = Buffer.from('\xff\xd8\xff\xe0 not really a jpeg', 'latin1');

describe('an object stored without Content-Type is application/octet-stream, whatever its key', () => {
  const t = useTestApp();

  async function typeOf(key: string): Promise<string | undefined> {
    const head = await oss(t.app, 'HEAD', { bucket: B, key }).expect(200);
    const get = await oss(t.app, 'GET', { bucket: B, key }).expect(200);
    expect(get.headers['content-type']).toBe(head.headers['content-type']);
    return head.headers['content-type'];
  }

  it('PutObject, V1-signed header', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'photo.jpg', body: BYTES }).expect(200);
    expect(await typeOf('photo.jpg')).toBe(OCTET);
  });

  it('PutObject, V4-signed header', async () => {
    const headers: Record<string, string> = { 'x-oss-date': new Date().toISOString().replace(/[-:]|\.\d{3}/g, ''), 'x-oss-content-sha256': 'UNSIGNED-PAYLOAD' };
    headers.Authorization = authorizationV4({ method: 'PUT', bucket: B, key: 'page.html', headers, query: {} }, CREDENTIALS, { region: 'cn-hangzhou' });
    await supertest(t.app).put(`/${B}/page.html`).set(headers).send(BYTES).expect(200);
    expect(await typeOf('page.html')).toBe(OCTET);
  });

  it('PutObject through a V1 and a V4 presigned URL', async () => {
    const v1 = presignV1({ method: 'PUT', bucket: B, key: 'v1.png', headers: {}, query: {} }, CREDENTIALS, Math.floor(Date.now() / 1000) + 60);
    await supertest(t.app).put(targetOf({ bucket: B, key: 'v1.png', query: v1 })).send(BYTES).expect(200);
    expect(await typeOf('v1.png')).toBe(OCTET);
    const v4 = presignV4({ method: 'PUT', bucket: B, key: 'v4.txt', headers: {}, query: {} }, CREDENTIALS, {
      region: 'cn-hangzhou',
      date: new Date(),
      expiresIn: 60,
    });
    await supertest(t.app).put(targetOf({ bucket: B, key: 'v4.txt', query: v4 })).send(BYTES).expect(200);
    expect(await typeOf('v4.txt')).toBe(OCTET);
  });

  it('AppendObject takes the type of the first append only', async () => {
    await oss(t.app, 'POST', { bucket: B, key: 'log.txt', query: { append: '', position: '0' }, body: BYTES }).expect(200);
    expect(await typeOf('log.txt')).toBe(OCTET);
    const next = String(BYTES.length);
    await oss(t.app, 'POST', { bucket: B, key: 'log.txt', query: { append: '', position: next }, body: BYTES, headers: { 'Content-Type': 'text/plain' } }).expect(200);
    expect(await typeOf('log.txt')).toBe(OCTET);
  });

  it('InitiateMultipartUpload → CompleteMultipartUpload', async () => {
    const init = await oss(t.app, 'POST', { bucket: B, key: 'movie.mp4', query: { uploads: '' }, body: Buffer.alloc(0) }).expect(200);
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(init.text)![1]!;
    const part = await oss(t.app, 'PUT', { bucket: B, key: 'movie.mp4', query: { partNumber: '1', uploadId }, body: BYTES }).expect(200);
    const complete = `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${part.headers.etag}</ETag></Part></CompleteMultipartUpload>`;
    await oss(t.app, 'POST', { bucket: B, key: 'movie.mp4', query: { uploadId }, body: Buffer.from(complete) }).expect(200);
    expect(await typeOf('movie.mp4')).toBe(OCTET);
  });

  it('CopyObject with x-oss-metadata-directive: REPLACE, and a copy onto itself, without Content-Type', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'src.png', body: BYTES, headers: { 'Content-Type': 'image/png' } }).expect(200);
    const copy = (key: string, headers: Record<string, string> = {}) =>
      oss(t.app, 'PUT', { bucket: B, key, body: Buffer.alloc(0), headers: { 'x-oss-copy-source': `/${B}/src.png`, ...headers } }).expect(200);
    await copy('copied.png');
    expect(await typeOf('copied.png')).toBe('image/png');
    await copy('replaced.png', { 'x-oss-metadata-directive': 'REPLACE' });
    expect(await typeOf('replaced.png')).toBe(OCTET);
    await copy('src.png');
    expect(await typeOf('src.png')).toBe(OCTET);
  });

  it("PutSymlink: the link's own type, not one guessed from its name or its target's", async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'target.jpg', body: BYTES, headers: { 'Content-Type': 'image/jpeg' } }).expect(200);
    await oss(t.app, 'PUT', { bucket: B, key: 'link.gif', query: { symlink: '' }, body: Buffer.alloc(0), headers: { 'x-oss-symlink-target': 'target.jpg' } }).expect(200);
    const link = await oss(t.app, 'GET', { bucket: B, key: 'link.gif', query: { symlink: '' } }).expect(200);
    expect(link.headers['content-type']).toBe(OCTET);
    expect(await typeOf('link.gif')).toBe(OCTET);
  });
});

describe('PostObject: x-oss-content-type > the file part\'s own Content-Type > the Content-Type field > application/octet-stream', () => {
  const t = useTestApp();
  const boundary = 'b0undary';

  /** A raw form: fields, then a `file` part with the given part headers (none: no Content-Type). */
  function form(fields: Record<string, string>, fileHeaders: string[]): Buffer {
    const policy = encodePostPolicy({ expiration: new Date(Date.now() + 600_000), conditions: [{ bucket: B }] });
    const all = { ...fields, ...signPostPolicyV1(policy, CREDENTIALS) };
    const lines = Object.entries(all).flatMap(([name, value]) => [`--${boundary}`, `Content-Disposition: form-data; name="${name}"`, '', value]);
    lines.push(`--${boundary}`, 'Content-Disposition: form-data; name="file"; filename="local.jpg"', ...fileHeaders, '', 'file bytes', `--${boundary}--`, '');
    return Buffer.from(lines.join('\r\n'));
  }

  async function postType(key: string, fields: Record<string, string>, fileHeaders: string[]): Promise<string | undefined> {
    await supertest(t.app)
      .post(`/${B}`)
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .send(form({ key, ...fields }, fileHeaders))
      .expect(204);
    return (await oss(t.app, 'HEAD', { bucket: B, key }).expect(200)).headers['content-type'];
  }

  it.each([
    ['no type anywhere', {}, [], OCTET],
    ['only the Content-Type field', { 'Content-Type': 'image/webp' }, [], 'image/webp'],
    ["the file part's type over the field", { 'Content-Type': 'image/webp' }, ['Content-Type: image/gif'], 'image/gif'],
    ["the file part's text/plain, given explicitly", { 'Content-Type': 'image/webp' }, ['Content-Type: text/plain'], 'text/plain'],
    ['x-oss-content-type over both', { 'Content-Type': 'image/webp', 'x-oss-content-type': 'image/avif' }, ['Content-Type: image/gif'], 'image/avif'],
  ])('%s', async (_case, fields, fileHeaders, expected) => {
    expect(await postType('posted.jpg', fields, fileHeaders)).toBe(expected);
  });
});
