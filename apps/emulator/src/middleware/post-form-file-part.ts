/**
 * PostObject's `file` part without a `filename` parameter.
 *
 * OSS takes the `file` part as the object whatever its `Content-Disposition` says
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/postobject: `file` is "the file or
 * text content", no file name required), and non-browser clients (`curl -F 'file=<data'`, form
 * libraries given a string) send it without one. busboy, under multer, reads such a part as a
 * plain field, buffered whole and capped at the field limit, and multer drops a file part whose
 * name is empty, so neither could be stored. This transform sits between the request and busboy
 * and gives that one part header a placeholder file name, so it is streamed as a file; the caller
 * reads {@link FileNamingTransform.named} to report the file name as `''`, and
 * {@link FileNamingTransform.typed} to tell a part sent without a Content-Type from one sent with
 * `text/plain` (busboy reports RFC 7578's `text/plain` default for both). Only part headers are
 * looked at, up to the first `file` part; every byte after it passes through untouched, so the
 * file itself is never buffered.
 */
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';

/** A part header block longer than this is left for busboy to reject. */
const MAX_HEADER_BLOCK = 16 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');
const FILE_PART = /^content-disposition:[ \t]*form-data\b(?=[^\r\n]*;[ \t]*name="file"(?:;|[ \t]*(?:\r|$)))[^\r\n]*/im;

/** The boundary of a `multipart/form-data` Content-Type, or undefined. */
export function formBoundary(contentType: string): string | undefined {
  const match = /;\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** What a nameless `file` part is called on its way to busboy. */
const PLACEHOLDER = 'file';

/** Give `block` a file name when it is the header block of a `file` part without a non-empty one. */
function nameFilePart(block: string): { block: string; isFile: boolean; named: boolean; typed: boolean } {
  const match = FILE_PART.exec(block);
  if (!match) return { block, isFile: false, named: false, typed: false };
  const typed = /^content-type:/im.test(block);
  const disposition = match[0];
  if (/;[ \t]*filename\*?=(?!""|[ \t]*(?:;|$))/i.test(disposition)) return { block, isFile: true, named: false, typed };
  const without = disposition.replace(/;[ \t]*filename=("")?(?=;|$)/i, '');
  return { block: block.replace(disposition, `${without}; filename="${PLACEHOLDER}"`), isFile: true, named: true, typed };
}

/** The transform, whether it named the file part (whose real file name is then `''`), and whether that part had a Content-Type. */
export interface FileNamingTransform extends Transform {
  readonly named: boolean;
  readonly typed: boolean;
  /**
   * Whether a part up to the file had no `Content-Disposition` header. busboy skips such a part
   * silently; OSS refuses the form (EC page 0006-00000109).
   */
  readonly headerless: boolean;
}

/**
 * A transform for a `multipart/form-data` body with `boundary` that gives the first `file` part a
 * file name when it has none (or an empty one); everything else is passed on byte for byte.
 */
export function fileNamingTransform(boundary: string): FileNamingTransform {
  const delimiter = Buffer.from(`--${boundary}`);
  let pending = Buffer.alloc(0);
  let passThrough = false;
  let named = false;
  let typed = false;
  let headerless = false;

  /** Emit what can be decided from `pending`; keeps an undecided tail. */
  function drain(push: (chunk: Buffer) => void, final: boolean): void {
    while (!passThrough) {
      const at = pending.indexOf(delimiter);
      if (at < 0) {
        // Keep a tail that may be the start of a delimiter cut by the chunk edge.
        const keep = final ? 0 : Math.min(pending.length, delimiter.length - 1);
        push(pending.subarray(0, pending.length - keep));
        pending = pending.subarray(pending.length - keep);
        return;
      }
      const headersStart = at + delimiter.length;
      const end = pending.indexOf(HEADER_END, headersStart);
      if (end < 0) {
        if (!final && pending.length - headersStart <= MAX_HEADER_BLOCK) {
          push(pending.subarray(0, at));
          pending = pending.subarray(at);
          return;
        }
        passThrough = true;
        break;
      }
      const block = pending.subarray(headersStart, end).toString('latin1');
      // `--` right after a delimiter closes the body: what follows is no part.
      if (!block.startsWith('--') && !/^content-disposition:/im.test(block)) headerless = true;
      const part = nameFilePart(block);
      push(pending.subarray(0, headersStart));
      push(Buffer.from(part.block, 'latin1'));
      pending = pending.subarray(end);
      named = part.named;
      typed = part.typed;
      if (part.isFile) passThrough = true;
    }
    push(pending);
    pending = Buffer.alloc(0);
  }

  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      if (passThrough) return callback(null, chunk);
      pending = Buffer.concat([pending, chunk]);
      drain((part) => part.length > 0 && this.push(part), false);
      callback();
    },
    flush(callback: TransformCallback) {
      drain((part) => part.length > 0 && this.push(part), true);
      callback();
    },
  });
  return Object.defineProperties(transform, {
    named: { get: () => named },
    typed: { get: () => typed },
    headerless: { get: () => headerless },
  }) as FileNamingTransform;
}
