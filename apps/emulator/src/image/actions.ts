/**
 * Each image action (https://www.alibabacloud.com/help/en/oss/user-guide/img-parameters) as a step
 * on decoded pixels, with sharp. A step takes a {@link Frame} and returns the next one; `format`,
 * `quality` and `interlace` only change how the last frame is encoded.
 */
import sharp from 'sharp';
import type { Sharp } from 'sharp';
import { ossError } from '@ossbox/protocol';
import type { ImageAction } from './process-string.js';
import { imageError, intParam, intValue } from './process-string.js';
import { planResize } from './resize.js';

/** Raw pixels between steps (bounded by the decode limits of ./pipeline.ts). */
export interface Frame {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/** Output formats sharp's prebuilt libvips can write; OSS also writes `bmp` and `heic`. */
export const OUTPUT_FORMATS = ['jpg', 'png', 'webp', 'gif', 'tiff', 'avif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** How the last frame is encoded. */
export interface EncodeOptions {
  format: OutputFormat;
  /** 1–100 (`quality,q_` / `Q_`), for jpg, webp and avif. */
  quality?: number;
  /** `interlace,1`: progressive JPEG / interlaced PNG. */
  interlace: boolean;
}

export function fromFrame(frame: Frame): Sharp {
  return sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels: frame.channels } });
}

