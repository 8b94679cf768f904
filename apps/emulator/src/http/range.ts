/**
 * The Range header as OSS reads it (docs/rest-api.md §5.7): one range only; by default an invalid
 * or unsatisfiable range is ignored (200 with the whole object); with
 * `x-oss-range-behavior: standard` an end past EOF is clamped and a start past EOF is 416.
 */
import { ossError } from '@ossbox/protocol';

/** An inclusive byte range. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Resolve `Range` against an object of `size` bytes: a range to serve, or undefined for the
 * whole object. Throws InvalidRange only in standard mode.
 */
export function resolveRange(header: string | undefined, size: number, standard: boolean): ByteRange | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const unsatisfiable = (): undefined => {
    if (standard) throw ossError('InvalidRange', { details: { RangeRequested: header, ActualObjectSize: String(size) } });
    return undefined;
  };
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return unsatisfiable();
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  let end = match[2] === '' ? size - 1 : Number(match[2]);
  if (end < start) return undefined;
  if (start >= size) return unsatisfiable();
  if (end >= size) {
    // OSS's legacy behaviour ignores a range whose end is past EOF; standard mode clamps it.
    if (!standard && match[2] !== '') return undefined;
    end = size - 1;
  }
  return { start, end };
}
