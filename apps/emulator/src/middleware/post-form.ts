/**
 * Reading a PostObject `multipart/form-data` body (docs/rest-api.md §5.11) with multer: the fields
 * before the file are collected (names lowercased, since OSS matches them case-insensitively), the
 * `file` part is streamed straight into the blob store's temp area (MD5 and CRC-64 computed on the
 * way, never buffered whole), and everything after the file is ignored.
 *
 * multer's own `req.body` is not used: it runs field names through append-field, which turns
 * `a[b]` into nested objects. Instead busboy is tapped through multer's `streamHandler` hook to
 * record every field as sent, in order.
 */
import type { IncomingMessage } from 'node:http';
import type { Request, Response } from 'express';
import multer from 'multer';
import type { Options, StorageEngine } from 'multer';
import { PassThrough, pipeline } from 'node:stream';
import type { Writable } from 'node:stream';
import { ossError } from '@ossbox/protocol';
import type { BlobStore, PendingBlob } from '../store/blob-store.js';
import { BlobSizeLimitError } from '../store/file-blob-store.js';
import {
  MAX_FIELDS,
  MAX_FIELDS_BEFORE_FILE_BYTES,
  MAX_FIELD_NAME_LENGTH,
  MAX_FIELD_VALUE_BYTES,
  StorageFailure,
  fieldsTooLarge,
  fileNotLast,
  headerlessPart,
  malformed,
  noFile,
  toOssError,
} from './post-form-errors.js';
import { fileNamingTransform, formBoundary } from './post-form-file-part.js';

/** The file part as the client described it. */
export interface PostFormFile {
  /** Base name of the client's file (`${filename}` in `key`); '' when the part had an empty one. */
  filename: string;
  /**
   * The part's own `Content-Type`; undefined when the part has none (not RFC 7578's `text/plain`
   * default, which busboy reports: the form's `Content-Type` field applies then).
   */
  contentType: string | undefined;
}

/** What {@link PostFormOptions.beforeFile} decides about the file before any byte is stored. */
export interface FileAcceptance {
  /** Largest accepted file size. */
  maxSize: number;
  /** The error for a file over `maxSize`. */
  tooLarge(): Error;
}

/** Options of {@link receivePostForm}. */
export interface PostFormOptions {
  blobs: BlobStore;
  /**
   * Called once the file part starts, with the fields that precede it: check them here (signature,
   * policy, callback) so a rejected form stores nothing. Throwing aborts the upload.
   */
  beforeFile(fields: ReadonlyMap<string, string>, file: PostFormFile): FileAcceptance | Promise<FileAcceptance>;
}

/** A parsed form whose file sits in a pending blob (the caller commits or discards it). */
export interface PostForm {
  /** Fields before the file, by lowercased name (first occurrence wins). */
  fields: ReadonlyMap<string, string>;
  file: PostFormFile;
  blob: PendingBlob;
}

/**
 * Parse the PostObject form of `req`, streaming its file into a pending blob.
 *
 * Rules (§5.11): field names are case-insensitive; the first part named `file`, with or without a
 * file name, is the file, and it must be the last part: another `file` part after it is
 * `IncorrectNumberOfFilesInPOSTRequest`, any other part `MalformedPOSTRequest` (EC
 * 0006-00000103), and nothing is stored (the trailing parts are read only to be seen, never kept);
 * a field name over 8 KB or value over 2 MB is `FieldItemTooLong`, fields before the file over 8 MB together
 * `MaxPOSTPreDataLengthExceededError`; a body that is not `multipart/form-data` is
 * `RequestIsNotMultiPartContent`, one that is not well-formed `MalformedPOSTRequest` (EC
 * 0006-00000104), a form without a file too (EC 0006-00000107).
 *
 * @example
 * const form = await receivePostForm(req, res, {
 *   blobs: storage.blobs,
 *   beforeFile: (fields) => ({ maxSize: MAX_OBJECT_SIZE, tooLarge: () => ossError('EntityTooLarge') }),
 * });
 * await form.blob.commit();
 */
