/**
 * The object naming rule (http/object-name.ts) on every path a key enters by: the request path of
 * each kind of object operation, the PostObject `key` field, copy sources, symlink targets,
 * `sys/saveas` targets and DeleteMultipleObjects bodies. Each refusal is 400 InvalidObjectName
 * with the EC of its cause (InvalidArgument for bytes that are not UTF-8), and stores, changes or
 * deletes nothing.
 */
import { createHash } from 'node:crypto';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { encodePostPolicy, parseErrorXml, parseListObjectsResult, signPostPolicyV1 } from '@ossbox/protocol';
import { encodeForm } from './test-support/form.js';
import { CREDENTIALS, oss, signedHeaders, useTestApp } from './test-support/harness.js';

const B = 'examplebucket';
/** The error of a refused name: a bare EC string means InvalidObjectName with that EC. */
type Refusal = string | { code: string; ec: string };
/** Bytes that are not UTF-8: InvalidArgument, EC 0016-00000004 (http/object-name.ts). */
const NOT_UTF8 = { code: 'InvalidArgument', ec: '0016-00000004' };
/** NUL, U+FFFE, U+FFFF: UTF-8, but no XML can carry them ([decision], docs/fidelity.md). */
const UNLISTABLE = '0016-00000002';

/** Raw path segments (as sent) that no key may be, with the error OSS gives for the cause. */
const BAD_PATH_KEYS: [what: string, raw: string, refusal: Refusal][] = [
  ['a NUL', 'a%00b', UNLISTABLE],
  ['U+FFFE', 'a%EF%BF%BE', UNLISTABLE],
  ['U+FFFF', 'a%EF%BF%BF', UNLISTABLE],
  ['a byte that is not UTF-8', 'a%FF', NOT_UTF8],
  ['a cut-off UTF-8 sequence', 'a%E4%B8', NOT_UTF8],
  ['an overlong encoding of "/"', 'a%C0%AF', NOT_UTF8],
  ['an encoded surrogate', 'a%ED%A0%80', NOT_UTF8],
  ['a leading backslash', '%5Ca', '0016-00000005'],
  ['1024 bytes', 'k'.repeat(1024), '0016-00000003'],
];

function expectInvalidName(res: { status: number; text?: string; headers: Record<string, unknown> }, refusal: Refusal): void {
  expect(res.status).toBe(400);
  // HEAD answers carry the error document Base64-encoded in x-oss-err.
  const xml = res.text ? res.text : Buffer.from(String(res.headers['x-oss-err']), 'base64').toString();
  expect(parseErrorXml(xml)).toMatchObject(typeof refusal === 'string' ? { code: 'InvalidObjectName', ec: refusal } : refusal);
}

