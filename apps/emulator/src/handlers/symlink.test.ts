import { describe, expect, it } from 'vitest';
import { decodeErrHeader, parseErrorXml, parseListObjectsResult } from '@ossbox/protocol';
import { oss, useTestApp } from '../test-support/harness.js';

const B = 'examplebucket';

describe('PutSymlink / GetSymlink and reads through a link', () => {
  const t = useTestApp();

  const putLink = (key: string, target: string, headers: Record<string, string> = {}) =>
    oss(t.app, 'PUT', { bucket: B, key, query: { symlink: '' }, headers: { 'x-oss-symlink-target': target, ...headers } });

  it('stores the link; GetSymlink returns the percent-encoded target, ETag and metadata', async () => {
    const put = await putLink('link.txt', encodeURIComponent('dir/目标 1.txt').replace(/%2F/g, '/'), { 'x-oss-meta-owner': 'al' });
    expect(put.status).toBe(200);
    expect(put.headers.etag).toMatch(/^"[0-9A-F]{32}"$/);
    const get = await oss(t.app, 'GET', { bucket: B, key: 'link.txt', query: { symlink: '' } });
    expect(get.status).toBe(200);
    expect(decodeURIComponent(get.headers['x-oss-symlink-target'] as string)).toBe('dir/目标 1.txt');
    expect(get.headers.etag).toBe(put.headers.etag);
    expect(get.headers['x-oss-meta-owner']).toBe('al');
    expect(get.body.length).toBe(0);
  });

  it("GET and HEAD through the link return the target bytes, size and ETag with the link's Content-Type, typed Symlink", async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'target.txt', body: 'hello', headers: { 'Content-Type': 'text/x-demo' } }).expect(200);
    await putLink('link', 'target.txt').expect(200);
    const get = await oss(t.app, 'GET', { bucket: B, key: 'link' });
    expect(get.status).toBe(200);
    expect(get.text).toBe('hello');
    const linkItself = await oss(t.app, 'GET', { bucket: B, key: 'link', query: { symlink: '' } }).expect(200);
    expect(get.headers['content-type']).toBe(linkItself.headers['content-type']);
    expect(get.headers['content-type']).not.toBe('text/x-demo');
    expect(get.headers['x-oss-object-type']).toBe('Symlink');
    const target = await oss(t.app, 'HEAD', { bucket: B, key: 'target.txt' });
    const head = await oss(t.app, 'HEAD', { bucket: B, key: 'link' });
    expect(head.headers['content-length']).toBe('5');
    expect(head.headers.etag).toBe(target.headers.etag);
    expect(head.headers['x-oss-object-type']).toBe('Symlink');
  });

  // The official Java SDK's SymlinkTest.testUnnormalgetSymlink, run against OSS, expects
  // OSSErrorCode.NO_SUCH_SYM_LINK_TARGET ("SymlinkTargetNotExist") for a GET through such a link.
  it('a dangling link is SymlinkTargetNotExist (EC 0026-00000012), on HEAD in x-oss-err', async () => {
    await putLink('dangling', 'nothing-here').expect(200);
    const get = await oss(t.app, 'GET', { bucket: B, key: 'dangling' });
    expect(get.status).toBe(404);
    expect(parseErrorXml(get.text)).toMatchObject({ code: 'SymlinkTargetNotExist', ec: '0026-00000012' });
    const head = await oss(t.app, 'HEAD', { bucket: B, key: 'dangling' });
    expect(head.status).toBe(404);
    expect(parseErrorXml(decodeErrHeader(head.headers['x-oss-err'] as string)!)).toMatchObject({
      code: 'SymlinkTargetNotExist',
      ec: '0026-00000012',
    });
  });

  it('a link to a link is InvalidTargetType; GetSymlink of a plain object is NotSymlink', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'plain', body: 'x' }).expect(200);
    await putLink('one', 'plain').expect(200);
    await putLink('two', 'one').expect(200);
    const get = await oss(t.app, 'GET', { bucket: B, key: 'two' });
    expect(get.status).toBe(400);
    expect(parseErrorXml(get.text)).toMatchObject({ code: 'InvalidTargetType' });
    const notLink = await oss(t.app, 'GET', { bucket: B, key: 'plain', query: { symlink: '' } });
    expect(notLink.status).toBe(400);
    expect(parseErrorXml(notLink.text)).toMatchObject({ code: 'NotSymlink', ec: '0043-00000101' });
    const missing = await oss(t.app, 'GET', { bucket: B, key: 'none', query: { symlink: '' } });
    expect(parseErrorXml(missing.text)).toMatchObject({ code: 'NoSuchKey' });
  });

  it('refuses a missing or undecodable target and honours x-oss-forbid-overwrite', async () => {
    const missing = await oss(t.app, 'PUT', { bucket: B, key: 'l', query: { symlink: '' } });
    expect(missing.status).toBe(400);
    expect(parseErrorXml(missing.text)).toMatchObject({ code: 'MissingArgument' });
    const bad = await putLink('l', '%E0%A4%A');
    expect(parseErrorXml(bad.text)).toMatchObject({ code: 'InvalidArgument' });
    await oss(t.app, 'PUT', { bucket: B, key: 'taken', body: 'x' }).expect(200);
    const taken = await putLink('taken', 'plain', { 'x-oss-forbid-overwrite': 'true' });
    expect(taken.status).toBe(409);
    expect(parseErrorXml(taken.text)).toMatchObject({ code: 'FileAlreadyExists' });
  });

  it('lists the link with type Symlink; deleting it leaves the target', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'a', body: 'x' }).expect(200);
    await putLink('b', 'a').expect(200);
    const list = parseListObjectsResult((await oss(t.app, 'GET', { bucket: B })).text);
    expect(list.contents.map((o) => [o.key, o.type])).toEqual([
      ['a', 'Normal'],
      ['b', 'Symlink'],
    ]);
    await oss(t.app, 'DELETE', { bucket: B, key: 'b' }).expect(204);
    await oss(t.app, 'GET', { bucket: B, key: 'a' }).expect(200);
  });

  it('an anonymous read through a public link needs read access to the target too', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'secret', body: 'x' }).expect(200);
    await putLink('public-link', 'secret', { 'x-oss-object-acl': 'public-read' }).expect(200);
    const res = await oss(t.app, 'GET', { bucket: B, key: 'public-link', anonymous: true });
    expect(res.status).toBe(403);
    expect(parseErrorXml(res.text)).toMatchObject({ code: 'AccessDenied' });
    await oss(t.app, 'PUT', { bucket: B, key: 'secret', query: { acl: '' }, headers: { 'x-oss-object-acl': 'public-read' } }).expect(200);
    await oss(t.app, 'GET', { bucket: B, key: 'public-link', anonymous: true }).expect(200);
  });

  it('CopyObject of a link copies the link, not the target', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 't', body: 'data' }).expect(200);
    await putLink('src-link', 't').expect(200);
    await oss(t.app, 'PUT', { bucket: B, key: 'copy', headers: { 'x-oss-copy-source': `/${B}/src-link` } }).expect(200);
    const get = await oss(t.app, 'GET', { bucket: B, key: 'copy', query: { symlink: '' } });
    expect(get.status).toBe(200);
    expect(get.headers['x-oss-symlink-target']).toBe('t');
  });
});