export async function receivePostForm(req: Request, res: Response, options: PostFormOptions): Promise<PostForm> {
  const contentType = req.headers['content-type'] ?? '';
  // OSS error responses page (https://help.aliyun.com/document_detail/32005.htm): a POST whose
  // form is not multipart/form-data is RequestIsNotMultiPartContent; one without a boundary stays
  // MalformedPOSTRequest (its body cannot be read as a form).
  if (!/^multipart\/form-data\s*(?:;|$)/i.test(contentType)) throw ossError('RequestIsNotMultiPartContent');
  const boundary = formBoundary(contentType);
  if (boundary === undefined) {
    throw ossError('MalformedPOSTRequest', {
      message: 'The body of your POST request is not well-formed multipart/form-data.',
    });
  }
  const fields = new Map<string, string>();
  // Bytes of every field value before the file, repeated names included.
  let fieldBytes = 0;
  let fileSeen = false;
  // Whether any part (a field, another file) followed the file.
  let partAfterFile = false;
  // Whether one of those was another `file` part (a file, or a field of that name).
  let secondFile = false;
  // What beforeFile() refused the form with. The rest of the body is still read (the file's bytes
  // dropped), because a part after the file makes the form MalformedPOSTRequest instead: the EC
  // page's example, whose signature fields follow the file, gets that error, not AccessDenied.
  let refusal: unknown;
  let file: PostFormFile | undefined;
  let blob: PendingBlob | undefined;
  // The engine's own verdict wins: when the blob writer stops early it destroys the part stream,
  // and multer then reports that stream error first.
  let engineError: Error | undefined;
  // The engine's work on the file, and multer's removal of it. multer may report a failure before
  // the engine's work has settled, and removes a file finished after that without waiting, so a
  // failure is only reported once both have settled and no temp file is left.
  let engineWork: Promise<unknown> | undefined;
  let discarding: Promise<void> | undefined;
  // A `file` part without a file name is still the file (./post-form-file-part.ts).
  const naming = fileNamingTransform(boundary);

  const storage: StorageEngine = {
    _handleFile(_req, part, cb) {
      fileSeen = true;
      file = { filename: naming.named ? '' : part.originalname, contentType: naming.typed ? part.mimetype : undefined };
      const accepted = file;
      // The blob writer reads a pass-through copy: when it stops early (size limit) it destroys
      // its source, and that must not surface as an error of busboy's part stream, which multer
      // would report before this engine's own verdict. An error of the part stream itself is a
      // broken body (busboy reports truncation there), forwarded so the writer stops too.
      const body = new PassThrough();
      // The writer starts reading only after beforeFile() settles; a part error before that would
      // otherwise be an 'error' with no listener, an uncaught exception. The destroyed stream keeps
      // the error, so the writer still fails with it once it reads.
      body.on('error', () => undefined);
      let partError: unknown;
      part.stream.on('error', (error) => {
        partError ??= error;
        body.destroy(error);
      });
      part.stream.pipe(body);
      engineWork = (async () => {
        let acceptance: FileAcceptance;
        try {
          // Every part header before the file has passed the transform by now.
          if (naming.headerless) throw headerlessPart();
          acceptance = await options.beforeFile(fields, accepted);
        } catch (error) {
          refusal = error;
          body.resume();
          return 0;
        }
        try {
          blob = await options.blobs.write(body, { maxSize: acceptance.maxSize });
        } catch (error) {
          part.stream.resume();
          if (error instanceof BlobSizeLimitError) throw acceptance.tooLarge();
          if (partError !== undefined) throw malformed(partError);
          throw new StorageFailure('storing the file failed', { cause: error });
        }
        return blob.size;
      })();
      engineWork.then(
        (size) => cb(null, { size: size as number }),
        (error: unknown) => {
          engineError = error as Error;
          cb(engineError);
        },
      );
    },
    _removeFile(_req, _part, cb) {
      const pending = blob;
      blob = undefined;
      if (!pending) return cb(null);
      discarding = pending.discard();
      discarding.then(() => cb(null), cb);
    },
  };

  const multerOptions: Options & { streamHandler(req: IncomingMessage, busboy: Writable): void } = {
    storage,
    defParamCharset: 'utf8',
    limits: { fieldSize: MAX_FIELD_VALUE_BYTES, fields: MAX_FIELDS, fieldNameSize: MAX_FIELD_NAME_LENGTH },
    fileFilter(_req, part, cb) {
      const isFile = part.fieldname.toLowerCase() === 'file';
      if (fileSeen) partAfterFile = true;
      if (fileSeen && isFile) secondFile = true;
      cb(null, !fileSeen && isFile);
    },
    streamHandler(incoming, busboy) {
      // Runs after multer's own listeners are attached, so a field is recorded right after multer
      // saw it, and every field that precedes the file is recorded before `_handleFile` runs.
      busboy.on('field', (name: string, value: string) => {
        if (fileSeen) partAfterFile = true;
        if (fileSeen && name.toLowerCase() === 'file') secondFile = true;
        if (fileSeen || fieldBytes > MAX_FIELDS_BEFORE_FILE_BYTES) return;
        fieldBytes += Buffer.byteLength(value);
        const tooLarge = fieldsTooLarge(fieldBytes);
        if (tooLarge) {
          // Refuse now rather than at the file: multer keeps every field value it has seen, so
          // a form of a thousand 2 MB fields would otherwise sit in memory before being refused.
          // multer stops parsing on this error and drains the rest of the body unread.
          busboy.emit('error', tooLarge);
          return;
        }
        const lowered = name.toLowerCase();
        if (!fields.has(lowered)) fields.set(lowered, value);
      });
      // Errors (a request cut short) reach busboy, which reports them to multer.
      pipeline(incoming, naming, busboy, () => undefined);
    },
  };
  const upload = multer(multerOptions).any();
  try {
    await new Promise<void>((resolve, reject) => {
      void upload(req, res, (error?: unknown) => (error ? reject(error as Error) : resolve()));
    });
  } catch (error) {
    await engineWork?.catch(() => undefined);
    if (blob) {
      discarding = blob.discard();
      blob = undefined;
    }
    await discarding?.catch(() => undefined);
    throw toOssError(engineError ?? refusal ?? error);
  }
  if (naming.headerless) {
    // The part comes before anything else found wrong in the body: OSS reads the body in order.
    await blob?.discard();
    throw headerlessPart();
  }
  if (file && (partAfterFile || refusal !== undefined)) {
    await blob?.discard();
    // OSS's own message for the code; the EC's page names the cause.
    // OSS error responses page (https://help.aliyun.com/document_detail/32005.htm): "only one file
    // field" in a form, IncorrectNumberOfFilesInPOSTRequest; any other part after the file is 103.
    if (secondFile) throw ossError('IncorrectNumberOfFilesInPOSTRequest');
    if (partAfterFile) throw fileNotLast();
    throw refusal;
  }
  if (!file || !blob) {
    if (blob) await blob.discard();
    throw noFile();
  }
  return { fields, file, blob };
}