describe('object names', () => {
  const t = useTestApp();

  /** A V1-signed request to a raw path (the signature does not matter: the name is refused first). */
  function raw(method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE', path: string, query = '') {
    const agent = supertest(t.app);
    const target = `/${B}/${path}${query}`;
    const req = { GET: agent.get(target), HEAD: agent.head(target), PUT: agent.put(target), POST: agent.post(target), DELETE: agent.delete(target) }[method];
    return req.set(signedHeaders(method, { bucket: B, key: 'placeholder' }));
  }

  it.each(BAD_PATH_KEYS)('%s in the path is refused by every kind of object operation', async (_what, path, ec) => {
    const ops: [method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE', query: string][] = [
      ['PUT', ''],
      ['GET', ''],
      ['HEAD', ''],
      ['DELETE', ''],
      ['POST', '?append&position=0'],
      ['POST', '?uploads'],
      ['PUT', '?symlink'],
      ['GET', '?acl'],
    ];
    for (const [method, query] of ops) expectInvalidName(await raw(method, path, query), ec);
    expect((await oss(t.app, 'GET', { bucket: B })).text).not.toContain('<Contents>');
  });

  it('malformed percent-escapes stay InvalidURI', async () => {
    const res = await raw('GET', 'a%zz');
    expect([res.status, parseErrorXml(res.text)?.code]).toEqual([400, 'InvalidURI']);
  });

  it('control characters other than NUL are accepted, listed and read back (the Ruby SDK live test key)', async () => {
    const key = 'invisible/\u0001\n\u000c\u0007Pc';
    expect((await oss(t.app, 'PUT', { bucket: B, key, body: 'ctl' })).status).toBe(200);
    const listed = parseListObjectsResult((await oss(t.app, 'GET', { bucket: B, query: { prefix: 'invisible/' } })).text);
    expect(listed.contents.map((o) => o.key)).toEqual([key]);
    expect((await oss(t.app, 'GET', { bucket: B, key })).text).toBe('ctl');
  });

  it('PostObject: the key field (after ${filename}) obeys the same rule', async () => {
    const policy = encodePostPolicy({ expiration: new Date(Date.now() + 60_000), conditions: [['starts-with', '$key', '']] });
    for (const [key, filename, ec] of [
      ['a\u0000b', 'f.txt', UNLISTABLE],
      ['up/${filename}', 'x\uFFFF.txt', UNLISTABLE],
      ['\\lead', 'f.txt', '0016-00000005'],
      ['', 'f.txt', '0016-00000001'],
    ] as const) {
      const { body, contentType } = await encodeForm([['key', key], ...Object.entries(signPostPolicyV1(policy, CREDENTIALS)), ['file', { filename, data: 'form' }]]);
      expectInvalidName(await supertest(t.app).post(`/${B}`).set('Content-Type', contentType).send(body), ec);
    }
    expect((await oss(t.app, 'GET', { bucket: B })).text).not.toContain('<Contents>');
  });

  it('CopyObject and UploadPartCopy: the source key obeys the same rule', async () => {
    expect((await oss(t.app, 'PUT', { bucket: B, key: 'src.txt', body: 'source' })).status).toBe(200);
    const init = await oss(t.app, 'POST', { bucket: B, key: 'mp.bin', query: { uploads: '' } });
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(init.text)![1]!;
    for (const [source, ec] of [
      [`/${B}/a%00b`, UNLISTABLE],
      [`/${B}/a%FF`, NOT_UTF8],
      [`/${B}//src.txt`, '0016-00000005'],
    ] as const) {
      const headers = { 'x-oss-copy-source': source };
      expectInvalidName(await oss(t.app, 'PUT', { bucket: B, key: 'copy.txt', headers }), ec);
      expectInvalidName(await oss(t.app, 'PUT', { bucket: B, key: 'mp.bin', query: { partNumber: '1', uploadId }, headers }), ec);
    }
    const malformed = await oss(t.app, 'PUT', { bucket: B, key: 'copy.txt', headers: { 'x-oss-copy-source': `/${B}/a%zz` } });
    expect(parseErrorXml(malformed.text)).toMatchObject({ code: 'InvalidArgument', ec: '0016-00000304' });
    expect(t.storage.meta.getObject(B, 'copy.txt')).toBeUndefined();
  });

  it('PutSymlink: the target obeys the same rule', async () => {
    for (const [target, ec] of [
      ['a%00b', UNLISTABLE],
      ['%FF', NOT_UTF8],
      ['%2Flead', '0016-00000005'],
    ] as const) {
      expectInvalidName(await oss(t.app, 'PUT', { bucket: B, key: 'link', query: { symlink: '' }, headers: { 'x-oss-symlink-target': target } }), ec);
    }
    expect(t.storage.meta.getObject(B, 'link')).toBeUndefined();
  });

  it('ProcessObjectSave: the sys/saveas target obeys the same rule, bytes decoded strictly', async () => {
    for (const [name, ec] of [
      [Buffer.from([0x61, 0xff]), NOT_UTF8],
      [Buffer.from('a\u0000b'), UNLISTABLE],
      [Buffer.from('/out.jpg'), '0016-00000005'],
    ] as const) {
      const body = `x-oss-process=${encodeURIComponent(`image/resize,w_5|sys/saveas,o_${name.toString('base64url')}`)}`;
      expectInvalidName(await oss(t.app, 'POST', { bucket: B, key: 'src.png', query: { 'x-oss-process': '' }, body }), ec);
    }
  });

  describe('DeleteMultipleObjects', () => {
    async function deleteMany(body: Buffer | string) {
      const headers = { 'Content-MD5': createHash('md5').update(body).digest('base64'), 'Content-Type': 'application/xml' };
      return oss(t.app, 'POST', { bucket: B, query: { delete: '' }, body, headers });
    }

    it('a key that breaks the rule refuses the whole request; nothing is deleted', async () => {
      expect((await oss(t.app, 'PUT', { bucket: B, key: 'keep.txt', body: 'k' })).status).toBe(200);
      expectInvalidName(await deleteMany('<Delete><Object><Key>keep.txt</Key></Object><Object><Key>/lead</Key></Object></Delete>'), '0016-00000005');
      expectInvalidName(await deleteMany(`<Delete><Object><Key>keep.txt</Key></Object><Object><Key>${'k'.repeat(1024)}</Key></Object></Delete>`), '0016-00000003');
      expect(t.storage.meta.getObject(B, 'keep.txt')).toBeDefined();
    });

    it('a body that is not UTF-8 is MalformedXML, never a delete of the U+FFFD-substituted key', async () => {
      const substituted = 'x\uFFFD.txt';
      expect((await oss(t.app, 'PUT', { bucket: B, key: substituted, body: 'k' })).status).toBe(200);
      const body = Buffer.concat([Buffer.from('<Delete><Object><Key>x'), Buffer.from([0xff]), Buffer.from('.txt</Key></Object></Delete>')]);
      const res = await deleteMany(body);
      expect([res.status, parseErrorXml(res.text)?.code]).toEqual([400, 'MalformedXML']);
      expect(t.storage.meta.getObject(B, substituted)).toBeDefined();
    });
  });
});
