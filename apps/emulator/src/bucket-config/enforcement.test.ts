/**
 * Bucket configurations with a local effect: Referer rules on anonymous and URL-signed requests,
 * website index and error documents on unsigned GETs, default encryption on new objects,
 * GetBucketStat from the real contents, and lifecycle runs on demand.
 */
import { describe, expect, it } from 'vitest';
import supertest from 'supertest';
import { buildRefererConfiguration, parseErrorXml, parseInitiateMultipartUploadResult, presignV1 } from '@ossbox/protocol';
import type { RefererConfiguration } from '@ossbox/protocol';
import { createApp } from '../app.js';
import type { TestApp } from '../test-support/harness.js';
import { CREDENTIALS, oss, useTestApp } from '../test-support/harness.js';
import { createLifecycleRouter } from './lifecycle-route.js';
import { refererRefusal } from './referer.js';
import { websiteRoute } from './website.js';

const B = 'examplebucket';
type App = TestApp['app'];
const putConfig = (app: App, sub: string, body: string) =>
  oss(app, 'PUT', { bucket: B, query: { [sub]: '' }, body, headers: { 'Content-Type': 'application/xml' } }).expect(200);
const putObject = (app: App, key: string, body = key, headers: Record<string, string> = {}) =>
  oss(app, 'PUT', { bucket: B, key, body, headers }).expect(200);

describe('refererRefusal', () => {
  const config = (over: Partial<RefererConfiguration>): RefererConfiguration => ({
    allowEmptyReferer: false,
    allowTruncateQueryString: true,
    truncatePath: false,
    referers: [],
    blacklist: [],
    ...over,
  });
  it.each([
    ['an empty Referer when allowed', config({ allowEmptyReferer: true, referers: ['http://a.com'] }), undefined, undefined],
    ['an empty Referer when not allowed', config({}), '', 'empty'],
    ['any Referer with an empty whitelist', config({}), 'http://anything/x', undefined],
    ['a whitelisted Referer', config({ referers: ['http://www.example.com/*'] }), 'http://www.example.com/page.html', undefined],
    ['a whole-URL pattern does not cover a path', config({ referers: ['http://www.example.com'] }), 'http://www.example.com/page.html', 'not-listed'],
    ['the query string is dropped', config({ referers: ['http://a.com/p'] }), 'http://a.com/p?x=1', undefined],
    ['unless AllowTruncateQueryString is false', config({ allowTruncateQueryString: false, referers: ['http://a.com/p'] }), 'http://a.com/p?x=1', 'not-listed'],
    ['TruncatePath keeps scheme and host', config({ truncatePath: true, referers: ['https://a.com'] }), 'https://a.com/deep/page', undefined],
    ['* and ? wildcards', config({ referers: ['https://*.example.com/?.html'] }), 'https://cdn.example.com/a.html', undefined],
    ['case-insensitively', config({ referers: ['http://WWW.Example.com/*'] }), 'http://www.example.com/x', undefined],
    ['a pattern without scheme matches any scheme', config({ referers: ['*.example.com/*'] }), 'https://img.example.com/x', undefined],
    ['a whitelist miss', config({ referers: ['http://a.com/*'] }), 'http://b.com/x', 'not-listed'],
    ['a blacklist match wins over the whitelist', config({ referers: ['*'], blacklist: ['http://bad.com/*'] }), 'http://bad.com/x', 'blacklisted'],
    ['a blacklist miss', config({ blacklist: ['http://bad.com/*'] }), 'http://good.com/x', undefined],
  ])('%s', (_name, c, referer, refusal) => {
    expect(refererRefusal(c, referer)).toBe(refusal);
  });
});

