/**
 * The documented request headers of the operations that create objects, each honoured (stored
 * and returned), rejected as OSS rejects it, or refused with NotImplemented — one table per
 * header family, run against PutObject, AppendObject, CopyObject, InitiateMultipartUpload (+
 * Complete) and PostObject-style metadata (http/upload-headers.ts has the sources).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseErrorXml, parseInitiateMultipartUploadResult, parseListObjectsResult } from '@ossbox/protocol';
import type { TestApp } from './test-support/harness.js';
import { createTestApp, oss } from './test-support/harness.js';

const B = 'examplebucket';
let t: TestApp;
let serial = 0;

type Upload = (key: string, headers: Record<string, string>) => Promise<{ status: number; headers: Record<string, string>; text: string }>;

/** Each operation creates `key` with `headers`; its response is the one that created the object. */
const OPERATIONS: Record<string, Upload> = {
  PutObject: (key, headers) => oss(t.app, 'PUT', { bucket: B, key, body: 'data', headers }),
  AppendObject: (key, headers) => oss(t.app, 'POST', { bucket: B, key, query: { append: '', position: '0' }, body: 'data', headers }),
  CopyObject: (key, headers) =>
    oss(t.app, 'PUT', {
      bucket: B,
      key,
      headers: {
        'x-oss-copy-source': `/${B}/source`,
        'x-oss-metadata-directive': 'REPLACE',
        'x-oss-tagging-directive': 'REPLACE',
        ...headers,
      },
    }),
  'InitiateMultipartUpload + Complete': async (key, headers) => {
    const init = await oss(t.app, 'POST', { bucket: B, key, query: { uploads: '' }, headers });
    if (init.status !== 200) return init;
    for (const [name, value] of Object.entries(headers)) {
      // Initiate echoes encryption itself (checked here, Complete is checked by the table).
      if (name === 'x-oss-server-side-encryption') expect(init.headers[name]).toBe(value);
    }
    const { uploadId } = parseInitiateMultipartUploadResult(init.text);
    return oss(t.app, 'POST', { bucket: B, key, query: { uploadId }, body: '<CompleteMultipartUpload/>' });
  },
};

type Check = (created: Record<string, string>, head: Record<string, string>, key: string) => Promise<void> | void;
const HONOURED: [name: string, headers: Record<string, string>, check: Check][] = [
  ['Content-Language is stored and returned', { 'Content-Language': 'zh-CN' }, (_c, head) => expect(head['content-language']).toBe('zh-CN')],
  [
    'x-oss-server-side-encryption AES256 is echoed and stored',
    { 'x-oss-server-side-encryption': 'AES256' },
    (created, head) => {
      expect(created['x-oss-server-side-encryption']).toBe('AES256');
      expect(head['x-oss-server-side-encryption']).toBe('AES256');
    },
  ],
  [
    'KMS with SM4 data encryption and a key id',
    { 'x-oss-server-side-encryption': 'KMS', 'x-oss-server-side-data-encryption': 'SM4', 'x-oss-server-side-encryption-key-id': 'key-1' },
    (created, head) => {
      for (const headers of [created, head]) {
        expect(headers).toMatchObject({
          'x-oss-server-side-encryption': 'KMS',
          'x-oss-server-side-data-encryption': 'SM4',
          'x-oss-server-side-encryption-key-id': 'key-1',
        });
      }
    },
  ],
  ['SM4', { 'x-oss-server-side-encryption': 'SM4' }, (_c, head) => expect(head['x-oss-server-side-encryption']).toBe('SM4')],
  ['x-oss-tagging is counted on HEAD', { 'x-oss-tagging': 'a=1&b%20c=d%2Fe&flag' }, (_c, head) => expect(head['x-oss-tagging-count']).toBe('3')],
  ['x-oss-storage-class is stored (any case)', { 'x-oss-storage-class': 'ia' }, (_c, head) => expect(head['x-oss-storage-class']).toBe('IA')],
  [
    'x-oss-object-acl is stored',
    { 'x-oss-object-acl': 'public-read' },
    async (_c, _h, key) => expect((await oss(t.app, 'GET', { bucket: B, key, query: { acl: '' } })).text).toContain('<Grant>public-read</Grant>'),
  ],
  ['a valid x-oss-traffic-limit is accepted', { 'x-oss-traffic-limit': '245760' }, () => undefined],
];

