/**
 * What an image is, read from its header by sharp without decoding pixels: the one probe behind
 * `image/info`, the decode limits of ./pipeline.ts and the `${imageInfo.*}` callback variables.
 */
import sharp from 'sharp';

/** Header facts of an image. `format` is OSS's short name (`jpg`, `png`, `gif`, `webp`, …). */
export interface ImageProbe {
  format: string;
  width: number;
  height: number;
  /** Frames of an animated image; 1 otherwise. */
  frames: number;
  /** EXIF orientation (1–8) when present. */
  orientation?: number;
}

/** sharp's format names as OSS writes them. */
const OSS_FORMAT: Record<string, string> = { jpeg: 'jpg', png: 'png', gif: 'gif', webp: 'webp', tiff: 'tiff', heif: 'heic', avif: 'avif' };

/**
 * BMP, which sharp's prebuilt libvips cannot load: the BITMAPINFOHEADER's width and height (signed,
 * a negative height meaning top-down rows). Probed so `info` and `${imageInfo.*}` still describe it.
 */
function bmpProbe(b: Buffer): ImageProbe | undefined {
  if (b.length < 26 || b.toString('latin1', 0, 2) !== 'BM') return undefined;
  return { format: 'bmp', width: Math.abs(b.readInt32LE(18)), height: Math.abs(b.readInt32LE(22)), frames: 1 };
}

/** Probe `bytes`; undefined when they are not an image. */
export async function probeImage(bytes: Buffer): Promise<ImageProbe | undefined> {
  const bmp = bmpProbe(bytes);
  if (bmp) return bmp;
  try {
    // No pixel limit here: the probe only reads the header, and the limits are checked on its answer.
    const meta = await sharp(bytes, { limitInputPixels: false, pages: -1 }).metadata();
    const format = OSS_FORMAT[meta.format ?? ''];
    if (format === undefined || !meta.width || !meta.height) return undefined;
    const frames = meta.pages ?? 1;
    // With pages: -1, height is that of all frames stacked.
    const height = meta.pageHeight ?? Math.round(meta.height / frames);
    const probe: ImageProbe = { format, width: meta.width, height, frames };
    if (meta.orientation !== undefined) probe.orientation = meta.orientation;
    return probe;
  } catch {
    return undefined;
  }
}

/**
 * The `image/info` JSON, in OSS's shape: every field `{"value": "<string>"}`
 * (https://www.alibabacloud.com/help/en/oss/user-guide/query-the-exif-data-of-an-image-4).
 * EXIF fields other than the orientation are not reported.
 */
export function infoJson(probe: ImageProbe, fileSize: number): string {
  const fields: Record<string, string> = {
    FileSize: String(fileSize),
    Format: probe.format,
    FrameCount: String(probe.frames),
    ImageHeight: String(probe.height),
    ImageWidth: String(probe.width),
  };
  if (probe.orientation !== undefined) fields.Orientation = String(probe.orientation);
  return JSON.stringify(Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, { value }])));
}