describe('Referer rules on requests', () => {
  const t = useTestApp();
  const referer = (over: Partial<RefererConfiguration>) =>
    buildRefererConfiguration({ allowEmptyReferer: false, allowTruncateQueryString: true, truncatePath: false, referers: ['http://ok.example/*'], blacklist: [], ...over });

  it('apply to anonymous and URL-signed reads, not to header-signed ones', async () => {
    await putObject(t.app, 'pic.png', 'png', { 'x-oss-object-acl': 'public-read' });
    await putConfig(t.app, 'referer', referer({}));
    const anon = (headers: Record<string, string>) => oss(t.app, 'GET', { bucket: B, key: 'pic.png', anonymous: true, headers });
    expect((await anon({ Referer: 'http://ok.example/page' })).status).toBe(200);
    const denied = await anon({ Referer: 'http://thief.example/page' });
    expect(denied.status).toBe(403);
    expect(parseErrorXml(denied.text)).toMatchObject({ code: 'AccessDenied', message: 'You are denied by bucket referer policy.', ec: '0003-00000503' });
    const empty = await anon({});
    expect(empty.status).toBe(403);
    expect(parseErrorXml(empty.text)).toMatchObject({ ec: '0003-00000501' });
    // Header-signed: never checked.
    expect((await oss(t.app, 'GET', { bucket: B, key: 'pic.png', headers: { Referer: 'http://thief.example/' } })).status).toBe(200);
    // URL-signed: checked.
    const params = presignV1({ method: 'GET', bucket: B, key: 'pic.png', headers: {}, query: {} }, CREDENTIALS, Math.floor(Date.now() / 1000) + 600);
    const url = `/${B}/pic.png?${new URLSearchParams(params).toString()}`;
    expect((await supertest(t.app).get(url).set('Referer', 'http://ok.example/a')).status).toBe(200);
    expect((await supertest(t.app).get(url).set('Referer', 'http://thief.example/a')).status).toBe(403);
  });

  it('tell the three causes apart by EC: empty, blacklisted, not listed', async () => {
    await putObject(t.app, 'pic.png', 'png', { 'x-oss-object-acl': 'public-read' });
    await putConfig(t.app, 'referer', referer({ blacklist: ['http://ok.example/banned*'] }));
    const ecOf = async (headers: Record<string, string>) =>
      parseErrorXml((await oss(t.app, 'GET', { bucket: B, key: 'pic.png', anonymous: true, headers })).text)?.ec;
    expect(await ecOf({})).toBe('0003-00000501');
    expect(await ecOf({ Referer: 'http://ok.example/banned.html' })).toBe('0003-00000502');
    expect(await ecOf({ Referer: 'http://elsewhere.example/' })).toBe('0003-00000503');
  });

  it('the default configuration (after ali-oss deleteBucketReferer) lets everything through', async () => {
    await putObject(t.app, 'pic.png', 'png', { 'x-oss-object-acl': 'public-read' });
    await putConfig(t.app, 'referer', referer({}));
    await putConfig(t.app, 'referer', '<RefererConfiguration><AllowEmptyReferer>true</AllowEmptyReferer><RefererList /></RefererConfiguration>');
    expect((await oss(t.app, 'GET', { bucket: B, key: 'pic.png', anonymous: true, headers: { Referer: 'http://thief.example/' } })).status).toBe(200);
  });
});

describe('websiteRoute', () => {
  const keys = new Set(['index.html', 'docs/index.html', '404.html', 'a.txt']);
  const exists = (key: string) => keys.has(key);
  const site = (type: 0 | 1 | 2, supportSubDir = true) => ({
    index: { suffix: 'index.html', supportSubDir, type },
    error: { key: '404.html', httpStatus: 404 as const },
    routingRuleCount: 0,
  });
  it.each([
    ['the root', site(0), undefined, { key: 'index.html', status: 200 }],
    ['a directory', site(0), 'docs/', { key: 'docs/index.html', status: 200 }],
    ['a directory without SupportSubDir: the root index', site(0, false), 'docs/', { key: 'index.html', status: 200 }],
    ['an existing object', site(0), 'a.txt', { key: 'a.txt', status: 200 }],
    ['a missing object: the error document', site(0), 'nope', { key: '404.html', status: 404 }],
    ['a directory name, Type 0: redirect', site(0), 'docs', { location: 'docs/' }],
    ['a directory name, Type 1: the error document', site(1), 'docs', { key: '404.html', status: 404 }],
    ['a directory name, Type 2: its index', site(2), 'docs', { key: 'docs/index.html', status: 200 }],
  ])('%s', (_name, config, key, route) => {
    expect(websiteRoute(config, key, exists)).toEqual(route);
  });
  it('without an index document the bucket root is not a website page', () => {
    expect(websiteRoute({ error: { key: '404.html', httpStatus: 200 }, routingRuleCount: 0 }, undefined, exists)).toBeUndefined();
    expect(websiteRoute({ error: { key: '404.html', httpStatus: 200 }, routingRuleCount: 0 }, 'x', exists)).toEqual({ key: '404.html', status: 200 });
  });
});

