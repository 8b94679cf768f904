/**
 * Buffer a request body as raw bytes, with a size limit. The signature covers the exact bytes,
 * so chunks are kept as bytes, never decoded and concatenated as text.
 */
import type { IncomingMessage } from 'node:http';
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

/**
 * The raw body of a Node request inside a framework: a Buffer that a raw-body parser left in
 * `parsedBody` is used as is; otherwise the unread stream is read within `limit`. A stream that a
 * JSON/form/text parser already consumed rejects with `BODY_ALREADY_PARSED` and `hint` (which
 * says how to mount the adapter in that framework): the signed bytes are gone, and re-serialising
 * the parsed value would not give them back.
 */
export function readUnparsedBody(req: IncomingMessage, parsedBody: unknown, limit: number, hint: string): Promise<Buffer> {
  if (Buffer.isBuffer(parsedBody)) return Promise.resolve(parsedBody);
  if (req.readableDidRead || req.readableEnded) {
    return Promise.reject(new CallbackVerificationError('BODY_ALREADY_PARSED', hint));
  }
  return readRawBody(req, { limit });
}

/**
 * Read a fetch-API body (`Request.body`) into one Buffer within `limit`, like {@link readRawBody}:
 * `BODY_TOO_LARGE` as soon as more than `limit` bytes arrive (or when `Content-Length` says so),
 * `BODY_ALREADY_PARSED` when the body was already read (`request.json()`, `request.text()`, …).
 */
export async function readWebBody(request: Request, limit: number): Promise<Buffer> {
  if (request.bodyUsed) {
    throw new CallbackVerificationError(
      'BODY_ALREADY_PARSED',
      'the request body was already read (request.json(), request.text(), request.formData()), so the signed bytes are lost: verify before reading it',
    );
  }
  return readWebStream(request.body, request.headers.get('content-length'), limit, () => tooLarge(limit));
}

/**
 * Read a fetch-API body stream into one Buffer. Past `limit` bytes, or when the declared
 * `Content-Length` already exceeds it, the stream is cancelled and `tooLargeError()` thrown.
 * Shared by request bodies and downloaded public keys.
 */
export async function readWebStream(
  body: ReadableStream<Uint8Array> | null,
  contentLength: string | null,
  limit: number,
  tooLargeError: () => Error,
): Promise<Buffer> {
  if (Number(contentLength ?? Number.NaN) > limit) {
    await body?.cancel();
    throw tooLargeError();
  }
  if (body === null) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw tooLargeError();
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return Buffer.concat(chunks, total);
}
