/**
 * Running a parsed `image/…` chain on an object's bytes: limits first (from the header alone, so a
 * decompression bomb is refused before any pixel is decoded), then each action on raw pixels, then
 * one encoder whose output streams to the client or into a blob.
 */
import type { Readable } from 'node:stream';
import sharp from 'sharp';
import { ossError } from '@ossbox/protocol';
import type { EncodeOptions, Frame, OutputFormat } from './actions.js';
import { applyAction, CONTENT_TYPES, encodeFrame, OUTPUT_FORMATS, toFrame } from './actions.js';
import type { ImageProbe } from './probe.js';
import { infoJson, probeImage } from './probe.js';
import type { ImageAction } from './process-string.js';
import { imageError } from './process-string.js';
import { MAX_SOURCE_BYTES } from './load.js';

// Decoded pixels are held in memory between steps; no cache keeps them after a request.
sharp.cache(false);

/** OSS's source limits (resize reference, "Limits on source images"; the size: ./load.ts). */
export const MAX_SOURCE_SIDE = 30_000;
export const MAX_SOURCE_PIXELS = 250_000_000;
/**
 * ossbox's own cap on decoded pixels, below OSS's 250 million: a frame is held raw (4 bytes a
 * pixel) between steps, so this keeps one request under a few hundred MB.
 */
export const MAX_DECODED_PIXELS = 50_000_000;

/** The result: a JSON document (`info`) or an encoded image stream. */
export type ProcessOutput =
  | { kind: 'info'; body: string }
  | { kind: 'image'; body: Readable; contentType: string; format: OutputFormat };

function tooLarge(message: string): never {
  throw ossError('ImageTooLarge', { message });
}

/** Refuse sources over OSS's limits, and bytes that are no image. */
export function checkSource(probe: ImageProbe | undefined, size: number): ImageProbe {
  if (size > MAX_SOURCE_BYTES) tooLarge(`The source image exceeds ${MAX_SOURCE_BYTES} bytes.`);
  if (!probe) throw imageError('The object is not an image ossbox can process (JPG, PNG, GIF, WebP, TIFF, AVIF; BMP for info).');
  const pixels = probe.width * probe.height * probe.frames;
  if (probe.width > MAX_SOURCE_SIDE || probe.height > MAX_SOURCE_SIDE || pixels > MAX_SOURCE_PIXELS) {
    tooLarge(`The source image is ${probe.width}x${probe.height}: OSS allows ${MAX_SOURCE_SIDE} pixels a side and ${MAX_SOURCE_PIXELS} in all.`);
  }
  return probe;
}

/** What decoding needs beyond OSS's limits: a format sharp decodes, and ossbox's pixel cap. */
function checkDecodable(probe: ImageProbe): void {
  if (probe.format === 'bmp') throw imageError('BMP sources cannot be processed by ossbox (sharp has no BMP decoder); image/info works.');
  if (probe.width * probe.height > MAX_DECODED_PIXELS) {
    tooLarge(`The source image has more than ${MAX_DECODED_PIXELS} pixels, ossbox's decoding limit.`);
  }
}

function defaultFormat(probe: ImageProbe): OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(probe.format) ? (probe.format as OutputFormat) : 'jpg';
}

/**
 * Run `actions` on `source` (the whole object, at most {@link MAX_SOURCE_BYTES}). `info` must be
 * the only action (info reference: it cannot be combined). Animated images are processed as their
 * first frame.
 */
export async function processImage(source: Buffer, actions: readonly ImageAction[]): Promise<ProcessOutput> {
  const probe = checkSource(await probeImage(source), source.length);
  if (actions.some((a) => a.name === 'info')) {
    if (actions.length > 1) throw imageError('The info action cannot be combined with other actions.');
    return { kind: 'info', body: infoJson(probe, source.length) };
  }
  checkDecodable(probe);
  const autoOrient = actions.some((a) => a.name === 'auto-orient' && a.values[0] === '1');
  let decoded = sharp(source, { limitInputPixels: MAX_DECODED_PIXELS });
  if (autoOrient) decoded = decoded.rotate();
  let frame: Frame = await toFrame(decoded);
  const encode: EncodeOptions = { format: defaultFormat(probe), interlace: false };
  for (const action of actions) frame = await applyAction(action, frame, encode);
  return { kind: 'image', body: encodeFrame(frame, encode), contentType: CONTENT_TYPES[encode.format], format: encode.format };
}