const REJECTED: [name: string, headers: Record<string, string>, status: number, code: string][] = [
  ['an unknown encryption', { 'x-oss-server-side-encryption': 'DES' }, 400, 'InvalidEncryptionAlgorithmError'],
  ['lower-case aes256', { 'x-oss-server-side-encryption': 'aes256' }, 400, 'InvalidEncryptionAlgorithmError'],
  ['data encryption without KMS', { 'x-oss-server-side-encryption': 'AES256', 'x-oss-server-side-data-encryption': 'SM4' }, 400, 'InvalidEncryptionAlgorithmError'],
  ['a key id without KMS', { 'x-oss-server-side-encryption': 'AES256', 'x-oss-server-side-encryption-key-id': 'k' }, 400, 'InvalidArgument'],
  ['an empty KMS key id', { 'x-oss-server-side-encryption': 'KMS', 'x-oss-server-side-encryption-key-id': '' }, 400, 'InvalidArgument'],
  ['11 tags', { 'x-oss-tagging': Array.from({ length: 11 }, (_, i) => `k${i}=v`).join('&') }, 400, 'InvalidTag'],
  ['a repeated tag key', { 'x-oss-tagging': 'a=1&a=2' }, 400, 'InvalidTag'],
  ['a tag key of 129 characters', { 'x-oss-tagging': `${'k'.repeat(129)}=v` }, 400, 'InvalidTag'],
  ['a tag value of 257 characters', { 'x-oss-tagging': `k=${'v'.repeat(257)}` }, 400, 'InvalidTag'],
  ['a tag character outside the allowed set', { 'x-oss-tagging': 'k=%2A' }, 400, 'InvalidTag'],
  ['a tag that is not key=value', { 'x-oss-tagging': 'aa=bb=cc' }, 400, 'InvalidTag'],
  ['an unknown storage class', { 'x-oss-storage-class': 'Glacier' }, 400, 'InvalidArgument'],
  ['an unknown object ACL', { 'x-oss-object-acl': 'everyone' }, 400, 'InvalidArgument'],
  ['x-oss-forbid-overwrite neither true nor false', { 'x-oss-forbid-overwrite': 'yes' }, 400, 'InvalidArgument'],
  ['a traffic limit below 100 KB/s', { 'x-oss-traffic-limit': '100' }, 400, 'InvalidArgument'],
  // EC page 0011-00000004: user metadata names are letters, digits and hyphens.
  ['a user metadata name with an underscore', { 'x-oss-meta-my_key': 'v' }, 400, 'InvalidArgument'],
  // PutObject reference / EC page 0011-00000002: user metadata totals at most 8 KB.
  ['one user metadata value over 8 KB', { 'x-oss-meta-big': 'v'.repeat(8 * 1024) }, 400, 'InvalidArgument'],
  ['user metadata over 8 KB together', { 'x-oss-meta-a': 'v'.repeat(4090), 'x-oss-meta-b': 'v'.repeat(4090) }, 400, 'InvalidArgument'],
  ['object WORM retention', { 'x-oss-object-worm-mode': 'COMPLIANCE' }, 501, 'NotImplemented'],
  ['a KMS encryption context', { 'x-oss-server-side-encryption': 'KMS', 'x-oss-server-side-encryption-context': 'e30=' }, 501, 'NotImplemented'],
];

beforeAll(async () => {
  t = await createTestApp();
  await oss(t.app, 'PUT', { bucket: B, key: 'source', body: 'data' }).expect(200);
});
afterAll(async () => {
  await t.close();
});

