import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { authorizationV1, parseDeleteResult, parseErrorXml, parseListObjectsResult, parseListObjectsV2Result, presignV1 } from '@ossbox/protocol';
import { CREDENTIALS, oss, useTestApp } from '../test-support/harness.js';

const B = 'examplebucket';

describe('keys in the request path and in listings', () => {
  const t = useTestApp();

  /** A V1-signed request to a raw path, signed for `key` (what the Ruby SDK does). */
  function rawSigned(method: 'PUT' | 'GET', rawPath: string, key: string, host?: string) {
    const headers: Record<string, string> = { Date: new Date().toUTCString(), 'Content-Type': 'text/plain' };
    headers.Authorization = authorizationV1({ method, bucket: B, key, headers, query: {} }, CREDENTIALS);
    const request = method === 'PUT' ? supertest(t.app).put(rawPath) : supertest(t.app).get(rawPath);
    if (host !== undefined) request.set('Host', host);
    return request.set(headers);
  }

  it('form-escaped key: + is a space, %2B a plus (PUT /examplebucket/dir%2Fa+b%2Bc)', async () => {
    const put = await rawSigned('PUT', `/${B}/dir%2Fa+b%2Bc`, 'dir/a b+c').send(Buffer.from('form'));
    expect(put.status).toBe(200);
    expect(t.storage.meta.getObject(B, 'dir/a b+c')).toBeDefined();
    expect(t.storage.meta.getObject(B, 'dir/a+b+c')).toBeUndefined();
    // The same key as every other SDK sends it (space %20, plus %2B), read back.
    const get = await oss(t.app, 'GET', { bucket: B, key: 'dir/a b+c' });
    expect([get.status, get.text]).toEqual([200, 'form']);
  });

  it('the same rule in virtual-hosted addressing and in presigned URLs', async () => {
    const put = await rawSigned('PUT', '/v+1%2B', 'v 1+', `${B}.localhost`).send(Buffer.from('vh'));
    expect(put.status).toBe(200);
    const params = presignV1({ method: 'GET', bucket: B, key: 'v 1+', headers: {}, query: {} }, CREDENTIALS, 4102444800);
    const get = await supertest(t.app).get(`/${B}/v+1%2B?${new URLSearchParams(params)}`);
    expect([get.status, get.text]).toEqual([200, 'vh']);
  });

  it('a key with control characters is listed so it can be read back, with and without encoding-type=url', async () => {
    const key = 'ctl\u0001\u001f/k';
    expect((await oss(t.app, 'PUT', { bucket: B, key, body: 'c' })).status).toBe(200);

    // Raw, as OSS writes them (ali-oss, which sends no encoding-type, reads them back through sax).
    const plain = await oss(t.app, 'GET', { bucket: B });
    expect(plain.text).toContain('<Key>ctl\u0001\u001f/k</Key>');
    expect(parseListObjectsResult(plain.text).contents.map((o) => o.key)).toEqual([key]);

    const url = await oss(t.app, 'GET', { bucket: B, query: { 'list-type': '2', 'encoding-type': 'url' } });
    expect(url.text).toContain('<Key>ctl%01%1F%2Fk</Key>');
    expect(parseListObjectsV2Result(url.text).contents.map((o) => o.key)).toEqual([key]);

    const get = await oss(t.app, 'GET', { bucket: B, key: parseListObjectsResult(plain.text).contents[0]!.key });
    expect([get.status, get.text]).toEqual([200, 'c']);
  });

  it('DeleteMultipleObjects deletes any stored key: control characters as references, plain keys under encoding-type=url', async () => {
    const keys = ['ctl\u0001\u001f/k', 'ctl\u0002', '100%25 a+b', 'plain'];
    for (const key of keys) expect((await oss(t.app, 'PUT', { bucket: B, key, body: 'x' })).status).toBe(200);
    // Python SDK v2 (utils.escape_xml_value) writes &#01;, Go SDK v2 &#x1;; both with encoding-type=url
    // in the query and the keys themselves in plain text.
    const body =
      '<?xml version="1.0" encoding="UTF-8"?><Delete><Quiet>false</Quiet>' +
      '<Object><Key>ctl&#01;&#31;/k</Key></Object><Object><Key>ctl&#x2;</Key></Object>' +
      '<Object><Key>100%25 a+b</Key></Object><Object><Key>plain</Key></Object></Delete>';
    const md5 = createHash('md5').update(body).digest('base64');
    const res = await oss(t.app, 'POST', { bucket: B, query: { delete: '', 'encoding-type': 'url' }, body, headers: { 'Content-MD5': md5, 'Content-Type': 'application/xml' } });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<Key>ctl%01%1F%2Fk</Key>');
    expect(parseDeleteResult(res.text).deleted).toEqual(keys);
    for (const key of keys) expect(t.storage.meta.getObject(B, key), key).toBeUndefined();

    // Without encoding-type the result carries them raw, read back as the keys; ali-oss's
    // deleteMulti() sends them raw too.
    for (const plainBody of ['<Delete><Object><Key>ctl&#x1;&#x1F;/k</Key></Object></Delete>', '<Delete><Object><Key>ctl\u0001\u001f/k</Key></Object></Delete>']) {
      expect((await oss(t.app, 'PUT', { bucket: B, key: keys[0]!, body: 'x' })).status).toBe(200);
      const plain = await oss(t.app, 'POST', { bucket: B, query: { delete: '' }, body: plainBody, headers: { 'Content-MD5': createHash('md5').update(plainBody).digest('base64'), 'Content-Type': 'application/xml' } });
      expect(plain.text).toContain('<Key>ctl\u0001\u001f/k</Key>');
      expect(parseDeleteResult(plain.text).deleted).toEqual([keys[0]]);
      expect(t.storage.meta.getObject(B, keys[0]!)).toBeUndefined();
    }

    const noKeyBody = '<Delete><Object><VersionId>v</VersionId></Object></Delete>';
    const noKey = await oss(t.app, 'POST', { bucket: B, query: { delete: '' }, body: noKeyBody, headers: { 'Content-MD5': createHash('md5').update(noKeyBody).digest('base64'), 'Content-Type': 'application/xml' } });
    expect(noKey.status).toBe(400);
    expect(parseErrorXml(noKey.text)).toMatchObject({ code: 'MalformedXML', ec: '0016-00000613' });
  });
});
