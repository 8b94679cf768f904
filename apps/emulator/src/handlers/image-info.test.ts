import { describe, expect, it } from 'vitest';
import { imageInfoOf } from './image-info.js';

// Headers laid out by hand from each format's specification (PNG IHDR, GIF89a logical screen
// descriptor, JPEG APP0 + SOF0, BMP BITMAPINFOHEADER, WebP VP8X).
describe('imageInfoOf', () => {
  it('reads PNG width and height from IHDR', () => {
    const b = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
    b.writeUInt32BE(13, 8);
    b.write('IHDR', 12, 'latin1');
    b.writeUInt32BE(810, 16);
    b.writeUInt32BE(539, 20);
    expect(imageInfoOf(b)).toEqual({ width: 810, height: 539, format: 'png' });
  });

  it('reads GIF dimensions (little-endian)', () => {
    const b = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([0x20, 0x03, 0x1b, 0x02])]);
    expect(imageInfoOf(b)).toEqual({ width: 800, height: 539, format: 'gif' });
  });

  it('skips JPEG segments up to the start-of-frame marker', () => {
    const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0', 'latin1'), 1, 1, 0, 0, 1, 0, 1, 0, 0]);
    const sof0 = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, 0x02, 0x1b, 0x03, 0x2a, 0x03]);
    const b = Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof0, Buffer.alloc(16)]);
    expect(imageInfoOf(b)).toEqual({ width: 810, height: 539, format: 'jpg' });
  });

  it('reads BMP and WebP (VP8X) headers', () => {
    const bmp = Buffer.alloc(54);
    bmp.write('BM', 0, 'latin1');
    bmp.writeInt32LE(64, 18);
    bmp.writeInt32LE(-32, 22);
    expect(imageInfoOf(bmp)).toEqual({ width: 64, height: 32, format: 'bmp' });
    const webp = Buffer.alloc(30);
    webp.write('RIFF', 0, 'latin1');
    webp.write('WEBPVP8X', 8, 'latin1');
    webp.writeUIntLE(99, 24, 3);
    webp.writeUIntLE(49, 27, 3);
    expect(imageInfoOf(webp)).toEqual({ width: 100, height: 50, format: 'webp' });
  });

  it('returns undefined for other bytes and truncated headers', () => {
    expect(imageInfoOf(Buffer.from('hello, world'))).toBeUndefined();
    expect(imageInfoOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]))).toBeUndefined();
    expect(imageInfoOf(Buffer.alloc(0))).toBeUndefined();
  });
});