describe('static website on unsigned GETs', () => {
  const t = useTestApp();
  const website =
    '<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix><SupportSubDir>true</SupportSubDir><Type>0</Type></IndexDocument><ErrorDocument><Key>404.html</Key></ErrorDocument></WebsiteConfiguration>';

  it('serves the index and error documents, redirects directories, and leaves signed requests alone', async () => {
    for (const key of ['index.html', 'docs/index.html', '404.html']) {
      await putObject(t.app, key, `page ${key}`, { 'x-oss-object-acl': 'public-read', 'Content-Type': 'text/html' });
    }
    await putConfig(t.app, 'website', website);
    const get = (path: string) => supertest(t.app).get(path);
    const root = await get(`/${B}/`);
    expect(root.status).toBe(200);
    expect(root.text).toBe('page index.html');
    const virtual = await supertest(t.app).get('/docs/').set('Host', `${B}.localhost`);
    expect(virtual.text).toBe('page docs/index.html');
    const missing = await get(`/${B}/nope.html`);
    expect(missing.status).toBe(404);
    expect(missing.text).toBe('page 404.html');
    const dir = await get(`/${B}/docs`);
    expect(dir.status).toBe(302);
    expect(dir.headers.location).toBe(`/${B}/docs/`);
    // A signed GET of the bucket is still ListObjects; a signed GET of a missing key still NoSuchKey.
    expect((await oss(t.app, 'GET', { bucket: B })).text).toContain('<ListBucketResult>');
    expect(parseErrorXml((await oss(t.app, 'GET', { bucket: B, key: 'nope.html' })).text)?.code).toBe('NoSuchKey');
    // The index document must be readable anonymously.
    await putObject(t.app, 'index.html', 'private', { 'x-oss-object-acl': 'private' });
    expect((await get(`/${B}/`)).status).toBe(403);
  });
});

describe('default encryption', () => {
  const t = useTestApp();
  it('new objects without x-oss-server-side-encryption get the bucket rule; a requested one wins', async () => {
    const rule = '<ServerSideEncryptionRule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>KMS</SSEAlgorithm><KMSMasterKeyID>key-1</KMSMasterKeyID></ApplyServerSideEncryptionByDefault></ServerSideEncryptionRule>';
    await putObject(t.app, 'before.txt');
    await putConfig(t.app, 'encryption', rule);
    const put = await putObject(t.app, 'after.txt');
    expect(put.headers['x-oss-server-side-encryption']).toBe('KMS');
    expect(put.headers['x-oss-server-side-encryption-key-id']).toBe('key-1');
    const head = await oss(t.app, 'HEAD', { bucket: B, key: 'after.txt' });
    expect(head.headers['x-oss-server-side-encryption']).toBe('KMS');
    expect((await oss(t.app, 'HEAD', { bucket: B, key: 'before.txt' })).headers['x-oss-server-side-encryption']).toBeUndefined();
    const own = await putObject(t.app, 'own.txt', 'x', { 'x-oss-server-side-encryption': 'AES256' });
    expect(own.headers['x-oss-server-side-encryption']).toBe('AES256');
    const init = await oss(t.app, 'POST', { bucket: B, key: 'mp', query: { uploads: '' } }).expect(200);
    expect(init.headers['x-oss-server-side-encryption']).toBe('KMS');
    const copy = await oss(t.app, 'PUT', { bucket: B, key: 'copy.txt', headers: { 'x-oss-copy-source': `/${B}/before.txt` } }).expect(200);
    expect(copy.headers['x-oss-server-side-encryption']).toBe('KMS');
    await oss(t.app, 'DELETE', { bucket: B, query: { encryption: '' } }).expect(204);
    expect((await putObject(t.app, 'later.txt')).headers['x-oss-server-side-encryption']).toBeUndefined();
  });
});

describe('GetBucketStat', () => {
  const t = useTestApp();
  it('counts objects, bytes per storage class, uploads and their parts', async () => {
    const stat = async () => (await oss(t.app, 'GET', { bucket: B, query: { stat: '' } }).expect(200)).text;
    expect(await stat()).toContain('<ObjectCount>0</ObjectCount>');
    await putObject(t.app, 'a', 'x'.repeat(100));
    await putObject(t.app, 'b', 'y'.repeat(50));
    await putObject(t.app, 'ia', 'z'.repeat(10), { 'x-oss-storage-class': 'IA' });
    const init = await oss(t.app, 'POST', { bucket: B, key: 'mp', query: { uploads: '' } }).expect(200);
    const uploadId = parseInitiateMultipartUploadResult(init.text).uploadId;
    await oss(t.app, 'PUT', { bucket: B, key: 'mp', query: { partNumber: '1', uploadId }, body: 'p'.repeat(7) }).expect(200);
    const xml = await stat();
    for (const [name, value] of [
      ['Storage', 160], ['ObjectCount', 3], ['MultipartUploadCount', 1], ['MultipartPartCount', 1], ['MultipartPartStorage', 7],
      ['StandardStorage', 150], ['StandardObjectCount', 2], ['InfrequentAccessStorage', 65536], ['InfrequentAccessRealStorage', 10],
      ['InfrequentAccessObjectCount', 1], ['ArchiveObjectCount', 0], ['LiveChannelCount', 0],
    ] as const) {
      expect(xml, name).toContain(`<${name}>${value}</${name}>`);
    }
    const seconds = Number(/<LastModifiedTime>(\d+)</.exec(xml)?.[1]);
    expect(Math.abs(seconds - Date.now() / 1000)).toBeLessThan(300);
  });
});