describe.each(Object.entries(OPERATIONS))('%s', (operation, upload) => {
  it.each(HONOURED)('%s', async (_name, headers, check) => {
    const key = `honoured-${serial++}`;
    const created = await upload(key, headers);
    expect(created.status).toBe(200);
    const head = await oss(t.app, 'HEAD', { bucket: B, key });
    expect(head.status).toBe(200);
    await check(created.headers, head.headers as Record<string, string>, key);
  });

  // x-oss-forbid-overwrite is not an AppendObject header (its reference lists none).
  const rejected = REJECTED.filter(([, headers]) => operation !== 'AppendObject' || !('x-oss-forbid-overwrite' in headers));
  it.each(rejected)('rejects %s and stores nothing', async (_name, headers, status, code) => {
    const key = `rejected-${serial++}`;
    const res = await upload(key, headers);
    expect(res.status).toBe(status);
    expect(parseErrorXml(res.text)?.code).toBe(code);
    expect((await oss(t.app, 'HEAD', { bucket: B, key })).status).toBe(404);
  });
});

describe('request headers with a behaviour of their own', () => {
  it('AppendObject applies x-oss-object-acl on a later append too, and metadata only on the first', async () => {
    const append = (position: number, headers: Record<string, string>) =>
      oss(t.app, 'POST', { bucket: B, key: 'acl-log', query: { append: '', position: String(position) }, body: 'ab', headers });
    await append(0, { 'Content-Language': 'en' }).expect(200);
    await append(2, { 'x-oss-object-acl': 'public-read', 'Content-Language': 'fr' }).expect(200);
    expect((await oss(t.app, 'GET', { bucket: B, key: 'acl-log', query: { acl: '' } })).text).toContain('<Grant>public-read</Grant>');
    expect((await oss(t.app, 'HEAD', { bucket: B, key: 'acl-log' })).headers['content-language']).toBe('en');
    expect((await oss(t.app, 'GET', { bucket: B, key: 'acl-log', anonymous: true })).text).toBe('abab');
  });

  it('CopyObject copies the source tags by default and replaces them with x-oss-tagging-directive: REPLACE', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'tagged', body: 'x', headers: { 'x-oss-tagging': 'a=1&b=2' } }).expect(200);
    await oss(t.app, 'PUT', { bucket: B, key: 'copied', headers: { 'x-oss-copy-source': `/${B}/tagged` } }).expect(200);
    expect((await oss(t.app, 'HEAD', { bucket: B, key: 'copied' })).headers['x-oss-tagging-count']).toBe('2');
    await oss(t.app, 'PUT', {
      bucket: B,
      key: 'copied',
      headers: { 'x-oss-copy-source': `/${B}/tagged`, 'x-oss-tagging-directive': 'REPLACE', 'x-oss-tagging': 'c=3' },
    }).expect(200);
    expect((await oss(t.app, 'HEAD', { bucket: B, key: 'copied' })).headers['x-oss-tagging-count']).toBe('1');
  });

  it('objects in an Archive bucket are Archive in listings and on HEAD unless the upload says otherwise', async () => {
    await oss(t.app, 'PUT', {
      bucket: 'archivebucket',
      body: '<CreateBucketConfiguration><StorageClass>Archive</StorageClass></CreateBucketConfiguration>',
    }).expect(200);
    await oss(t.app, 'PUT', { bucket: 'archivebucket', key: 'cold.txt', body: 'x' }).expect(200);
    await oss(t.app, 'PUT', { bucket: 'archivebucket', key: 'warm.txt', body: 'x', headers: { 'x-oss-storage-class': 'Standard' } }).expect(200);
    expect((await oss(t.app, 'HEAD', { bucket: 'archivebucket', key: 'cold.txt' })).headers['x-oss-storage-class']).toBe('Archive');
    const listing = parseListObjectsResult((await oss(t.app, 'GET', { bucket: 'archivebucket' })).text);
    expect(listing.contents.map((o) => [o.key, o.storageClass])).toEqual([
      ['cold.txt', 'Archive'],
      ['warm.txt', 'Standard'],
    ]);
  });
});
