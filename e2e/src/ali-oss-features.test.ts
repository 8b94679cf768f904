// Features beyond upload callbacks that official clients call (issue 17), driven through the
// unmodified ali-oss client against the built emulator: symlinks, Archive restores and image processing.
import OSS from 'ali-oss';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { E2E_BUCKET, emulatorCredentials, startEmulatorProcess, uniqueKey, type EmulatorProcess } from './harness/index.js';

let emulator: EmulatorProcess;
let client: OSS;
beforeAll(async () => {
  emulator = await startEmulatorProcess({ buckets: [E2E_BUCKET], args: ['--restore-delay', '0'] });
  client = new OSS({
    endpoint: `http://localhost:${emulator.port}`,
    sldEnable: true,
    bucket: E2E_BUCKET,
    timeout: 20_000,
    ...emulatorCredentials,
  });
});
afterAll(async () => {
  await emulator?.dispose();
});

describe('ali-oss symlinks', () => {
  test('putSymlink / getSymlink, and get through the link', async () => {
    const target = uniqueKey('dir/目标.txt');
    const link = uniqueKey('link.txt');
    await client.put(target, Buffer.from('through the link'));
    expect((await client.putSymlink(link, target)).res.status).toBe(200);
    const got = await client.getSymlink(link);
    expect(got.targetName).toBe(target);
    const content = await client.get(link);
    expect(content.content.toString()).toBe('through the link');
    expect(content.res.headers['x-oss-object-type']).toBe('Symlink');
  });
});

describe('ali-oss Archive objects', () => {
  test('put Archive → get fails with InvalidObjectState → restore → get works', async () => {
    const key = uniqueKey('archived.txt');
    await client.put(key, Buffer.from('cold data'), { headers: { 'x-oss-storage-class': 'Archive' } });
    await expect(client.get(key)).rejects.toMatchObject({ status: 403, code: 'InvalidObjectState' });
    expect((await client.restore(key)).res.status).toBe(202);
    expect((await client.get(key)).content.toString()).toBe('cold data');
  });

  test('restore of a ColdArchive object sends its tier', async () => {
    const key = uniqueKey('cold.txt');
    await client.put(key, Buffer.from('colder'), { headers: { 'x-oss-storage-class': 'ColdArchive' } });
    expect((await client.restore(key, { type: 'ColdArchive', Days: 3, JobParameters: 'Bulk' })).res.status).toBe(202);
    const head = await client.head(key);
    expect(head.res.headers['x-oss-restore']).toMatch(/^ongoing-request="false", expiry-date=".+ GMT"$/);
  });
});

describe('ali-oss image processing', () => {
  /** A 400x200 PNG made with sharp. */
  const png = () => sharp({ create: { width: 400, height: 200, channels: 3, background: '#3366CC' } }).png().toBuffer();

  test('getObject with process resizes; signatureUrl with process serves the resized image', async () => {
    const key = uniqueKey('photo.png');
    await client.put(key, await png());
    const resized = await client.get(key, null, { process: 'image/resize,w_100' });
    expect(await sharp(resized.content).metadata()).toMatchObject({ format: 'png', width: 100, height: 50 });
    const url = client.signatureUrl(key, { expires: 600, process: 'image/resize,m_fixed,w_20,h_30/format,jpg' });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(await sharp(Buffer.from(await res.arrayBuffer())).metadata()).toMatchObject({ format: 'jpeg', width: 20, height: 30 });
    const info = await client.get(key, null, { process: 'image/info' });
    expect(JSON.parse(info.content.toString())).toMatchObject({ ImageWidth: { value: '400' }, ImageHeight: { value: '200' } });
  });

  test('processObjectSave stores the processed image', async () => {
    const key = uniqueKey('source.png');
    const target = uniqueKey('saved/缩略图.webp');
    await client.put(key, await png());
    const saved = await client.processObjectSave(key, target, 'image/resize,w_40/format,webp', E2E_BUCKET);
    expect(saved.status).toBe(200);
    const got = await client.get(target);
    expect(await sharp(got.content).metadata()).toMatchObject({ format: 'webp', width: 40, height: 20 });
  });
});
