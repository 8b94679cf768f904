import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { authorizationV1, authorizationV2, authorizationV4, formatV4DateTime } from '@ossbox/protocol';
import type { SignableRequest } from '@ossbox/protocol';
import { CREDENTIALS, oss, useTestApp } from '../test-support/harness.js';

const B = 'examplebucket';
const AUTHOR = '张三';
const FILE_NAME = 'attachment; filename="报告.pdf"';

/**
 * What Node writes for a header value: this string's characters as single bytes (bodies are sent
 * as Buffers: Node writes the headers in the encoding of a first string chunk).
 */
const wire = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
/** The bytes a client received for a header, as Node's Latin-1 string. */
const bytesOf = (value: unknown) => Buffer.from(String(value), 'latin1');

type Signer = (req: SignableRequest) => Record<string, string>;
const signers: Array<[string, Signer]> = [
  [
    'V1',
    (req) => {
      const headers = { ...req.headers, Date: new Date().toUTCString() } as Record<string, string>;
      return { ...headers, Authorization: authorizationV1({ ...req, headers }, CREDENTIALS) };
    },
  ],
  [
    'V2',
    (req) => {
      const headers = { ...req.headers, Date: new Date().toUTCString() } as Record<string, string>;
      return { ...headers, Authorization: authorizationV2({ ...req, headers }, CREDENTIALS, ['content-disposition']) };
    },
  ],
  [
    'V4',
    (req) => {
      const headers = {
        ...req.headers,
        'x-oss-date': formatV4DateTime(new Date()),
        'x-oss-content-sha256': 'UNSIGNED-PAYLOAD',
      } as Record<string, string>;
      const auth = authorizationV4({ ...req, headers }, CREDENTIALS, {
        region: 'cn-hangzhou',
        additionalHeaders: ['content-disposition'],
      });
      return { ...headers, Authorization: auth };
    },
  ],
];

describe('header values with raw UTF-8 bytes', () => {
  const t = useTestApp();

  it.each(signers)('%s: signed over the UTF-8 text, stored, and returned as the same bytes', async (_name, sign) => {
    const text = { 'x-oss-meta-author': AUTHOR, 'Content-Disposition': FILE_NAME, 'Content-Type': 'text/plain' };
    const signed = sign({ method: 'PUT', bucket: B, key: 'u.txt', headers: text, query: {} });
    const onWire = Object.fromEntries(Object.entries(signed).map(([k, v]) => [k, wire(v)]));
    const put = await supertest(t.app).put(`/${B}/u.txt`).set(onWire).send(Buffer.from('hi'));
    expect(put.text).toBe('');
    expect(put.status).toBe(200);

    expect(t.storage.meta.getObject(B, 'u.txt')?.userMeta.author).toBe(AUTHOR);
    for (const method of ['GET', 'HEAD'] as const) {
      const res = await oss(t.app, method, { bucket: B, key: 'u.txt' });
      expect(bytesOf(res.headers['x-oss-meta-author'])).toEqual(Buffer.from(AUTHOR, 'utf8'));
      expect(bytesOf(res.headers['content-disposition'])).toEqual(Buffer.from(FILE_NAME, 'utf8'));
    }
  });

  it('a value that is not UTF-8 (one Latin-1 byte, as browsers send é) is read as Latin-1, as before', async () => {
    const signed = signers[0]![1]({ method: 'PUT', bucket: B, key: 'l.txt', headers: { 'x-oss-meta-name': 'José', 'Content-Type': 'text/plain' }, query: {} });
    const put = await supertest(t.app).put(`/${B}/l.txt`).set(signed).send(Buffer.from('hi'));
    expect(put.status).toBe(200);
    expect(t.storage.meta.getObject(B, 'l.txt')?.userMeta.name).toBe('José');
  });

  it('a signature over the Latin-1 reading of UTF-8 bytes no longer matches', async () => {
    const signed = signers[0]![1]({
      method: 'PUT',
      bucket: B,
      key: 'm.txt',
      headers: { 'x-oss-meta-author': wire(AUTHOR), 'Content-Type': 'text/plain' },
      query: {},
    });
    const put = await supertest(t.app).put(`/${B}/m.txt`).set(signed).send(Buffer.from('hi'));
    expect(put.status).toBe(403);
    expect(put.text).toContain('SignatureDoesNotMatch');
  });
});