describe('lifecycle runs', () => {
  const t = useTestApp();
  const lifecycle =
    '<LifecycleConfiguration>' +
    '<Rule><ID>logs</ID><Prefix>logs/</Prefix><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>' +
    '<Rule><ID>tagged</ID><Prefix>tmp/</Prefix><Status>Enabled</Status><Tag><Key>temp</Key><Value>yes</Value></Tag><Expiration><Days>3</Days></Expiration></Rule>' +
    '<Rule><ID>off</ID><Prefix>keep/</Prefix><Status>Disabled</Status><Expiration><Days>1</Days></Expiration></Rule>' +
    '<Rule><ID>uploads</ID><Prefix></Prefix><Status>Enabled</Status><AbortMultipartUpload><Days>2</Days></AbortMultipartUpload></Rule>' +
    '</LifecycleConfiguration>';
  const run = (app: App, query: string) => supertest(app).post(`/_ossbox/lifecycle/run${query}`);

  it('expire what is due at the given time and abort old uploads; the result says what went', async () => {
    const app = createApp({ config: t.config, storage: t.storage, internalRouters: [createLifecycleRouter(t.storage)] });
    for (const key of ['logs/a.log', 'logs/b.log', 'tmp/x', 'keep/k', 'other']) await putObject(app, key);
    await putObject(app, 'tmp/tagged', 't', { 'x-oss-tagging': 'temp=yes' });
    const init = await oss(app, 'POST', { bucket: B, key: 'big.bin', query: { uploads: '' } }).expect(200);
    const uploadId = parseInitiateMultipartUploadResult(init.text).uploadId;
    await putConfig(app, 'lifecycle', lifecycle);

    const day = 24 * 3600 * 1000;
    const soon = await run(app, `?now=${new Date(Date.now() + day / 2).toISOString()}`).expect(200);
    expect(soon.body.buckets).toEqual([]);

    const later = await run(app, `?now=${encodeURIComponent(new Date(Date.now() + 2.5 * day).toISOString())}&bucket=${B}`).expect(200);
    expect(later.body.buckets).toEqual([{ bucket: B, expired: ['logs/a.log', 'logs/b.log'], aborted: [{ key: 'big.bin', uploadId }] }]);
    expect((await oss(app, 'GET', { bucket: B, key: 'logs/a.log' })).status).toBe(404);
    expect((await oss(app, 'GET', { bucket: B, key: 'keep/k' })).status).toBe(200);
    expect(parseErrorXml((await oss(app, 'GET', { bucket: B, key: 'big.bin', query: { uploadId } })).text)?.code).toBe('NoSuchUpload');

    const much = await run(app, `?now=${new Date(Date.now() + 4 * day).toISOString()}`).expect(200);
    expect(much.body.buckets).toEqual([{ bucket: B, expired: ['tmp/tagged'], aborted: [] }]);
    for (const key of ['tmp/x', 'keep/k', 'other']) expect((await oss(app, 'GET', { bucket: B, key })).status, key).toBe(200);
  });

  it('a legacy Expiration Date expires every object of the rule once that day has come, none before', async () => {
    const app = createApp({ config: t.config, storage: t.storage, internalRouters: [createLifecycleRouter(t.storage)] });
    for (const key of ['old/a', 'old/b', 'other']) await putObject(app, key);
    const date = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 0, 1));
    await putConfig(
      app,
      'lifecycle',
      `<LifecycleConfiguration><Rule><ID>byDate</ID><Prefix>old/</Prefix><Status>Enabled</Status><Expiration><Date>${date.toISOString()}</Date></Expiration></Rule></LifecycleConfiguration>`,
    );
    const before = await run(app, `?now=${new Date(date.getTime() - 1000).toISOString()}`).expect(200);
    expect(before.body.buckets).toEqual([]);
    const after = await run(app, `?now=${date.toISOString()}`).expect(200);
    expect(after.body.buckets).toEqual([{ bucket: B, expired: ['old/a', 'old/b'], aborted: [] }]);
    expect((await oss(app, 'GET', { bucket: B, key: 'other' })).status).toBe(200);
  });

  it('refuses a now that is not a date', async () => {
    const app = createApp({ config: t.config, storage: t.storage, internalRouters: [createLifecycleRouter(t.storage)] });
    const res = await run(app, '?now=tomorrow').expect(400);
    expect(res.body.error).toMatch(/ISO 8601/);
  });
});
