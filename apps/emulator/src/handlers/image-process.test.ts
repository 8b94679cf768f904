import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { buildStyleContent, parseErrorXml, parseStyle, parseStyleList } from '@ossbox/protocol';
import { oss, useTestApp } from '../test-support/harness.js';

const B = 'examplebucket';

/** A 400x200 image, left half red and right half blue, in `format`. */
async function fixture(format: 'png' | 'jpeg' | 'webp' | 'gif' = 'png'): Promise<Buffer> {
  const half = { width: 200, height: 200, channels: 3 as const };
  const red = await sharp({ create: { ...half, background: '#FF0000' } }).png().toBuffer();
  const blue = await sharp({ create: { ...half, background: '#0000FF' } }).png().toBuffer();
  return sharp({ create: { width: 400, height: 200, channels: 3, background: '#000000' } })
    .composite([
      { input: red, left: 0, top: 0 },
      { input: blue, left: 200, top: 0 },
    ])
    .toFormat(format)
    .toBuffer();
}

/** A valid PNG whose header declares `width`×`height` over a tiny compressed body: a decompression bomb. */
function bombPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // One row of zeros; the decoder would have to inflate width*height*3 bytes to get them all.
  const idat = deflateSync(Buffer.alloc(width * 3 + 1));
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

describe('image processing (x-oss-process=image/…)', () => {
  const t = useTestApp({ restoreDelayMs: 3_600_000 });

  const put = async (key: string, body: Buffer, headers: Record<string, string> = {}) =>
    oss(t.app, 'PUT', { bucket: B, key, body, headers }).expect(200);
  const get = (key: string, process: string) => oss(t.app, 'GET', { bucket: B, key, query: { 'x-oss-process': process } });

  it('resize keeps the format; format converts; the bytes decode to the planned size', async () => {
    await put('a.png', await fixture('png'));
    const resized = await get('a.png', 'image/resize,w_100');
    expect(resized.status).toBe(200);
    expect(resized.headers['content-type']).toBe('image/png');
    expect(await sharp(resized.body).metadata()).toMatchObject({ format: 'png', width: 100, height: 50 });
    const converted = await get('a.png', 'image/resize,m_fixed,w_30,h_40/format,webp');
    expect(converted.headers['content-type']).toBe('image/webp');
    expect(await sharp(converted.body).metadata()).toMatchObject({ format: 'webp', width: 30, height: 40 });
  });

  it('chains crop, rotate, pad, circle, indexcrop and rounded-corners with the expected geometry and pixels', async () => {
    await put('b.png', await fixture('png'));
    const crop = await get('b.png', 'image/crop,x_200,y_0,w_100,h_50');
    const { data } = await sharp(crop.body).raw().toBuffer({ resolveWithObject: true });
    expect(await sharp(crop.body).metadata()).toMatchObject({ width: 100, height: 50 });
    // The right half of the fixture is blue.
    expect([...data.subarray(0, 3)]).toEqual([0, 0, 255]);
    expect(await sharp((await get('b.png', 'image/rotate,90')).body).metadata()).toMatchObject({ width: 200, height: 400 });
    expect(await sharp((await get('b.png', 'image/resize,m_pad,w_100,h_100')).body).metadata()).toMatchObject({ width: 100, height: 100 });
    const circle = await get('b.png', 'image/circle,r_50');
    const circleMeta = await sharp(circle.body).metadata();
    expect(circleMeta).toMatchObject({ width: 100, height: 100, hasAlpha: true });
    const corner = await sharp(circle.body).raw().toBuffer();
    expect(corner[3]).toBe(0); // the top-left corner is transparent
    expect(await sharp((await get('b.png', 'image/indexcrop,x_150,i_2')).body).metadata()).toMatchObject({ width: 100, height: 200 });
    expect(await sharp((await get('b.png', 'image/rounded-corners,r_30/format,jpg/quality,Q_50/interlace,1')).body).metadata()).toMatchObject({
      format: 'jpeg',
      isProgressive: true,
    });
    const adjusted = await get('b.png', 'image/blur,r_3,s_2/bright,50/contrast,-50/sharpen,100/auto-orient,1');
    expect(adjusted.status).toBe(200);
  });

  it('info answers OSS JSON ({"Field": {"value": "…"}}) for jpg, png, webp and gif', async () => {
    for (const format of ['jpeg', 'png', 'webp', 'gif'] as const) {
      const body = await fixture(format);
      await put(`c.${format}`, body);
      const res = await get(`c.${format}`, 'image/info');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(res.text)).toEqual({
        FileSize: { value: String(body.length) },
        Format: { value: format === 'jpeg' ? 'jpg' : format },
        FrameCount: { value: '1' },
        ImageHeight: { value: '200' },
        ImageWidth: { value: '400' },
      });
    }
  });

  it('refuses unknown actions (EC 0040-00000213), bad parameters, info in a chain and non-images', async () => {
    await put('d.png', await fixture('png'));
    const unknown = await get('d.png', 'image/slim,1');
    expect(unknown.status).toBe(400);
    expect(parseErrorXml(unknown.text)).toMatchObject({ code: 'InvalidArgument', ec: '0040-00000213' });
    expect(parseErrorXml((await get('d.png', 'image/format,dng')).text)).toMatchObject({ ec: '0040-00000206' });
    expect(parseErrorXml((await get('d.png', 'image/crop,w_abc')).text)).toMatchObject({ ec: '0040-00000225' });
    expect(parseErrorXml((await get('d.png', 'image/rotate,400')).text)).toMatchObject({ code: 'InvalidArgument' });
    expect(parseErrorXml((await get('d.png', 'image/resize,w_10/info')).text)).toMatchObject({ code: 'InvalidArgument' });
    expect((await get('d.png', 'image/format,bmp')).status).toBe(501);
    // OSS actions ossbox lacks are 501, not the "unknown action" InvalidArgument.
    for (const action of ['image/watermark,text_aGVsbG8', 'image/average-hue']) {
      const res = await get('d.png', action);
      expect(res.status).toBe(501);
      expect(parseErrorXml(res.text)?.code).toBe('NotImplemented');
    }
    await put('text.txt', Buffer.from('not an image'));
    expect(parseErrorXml((await get('text.txt', 'image/resize,w_10')).text)).toMatchObject({ code: 'InvalidArgument' });
    expect(parseErrorXml((await get('missing.png', 'image/info')).text)).toMatchObject({ code: 'NoSuchKey' });
  });

  it('a decompression bomb (a tiny PNG declaring 100000x100000) is ImageTooLarge before decoding', async () => {
    const bomb = bombPng(100_000, 100_000);
    expect(bomb.length).toBeLessThan(2000);
    await put('bomb.png', bomb);
    const before = process.memoryUsage().rss;
    const res = await get('bomb.png', 'image/resize,w_10');
    expect(res.status).toBe(400);
    expect(parseErrorXml(res.text)).toMatchObject({ code: 'ImageTooLarge' });
    // Nothing near the 30 GB the pixels would take was allocated.
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    // Within OSS's limits but past ossbox's decoding cap (50 M pixels): refused the same way.
    await put('big.png', bombPng(10_000, 10_000));
    expect(parseErrorXml((await get('big.png', 'image/resize,w_10')).text)).toMatchObject({ code: 'ImageTooLarge' });
    // info reads the header only, so it describes the image.
    expect(JSON.parse((await get('big.png', 'image/info')).text)).toMatchObject({ ImageWidth: { value: '10000' } });
  });

  it('info describes BMP from its header (sharp has no BMP decoder); processing one is InvalidArgument', async () => {
    const bmp = Buffer.alloc(70);
    bmp.write('BM', 0, 'latin1');
    bmp.writeInt32LE(64, 18);
    bmp.writeInt32LE(-32, 22);
    await put('h.bmp', bmp);
    expect(JSON.parse((await get('h.bmp', 'image/info')).text)).toEqual({
      FileSize: { value: '70' },
      Format: { value: 'bmp' },
      FrameCount: { value: '1' },
      ImageHeight: { value: '32' },
      ImageWidth: { value: '64' },
    });
    expect(parseErrorXml((await get('h.bmp', 'image/resize,w_10')).text)).toMatchObject({ code: 'InvalidArgument' });
  });

  it('reads through symlinks and refuses unrestored Archive sources', async () => {
    await put('e.png', await fixture('png'));
    await oss(t.app, 'PUT', { bucket: B, key: 'e-link', query: { symlink: '' }, headers: { 'x-oss-symlink-target': 'e.png' } }).expect(200);
    expect(await sharp((await get('e-link', 'image/resize,w_40')).body).metadata()).toMatchObject({ width: 40 });
    await put('cold.png', await fixture('png'), { 'x-oss-storage-class': 'Archive' });
    expect(parseErrorXml((await get('cold.png', 'image/info')).text)).toMatchObject({ code: 'InvalidObjectState' });
  });

  it('sys/saveas stores the result (Base64 names, standard or URL-safe) and answers OSS JSON', async () => {
    await put('f.png', await fixture('png'));
    const target = 'out/小图.jpg';
    const body = `x-oss-process=${encodeURIComponent(`image/resize,w_50/format,jpg|sys/saveas,o_${Buffer.from(target).toString('base64url')},b_${Buffer.from(B).toString('base64')}`)}`;
    const res = await oss(t.app, 'POST', { bucket: B, key: 'f.png', query: { 'x-oss-process': '' }, body });
    expect(res.status).toBe(200);
    const saved = await oss(t.app, 'GET', { bucket: B, key: target });
    expect(JSON.parse(res.text)).toEqual({ bucket: B, fileSize: saved.body.length, object: target, status: 'OK' });
    expect(saved.headers['content-type']).toBe('image/jpeg');
    expect(await sharp(saved.body).metadata()).toMatchObject({ format: 'jpeg', width: 50, height: 25 });
    const noTarget = await oss(t.app, 'POST', { bucket: B, key: 'f.png', query: { 'x-oss-process': '' }, body: 'x-oss-process=image/resize,w_5' });
    expect(parseErrorXml(noTarget.text)).toMatchObject({ code: 'InvalidArgument' });
    const noBucket = `x-oss-process=image/resize,w_5|sys/saveas,o_${Buffer.from('x').toString('base64')},b_${Buffer.from('nobucket').toString('base64')}`;
    expect(parseErrorXml((await oss(t.app, 'POST', { bucket: B, key: 'f.png', query: { 'x-oss-process': '' }, body: noBucket })).text)).toMatchObject({
      code: 'NoSuchBucket',
    });
  });

  it('styles: PutStyle / GetStyle / ListStyle / DeleteStyle, and style/<name> applies one', async () => {
    await put('g.png', await fixture('png'));
    const style = (name: string) => ({ bucket: B, query: { style: '', styleName: name } });
    await oss(t.app, 'PUT', { ...style('thumb'), body: buildStyleContent('image/resize,w_20') }).expect(200);
    const got = parseStyle((await oss(t.app, 'GET', style('thumb')).expect(200)).text);
    expect(got).toMatchObject({ name: 'thumb', content: 'image/resize,w_20', category: 'image' });
    expect(parseStyleList((await oss(t.app, 'GET', { bucket: B, query: { style: '' } })).text).map((s) => s.name)).toEqual(['thumb']);
    expect(await sharp((await get('g.png', 'style/thumb')).body).metadata()).toMatchObject({ width: 20 });
    await oss(t.app, 'DELETE', style('thumb')).expect(204);
    expect(parseErrorXml((await oss(t.app, 'GET', style('thumb'))).text)).toMatchObject({ code: 'NoSuchStyle' });
    expect(parseErrorXml((await get('g.png', 'style/thumb')).text)).toMatchObject({ code: 'NoSuchStyle' });
    const bad = await oss(t.app, 'PUT', { ...style('bad'), body: buildStyleContent('video/snapshot') });
    expect(bad.status).toBe(501);
    expect(parseErrorXml((await oss(t.app, 'PUT', { ...style('x y'), body: buildStyleContent('image/resize,w_1') })).text)).toMatchObject({
      code: 'InvalidArgument',
    });
  });
});
