/**
 * `${imageInfo.width}`, `${imageInfo.height}` and `${imageInfo.format}` for callback bodies
 * (docs/callback-protocol.md §1.5): the dimensions read from the first bytes of PNG, GIF, JPEG, BMP and
 * WebP files. Anything else is "not an image", whose variables render empty, as OSS does.
 */

/** Dimensions and OSS's short format name (`jpg`, `png`, …). */
export interface ImageInfo {
  width: number;
  height: number;
  format: string;
}

/** How many leading bytes {@link imageInfoOf} needs at most (JPEG headers can hold large EXIF blocks). */
export const IMAGE_HEADER_BYTES = 256 * 1024;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function png(b: Buffer): ImageInfo | undefined {
  // Signature, then the IHDR chunk: length (4), "IHDR", width (4), height (4), all big-endian.
  if (b.length < 24 || !b.subarray(0, 8).equals(PNG_SIGNATURE) || b.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), format: 'png' };
}

function gif(b: Buffer): ImageInfo | undefined {
  const magic = b.toString('latin1', 0, 6);
  if (b.length < 10 || (magic !== 'GIF87a' && magic !== 'GIF89a')) return undefined;
  return { width: b.readUInt16LE(6), height: b.readUInt16LE(8), format: 'gif' };
}

function bmp(b: Buffer): ImageInfo | undefined {
  if (b.length < 26 || b.toString('latin1', 0, 2) !== 'BM') return undefined;
  // BITMAPINFOHEADER: width and height are signed; a negative height means top-down rows.
  return { width: Math.abs(b.readInt32LE(18)), height: Math.abs(b.readInt32LE(22)), format: 'bmp' };
}

function webp(b: Buffer): ImageInfo | undefined {
  if (b.length < 30 || b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WEBP') return undefined;
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8 ') return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff, format: 'webp' };
  if (chunk === 'VP8L') {
    const bits = b.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1, format: 'webp' };
  }
  if (chunk === 'VP8X') return { width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1, format: 'webp' };
  return undefined;
}

function jpeg(b: Buffer): ImageInfo | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let offset = 2;
  while (offset + 4 <= b.length) {
    if (b[offset] !== 0xff) return undefined;
    const marker = b[offset + 1]!;
    // Fill bytes and markers without a length.
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    const length = b.readUInt16BE(offset + 2);
    // Start-of-frame markers C0-CF, except DHT (C4), JPG (C8) and DAC (CC), carry the size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (offset + 9 > b.length) return undefined;
      return { height: b.readUInt16BE(offset + 5), width: b.readUInt16BE(offset + 7), format: 'jpg' };
    }
    offset += 2 + length;
  }
  return undefined;
}

/**
 * Read the image dimensions from the first bytes of an object; undefined when they are not a
 * recognised image header.
 *
 * @example
 * imageInfoOf(firstBytes); // { width: 810, height: 539, format: 'jpg' }
 */
export function imageInfoOf(head: Buffer): ImageInfo | undefined {
  return png(head) ?? jpeg(head) ?? gif(head) ?? webp(head) ?? bmp(head);
}
