/**
 * Buffer a request body as raw bytes, with a size limit. The signature covers the exact bytes,
 * so chunks are kept as bytes, never decoded and concatenated as text.
 */
import type { Readable } from 'node:stream';
import { CallbackVerificationError } from './errors.js';

function tooLarge(limit: number): CallbackVerificationError {
  return new CallbackVerificationError('BODY_TOO_LARGE', `body is larger than ${limit} bytes`);
}

/**
 * Read all of `stream` into one Buffer. Rejects with `BODY_TOO_LARGE` as soon as more than
 * `limit` bytes arrive (or when a `Content-Length` header already says so, before reading),
 * and with the stream's own error when the client aborts.
 *
 * @example
 * const body = await readRawBody(req, { limit: 1024 * 1024 });
 */
export function readRawBody(
  stream: Readable & { headers?: Readonly<Record<string, string | string[] | undefined>> },
  options: { limit: number },
): Promise<Buffer> {
  const { limit } = options;
  const declared = Number(stream.headers?.['content-length'] ?? Number.NaN);
  if (declared > limit) {
    // Discard the body so the connection can still carry the error response.
    stream.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const cleanup = (): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onClose);
    };
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      total += bytes.length;
      if (total > limit) {
        cleanup();
        stream.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, total));
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const onClose = (): void => {
      cleanup();
      reject(new Error('the request was aborted before its body was complete'));
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}