export async function toFrame(image: Sharp): Promise<Frame> {
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/** An SVG mask (white shape on transparent) of the frame's size. */
function mask(frame: Frame, shape: string): Buffer {
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${frame.width}" height="${frame.height}">${shape}</svg>`);
}

async function masked(frame: Frame, shape: string): Promise<Frame> {
  return toFrame(fromFrame(frame).ensureAlpha().composite([{ input: mask(frame, shape), blend: 'dest-in' }]));
}

const GRAVITY = ['nw', 'north', 'ne', 'west', 'center', 'east', 'sw', 'south', 'se'];

async function crop(action: ImageAction, frame: Frame): Promise<Frame> {
  const x = intParam(action, 'x', 0, Number.MAX_SAFE_INTEGER) ?? 0;
  const y = intParam(action, 'y', 0, Number.MAX_SAFE_INTEGER) ?? 0;
  const w = intParam(action, 'w', 0, Number.MAX_SAFE_INTEGER, '0040-00000225');
  const h = intParam(action, 'h', 0, Number.MAX_SAFE_INTEGER);
  const g = action.params.get('g') ?? 'nw';
  const index = GRAVITY.indexOf(g);
  if (index < 0) throw imageError(`The crop gravity g must be one of ${GRAVITY.join(', ')}, got "${g}".`);
  const width = Math.min(w || frame.width, frame.width);
  const height = Math.min(h || frame.height, frame.height);
  // The gravity picks the origin the offsets count from (crop reference, "g").
  const col = index % 3;
  const row = Math.floor(index / 3);
  const left = (col === 0 ? 0 : col === 1 ? Math.floor((frame.width - width) / 2) : frame.width - width) + x;
  const top = (row === 0 ? 0 : row === 1 ? Math.floor((frame.height - height) / 2) : frame.height - height) + y;
  if (left >= frame.width || top >= frame.height) throw imageError('The crop origin is outside the image.');
  return toFrame(
    fromFrame(frame).extract({ left, top, width: Math.min(width, frame.width - left), height: Math.min(height, frame.height - top) }),
  );
}

async function resize(action: ImageAction, frame: Frame): Promise<Frame> {
  const plan = planResize(action, frame.width, frame.height);
  if (!plan) return frame;
  let next = await toFrame(fromFrame(frame).resize(plan.width, plan.height, { fit: 'fill' }));
  if (plan.box?.fit === 'crop') {
    const left = Math.floor((next.width - plan.box.width) / 2);
    const top = Math.floor((next.height - plan.box.height) / 2);
    next = await toFrame(fromFrame(next).extract({ left, top, width: plan.box.width, height: plan.box.height }));
  } else if (plan.box?.fit === 'pad') {
    const dx = plan.box.width - next.width;
    const dy = plan.box.height - next.height;
    next = await toFrame(
      fromFrame(next).extend({
        left: Math.floor(dx / 2),
        right: dx - Math.floor(dx / 2),
        top: Math.floor(dy / 2),
        bottom: dy - Math.floor(dy / 2),
        background: plan.color,
      }),
    );
  }
  return next;
}

async function indexcrop(action: ImageAction, frame: Frame): Promise<Frame> {
  const x = intParam(action, 'x', 1, Number.MAX_SAFE_INTEGER);
  const y = intParam(action, 'y', 1, Number.MAX_SAFE_INTEGER);
  const i = intParam(action, 'i', 0, Number.MAX_SAFE_INTEGER) ?? 0;
  if ((x === undefined) === (y === undefined)) throw imageError('The indexcrop action needs exactly one of x and y.');
  const length = x ?? y!;
  const total = x !== undefined ? frame.width : frame.height;
  const start = i * length;
  // An index past the last slice returns the image unchanged (indexcrop reference).
  if (start >= total) return frame;
  const size = Math.min(length, total - start);
  const region =
    x !== undefined
      ? { left: start, top: 0, width: size, height: frame.height }
      : { left: 0, top: start, width: frame.width, height: size };
  return toFrame(fromFrame(frame).extract(region));
}

/** Apply one pixel action; output-only actions change `encode` and return the frame as is. */
export async function applyAction(action: ImageAction, frame: Frame, encode: EncodeOptions): Promise<Frame> {
  switch (action.name) {
    case 'resize':
      return resize(action, frame);
    case 'crop':
      return crop(action, frame);
    case 'indexcrop':
      return indexcrop(action, frame);
    case 'rotate': {
      const angle = intValue(action, 0, 360) ?? 0;
      return angle % 360 === 0 ? frame : toFrame(fromFrame(frame).rotate(angle, { background: '#FFFFFF' }));
    }
    case 'auto-orient':
      // Applied while decoding (./pipeline.ts): the EXIF orientation is gone once pixels are raw.
      intValue(action, 0, 1);
      return frame;
    case 'blur': {
      const r = intParam(action, 'r', 1, 50);
      const s = intParam(action, 's', 1, 50);
      if (r === undefined || s === undefined) throw imageError('The blur action needs r and s.');
      return toFrame(fromFrame(frame).blur(Math.max(0.3, s)));
    }
    case 'bright': {
      const value = intValue(action, -100, 100);
      if (value === undefined) throw imageError('The bright action needs a value.');
      return toFrame(fromFrame(frame).linear(1, value * 2.55));
    }
    case 'contrast': {
      const value = intValue(action, -100, 100);
      if (value === undefined) throw imageError('The contrast action needs a value.');
      const a = (100 + value) / 100;
      return toFrame(fromFrame(frame).linear(a, 128 * (1 - a)));
    }
    case 'sharpen': {
      const value = intValue(action, 50, 399);
      if (value === undefined) throw imageError('The sharpen action needs a value.');
      return toFrame(fromFrame(frame).sharpen({ sigma: value / 100 }));
    }
    case 'circle': {
      const r = intParam(action, 'r', 1, 4096);
      if (r === undefined) throw imageError('The circle action needs r.');
      // A radius past half the shorter side is that half (circle reference).
      const radius = Math.min(r, Math.floor(Math.min(frame.width, frame.height) / 2));
      const side = radius * 2;
      const left = Math.floor(frame.width / 2) - radius;
      const top = Math.floor(frame.height / 2) - radius;
      const square = await toFrame(fromFrame(frame).extract({ left, top, width: side, height: side }));
      return masked(square, `<circle cx="${radius}" cy="${radius}" r="${radius}" fill="#fff"/>`);
    }
    case 'rounded-corners': {
      const r = intParam(action, 'r', 1, 4096);
      if (r === undefined) throw imageError('The rounded-corners action needs r.');
      return masked(frame, `<rect width="${frame.width}" height="${frame.height}" rx="${r}" ry="${r}" fill="#fff"/>`);
    }
    case 'format': {
      const raw = action.values[0];
      if (raw === undefined) throw imageError('The format action needs a format.', '0040-00000207');
      const format = raw.toLowerCase() === 'jpeg' ? 'jpg' : raw.toLowerCase();
      if (format === 'bmp' || format === 'heic') {
        throw ossError('NotImplemented', { message: `Converting to ${format} is not supported by ossbox.` });
      }
      if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
        throw imageError(`The format "${raw}" is not supported.`, '0040-00000206');
      }
      encode.format = format as OutputFormat;
      return frame;
    }
    case 'quality': {
      // q_ is relative to the source's quality on OSS; the source's quality is unknown here, so
      // both q_ and Q_ set the output quality.
      const quality = intParam(action, 'q', 1, 100) ?? intParam(action, 'Q', 1, 100);
      if (quality === undefined) throw imageError('The quality action needs q or Q.');
      encode.quality = quality;
      return frame;
    }
    case 'interlace':
      encode.interlace = (intValue(action, 0, 1) ?? 0) === 1;
      return frame;
    case 'watermark':
    case 'average-hue':
      // Real OSS actions (https://www.alibabacloud.com/help/en/oss/user-guide/image-processing)
      // that ossbox lacks: a 501 says "the emulator can't", where InvalidArgument would say
      // "your request is wrong".
      throw ossError('NotImplemented', { message: `The image processing action "${action.name}" is not supported by ossbox.` });
    default:
      throw imageError(`The image processing action "${action.name}" is not supported.`, '0040-00000213');
  }
}

/** Encode the last frame in the requested format (alpha flattened on white where the format has none). */
export function encodeFrame(frame: Frame, encode: EncodeOptions): Sharp {
  const image = fromFrame(frame);
  const quality = encode.quality === undefined ? {} : { quality: encode.quality };
  switch (encode.format) {
    case 'jpg':
      return image.flatten({ background: '#FFFFFF' }).jpeg({ ...quality, progressive: encode.interlace });
    case 'png':
      return image.png({ progressive: encode.interlace });
    case 'webp':
      return image.webp(quality);
    case 'gif':
      return image.gif();
    case 'tiff':
      return image.tiff();
    case 'avif':
      return image.avif(quality);
  }
}

/** Content-Type of each output format. */
export const CONTENT_TYPES: Record<OutputFormat, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  tiff: 'image/tiff',
  avif: 'image/avif',
};
