/**
 * The `Range` header as OSS reads it, for GetObject and HeadObject (and UploadPartCopy's
 * `x-oss-copy-source-range`). Decisions, from the OSS pages cited next to each rule:
 *
 * - Only `bytes=` ranges. Several ranges (`bytes=0-1,4-5`): only the first is served
 *   (https://www.alibabacloud.com/help/en/oss/how-to-obtain-oss-resources-by-segmenting-http-range-requests:
 *   "If you specify multiple ranges, OSS returns only the data in the first range"). The newer
 *   opt-in `x-oss-multi-range-behavior: multi-range` (multipart/byteranges answers) is refused
 *   with NotImplemented by the caller.
 * - Default behaviour (same page): a malformed range, an end or start past the end of the object,
 *   or a suffix longer than the object makes OSS ignore the header: 200 with the whole object.
 *   `bytes=-0` (an empty suffix) is 416 `InvalidRange` in both behaviours: the official Java
 *   SDK's GetObjectTest.testGetObjectByRange, run against OSS without `x-oss-range-behavior`,
 *   expects InvalidRange for it, next to the whole object for `bytes=65536-32767` and
 *   `bytes=0-262143` on a 128 KB object.
 * - `x-oss-range-behavior: standard`
 *   (https://www.alibabacloud.com/help/en/oss/developer-reference/scope-download-using-oss-sdk-for-php-v2):
 *   an end past the object is clamped (206), a start at or past the end is 416 `InvalidRange`.
 *   The cases that page does not list follow RFC 9110 §14.1.2, which the behaviour is named
 *   after: a suffix longer than the object is the whole object (206), any range of an empty
 *   object is unsatisfiable (416); a range whose end precedes its start is invalid and ignored.
 */
import { ossError } from '@ossbox/protocol';

/** An inclusive byte range. */
export interface ByteRange {
  start: number;
  end: number;
}

/** One `first-last`, `first-` or `-suffix` range spec, as written. */
interface RangeSpec {
  first?: number;
  last?: number;
}

/** The first range spec of a `bytes=` header, or undefined when the header is not one. */
function firstSpec(header: string): RangeSpec | undefined {
  const match = /^\s*bytes\s*=\s*([^,]*)/i.exec(header);
  const spec = match && /^(\d*)\s*-\s*(\d*)\s*$/.exec(match[1]!);
  if (!spec || (spec[1] === '' && spec[2] === '')) return undefined;
  return {
    ...(spec[1] === '' ? {} : { first: Number(spec[1]) }),
    ...(spec[2] === '' ? {} : { last: Number(spec[2]) }),
  };
}

/**
 * Resolve a `Range` header against an object of `size` bytes: the range to serve, or undefined
 * for the whole object. Throws InvalidRange (416) only in standard mode.
 */
export function resolveRange(header: string | undefined, size: number, standard: boolean): ByteRange | undefined {
  if (header === undefined) return undefined;
  const spec = firstSpec(header);
  if (spec === undefined) return undefined;
  const invalidRange = () => ossError('InvalidRange', { details: { RangeRequested: header, ActualObjectSize: String(size) } });
  const unsatisfiable = (): undefined => {
    if (standard) throw invalidRange();
    return undefined;
  };
  if (spec.first === undefined) {
    const suffix = spec.last!;
    if (suffix === 0) throw invalidRange();
    if (size === 0) return unsatisfiable();
    if (suffix > size && !standard) return undefined;
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = spec.first;
  if (spec.last !== undefined && spec.last < start) return undefined;
  if (start >= size) return unsatisfiable();
  if (spec.last === undefined) return { start, end: size - 1 };
  if (spec.last >= size) return standard ? { start, end: size - 1 } : undefined;
  return { start, end: spec.last };
}
