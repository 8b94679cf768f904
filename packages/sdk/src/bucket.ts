/**
 * `Bucket`: the object and multipart operations of one bucket, one request each
 * (docs/rest-api.md §5.7–§5.10), plus signatureUrl and resumableUpload built on top of them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  buildCompleteMultipartUpload,
  buildDeleteRequest,
  parseCompleteMultipartUploadResult,
  parseCopyObjectResult,
  parseDeleteResult,
  parseInitiateMultipartUploadResult,
  parseListMultipartUploadsResult,
  parseListObjectsResult,
  parseListPartsResult,
} from '@ossbox/protocol';
import type { ListedObject, ListMultipartUploadsResult, ListObjectsResult, ListPartsResult } from '@ossbox/protocol';
import { toCallback } from './callback.js';
import { checkOperationOptions } from './operation-options.js';
import type { CallbackInput } from './callback.js';
import { assertObjectKey } from './client-options.js';
import { uploadContentType } from './content-type.js';
import { InvalidArgumentError, NoSuchKeyError } from './errors.js';
import { bareEtag, quotedEtag, withBareEtags } from './etag.js';
import {
  checkCrc,
  combinePartCrcs,
  discard,
  readAll,
  toCallbackResult,
  uploadHeaders,
} from './object-headers.js';
import type { Progress } from './object-headers.js';
import { resumableUpload } from './resumable-upload.js';
import type { ResumableUploadOptions, ResumableUploadResult } from './resumable-upload.js';
import { createPostPolicy } from './post-policy.js';
import type { PostPolicyForm, PostPolicyOptions } from './post-policy.js';
import { signatureUrl } from './signature-url.js';
import type { SignatureUrlOptions } from './signature-url.js';
import type { OssRequest, OssResponse, Transport } from './transport.js';
import { bodySource, fileRangeSource, fileSource } from './upload-body.js';
import { withUploadProgress } from './upload-progress.js';
import { assertPart, conditionalHeaders, CrcVerifier, objectInfo, uploadResult } from './object-results.js';
import type {
  CompletedPart,
  CompleteMultipartUploadResult,
  GetObjectOptions,
  GetObjectResult,
  ObjectInfo,
  PutObjectOptions,
  PutObjectResult,
  RequestOptions,
  UploadContent,
  UploadPartResult,
} from './object-types.js';
import type { BodySource, UploadBody } from './upload-body.js';

/**
 * The operations of one bucket. Get one with `client.getBucket(name)`.
 *
 * @example
 * ```ts
 * const bucket = client.getBucket('examplebucket');
 * await bucket.putObject('hello.txt', { body: 'hello' });
 * const { body } = await bucket.getObject('hello.txt');
 * for await (const obj of bucket.listObjects({ prefix: 'files/' })) console.log(obj.key, obj.size);
 * ```
 */
export class Bucket {
  /** The bucket name. */
  readonly name: string;
  /** @internal */
  readonly transport: Transport;

  /** @internal Use `client.getBucket(name)`. */
  constructor(transport: Transport, name: string) {
    this.transport = transport;
    this.name = name;
  }

  private send(req: Omit<OssRequest, 'bucket'>): Promise<OssResponse> {
    return this.transport.send({ ...req, bucket: this.name });
  }

  private get crcCheck(): boolean {
    return this.transport.config.crcCheck;
  }

  /** Resolve `{ file | body }` into a body source. */
  private async content(options: UploadContent): Promise<BodySource> {
    if ((options.file === undefined) === (options.body === undefined)) {
      throw new InvalidArgumentError('Give exactly one of "file" or "body".', options.file === undefined ? 'body' : 'file');
    }
    return options.file !== undefined ? fileSource(options.file) : bodySource(options.body as UploadBody, options.contentLength);
  }

  /**
   * PutObject from a file path, Buffer, string, Node Readable or web ReadableStream. With a
   * callback, the result carries the callback server's reply; a failed callback (203) throws
   * {@link CallbackError}, whose `uploaded` is true.
   *
   * @example
   * ```ts
   * const res = await bucket.putObject('files/hello', { file: '/tmp/x', callback, onProgress: (p) => console.log(p.loaded, p.sent) });
   * console.log(res.etag, res.callback?.json);
   * ```
   */
  async putObject(key: string, options: PutObjectOptions): Promise<PutObjectResult> {
    checkOperationOptions('putObject', options);
    assertObjectKey(key);
    const callback = toCallback(options.callback);
    const body = await this.content(options);
    const headers = uploadHeaders({ ...options, callback, contentType: uploadContentType(options, options.file, key) });
    const res = await withUploadProgress(options.onProgress, body.length, (onUploadBytes) =>
      this.send({ method: 'PUT', key, headers, body, idempotent: true, signal: options.signal, onUploadBytes }),
    );
    const reply = callback ? toCallbackResult(await readAll(res)) : (await discard(res), undefined);
    checkCrc(res.sentCrc64, res, this.crcCheck);
    return uploadResult(res, res.sentCrc64, reply);
  }

  /** GetObject as a stream, or into `file`; ranges and conditional headers supported. */
  async getObject(key: string, options: GetObjectOptions = {}): Promise<GetObjectResult> {
    checkOperationOptions('getObject', options);
    assertObjectKey(key);
    const res = await this.send({
      method: 'GET',
      key,
      query: options.query,
      headers: conditionalHeaders(options),
      idempotent: true,
      signal: options.signal,
    });
    const info: GetObjectResult = objectInfo(res);
    const expected = res.headers['x-oss-hash-crc64ecma'];
    // Only a whole-object 200 can be checked against the object's CRC.
    const verify = this.crcCheck && res.status === 200 && expected !== undefined;
    const stream: Readable = verify ? res.body.pipe(new CrcVerifier(expected)) : res.body;
    if (verify) res.body.on('error', (err) => stream.destroy(err));
    if (options.file === undefined) {
      info.body = stream;
      return info;
    }
    const temp = `${options.file}.${randomBytes(6).toString('hex')}.download`;
    try {
      await pipeline(stream, createWriteStream(temp), options.signal ? { signal: options.signal } : {});
      await rename(temp, options.file);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    return info;
  }

  /** HeadObject: metadata without the content. */
  async headObject(key: string, options: Omit<GetObjectOptions, 'file' | 'range' | 'query'> = {}): Promise<ObjectInfo> {
    checkOperationOptions('headObject', options);
    assertObjectKey(key);
    const res = await this.send({ method: 'HEAD', key, headers: conditionalHeaders(options), idempotent: true, signal: options.signal });
    await discard(res);
    return objectInfo(res);
  }

  /** True when the object exists (HEAD; a 404 NoSuchKey means false, other errors throw). */
  async objectExists(key: string, options: RequestOptions = {}): Promise<boolean> {
    checkOperationOptions('objectExists', options);
    try {
      await this.headObject(key, options);
      return true;
    } catch (err) {
      if (err instanceof NoSuchKeyError) return false;
      throw err;
    }
  }

  /** DeleteObject (OSS answers 204 whether or not the key existed). */
  async deleteObject(key: string, options: RequestOptions = {}): Promise<{ requestId: string | undefined }> {
    checkOperationOptions('deleteObject', options);
    assertObjectKey(key);
    const res = await this.send({ method: 'DELETE', key, idempotent: true, signal: options.signal });
    await discard(res);
    return { requestId: res.requestId };
  }

  /** DeleteMultipleObjects (up to 1000 keys); returns the deleted keys (none with `quiet`). */
  async deleteObjects(keys: string[], options: RequestOptions & { quiet?: boolean } = {}): Promise<{ deleted: string[]; requestId: string | undefined }> {
    checkOperationOptions('deleteObjects', options);
    if (!Array.isArray(keys) || keys.length === 0 || keys.length > 1000) throw new InvalidArgumentError('keys must list 1 to 1000 keys', 'keys');
    keys.forEach((key) => assertObjectKey(key));
    const xml = Buffer.from(buildDeleteRequest({ quiet: options.quiet ?? false, keys }), 'utf8');
    const res = await this.send({
      method: 'POST',
      query: { delete: '', 'encoding-type': 'url' },
      headers: { 'content-type': 'application/xml', 'content-md5': createHash('md5').update(xml).digest('base64') },
      body: bodySource(xml),
      idempotent: true,
      signal: options.signal,
    });
    const text = (await readAll(res)).toString('utf8');
    return { deleted: text.trim() === '' ? [] : parseDeleteResult(text).deleted, requestId: res.requestId };
  }

  /**
   * CopyObject from `source` (a key of this bucket, or `{ bucket, key }`) to `key`. Without
   * `contentType` (or a `Content-Type` in `headers`) the type of `key`'s extension is sent, as
   * ali-oss does; OSS reads it only with `metadataDirective: 'REPLACE'` or a copy onto itself.
   */
  async copyObject(
    key: string,
    source: string | { bucket: string; key: string },
    options: RequestOptions & {
      metadataDirective?: 'COPY' | 'REPLACE';
      contentType?: string;
      meta?: Record<string, string | number>;
      headers?: Record<string, string>;
    } = {},
  ): Promise<{ etag: string; lastModified: Date; requestId: string | undefined }> {
    checkOperationOptions('copyObject', options);
    assertObjectKey(key);
    const src = typeof source === 'string' ? { bucket: this.name, key: source } : source;
    assertObjectKey(src.key);
    // Sent on every copy, as ali-oss does; OSS only reads it with REPLACE (or a copy onto itself).
    const headers = uploadHeaders({ ...options, contentType: uploadContentType(options, key) });
    headers['x-oss-copy-source'] = `/${src.bucket}/${encodeURIComponent(src.key)}`;
    if (options.metadataDirective !== undefined) headers['x-oss-metadata-directive'] = options.metadataDirective;
    const res = await this.send({ method: 'PUT', key, headers, idempotent: true, signal: options.signal });
    const result = parseCopyObjectResult((await readAll(res)).toString('utf8'));
    return { etag: bareEtag(result.etag), lastModified: result.lastModified, requestId: res.requestId };
  }

  /**
   * AppendObject at `position` (0 creates an Appendable object). Never retried: a retry could
   * append twice. The Content-Type is guessed as for {@link Bucket.putObject} when not given; OSS
   * keeps the one of the first append.
   */
  async appendObject(
    key: string,
    options: UploadContent & Omit<PutObjectOptions, 'callback' | keyof UploadContent> & { position: number },
  ): Promise<{ nextAppendPosition: number; crc64: string | undefined; requestId: string | undefined }> {
    checkOperationOptions('appendObject', options);
    assertObjectKey(key);
    if (!Number.isInteger(options.position) || options.position < 0) throw new InvalidArgumentError('position must be a non-negative integer', 'position');
    const body = await this.content(options);
    const res = await withUploadProgress(options.onProgress, body.length, (onUploadBytes) =>
      this.send({
        method: 'POST',
        key,
        query: { append: '', position: String(options.position) },
        headers: uploadHeaders({ ...options, contentType: uploadContentType(options, options.file, key) }),
        body,
        idempotent: false,
        signal: options.signal,
        onUploadBytes,
      }),
    );
    await discard(res);
    return {
      nextAppendPosition: Number(res.headers['x-oss-next-append-position']),
      crc64: res.headers['x-oss-hash-crc64ecma'],
      requestId: res.requestId,
    };
  }

  /** One page of ListObjects (v1): objects (ETags bare, as in every SDK result) and common prefixes. */
  async listObjectsPage(
    options: RequestOptions & { prefix?: string; delimiter?: string; marker?: string; maxKeys?: number } = {},
  ): Promise<ListObjectsResult> {
    checkOperationOptions('listObjectsPage', options);
    const query: Record<string, string> = { 'encoding-type': 'url' };
    if (options.prefix !== undefined) query['prefix'] = options.prefix;
    if (options.delimiter !== undefined) query['delimiter'] = options.delimiter;
    if (options.marker !== undefined) query['marker'] = options.marker;
    if (options.maxKeys !== undefined) query['max-keys'] = String(options.maxKeys);
    const res = await this.send({ method: 'GET', query, idempotent: true, signal: options.signal });
    return withBareEtags(parseListObjectsResult((await readAll(res)).toString('utf8')), 'contents');
  }

  /**
   * Every object under `prefix`, paging for you (`maxKeys` is the page size). Common prefixes
   * (with `delimiter`) are in {@link Bucket.listObjectsPage}.
   *
   * @example
   * ```ts
   * for await (const obj of bucket.listObjects({ prefix: 'logs/' })) console.log(obj.key);
   * ```
   */
  async *listObjects(
    options: RequestOptions & { prefix?: string; delimiter?: string; maxKeys?: number } = {},
  ): AsyncGenerator<ListedObject, void, undefined> {
    checkOperationOptions('listObjects', options);
    let marker: string | undefined;
    for (;;) {
      const page = await this.listObjectsPage({ ...options, marker });
      yield* page.contents;
      if (!page.isTruncated) return;
      // Without NextMarker (no delimiter in some servers), the last key is the next marker (S3 rule).
      const next = page.nextMarker || page.contents.at(-1)?.key;
      if (next === undefined || next === marker) return;
      marker = next;
    }
  }

  /**
   * InitiateMultipartUpload; metadata headers apply to the final object. Without `contentType`
   * (or a `Content-Type` in `headers`) the type of the key's extension is sent
   * (`application/octet-stream` when unknown), as ali-oss does.
   */
  async initiateMultipartUpload(
    key: string,
    options: RequestOptions & { contentType?: string; meta?: Record<string, string | number>; headers?: Record<string, string> } = {},
  ): Promise<{ uploadId: string; requestId: string | undefined }> {
    checkOperationOptions('initiateMultipartUpload', options);
    assertObjectKey(key);
    const headers = uploadHeaders({ ...options, contentType: uploadContentType(options, key) });
    // Not idempotent: a retry after a lost response would leave an orphan upload.
    const res = await this.send({ method: 'POST', key, query: { uploads: '' }, headers, idempotent: false, signal: options.signal });
    const result = parseInitiateMultipartUploadResult((await readAll(res)).toString('utf8'));
    return { uploadId: result.uploadId, requestId: res.requestId };
  }

  /**
   * UploadPart. With `file`, `start`/`length` select a range (default: the whole file).
   * Parts from files and Buffers are retried; CRC-64 is checked against the response.
   */
  async uploadPart(
    key: string,
    uploadId: string,
    partNumber: number,
    options: UploadContent & RequestOptions & { start?: number; length?: number; onProgress?: (progress: Progress) => void },
  ): Promise<UploadPartResult> {
    checkOperationOptions('uploadPart', options);
    assertPart(key, partNumber);
    const body =
      options.file !== undefined && options.length !== undefined
        ? fileRangeSource(options.file, options.start ?? 0, options.length)
        : await this.content(options);
    return this.uploadPartFrom(key, uploadId, partNumber, body, options);
  }

  /** @internal UploadPart of an already resolved body (resumableUpload's shared file handle). */
  async uploadPartFrom(
    key: string,
    uploadId: string,
    partNumber: number,
    body: BodySource,
    options: RequestOptions & { onProgress?: ((progress: Progress) => void) | undefined },
  ): Promise<UploadPartResult> {
    assertPart(key, partNumber);
    // Its answer has nothing in the body: dropped as it arrives, no response stream per part.
    const res = await withUploadProgress(options.onProgress, body.length, (onUploadBytes) =>
      this.transport.sendDroppingBody({
        method: 'PUT',
        bucket: this.name,
        key,
        query: { partNumber: String(partNumber), uploadId },
        body,
        idempotent: true,
        signal: options.signal,
        onUploadBytes,
      }),
    );
    checkCrc(res.sentCrc64, res, this.crcCheck);
    return {
      partNumber,
      etag: bareEtag(res.headers['etag']) ?? '',
      crc64: res.sentCrc64?.toString() ?? '0',
      // A stream of undeclared length: the bytes the successful attempt actually sent.
      size: body.length ?? res.sentBytes ?? 0,
      requestId: res.requestId,
    };
  }

  /**
   * CompleteMultipartUpload. Never retried: after any response the upload may be committed. A
   * failed callback throws {@link CallbackError} (the object exists). With `crc64` and `size` on
   * every part, the combined CRC-64 is compared with the server's.
   */
  async completeMultipartUpload(
    key: string,
    uploadId: string,
    parts: CompletedPart[],
    options: RequestOptions & { callback?: CallbackInput; headers?: Record<string, string> } = {},
  ): Promise<CompleteMultipartUploadResult> {
    checkOperationOptions('completeMultipartUpload', options);
    assertObjectKey(key);
    if (!Array.isArray(parts) || parts.length === 0) throw new InvalidArgumentError('parts must not be empty', 'parts');
    const callback = toCallback(options.callback);
    const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
    const xml = Buffer.from(buildCompleteMultipartUpload(sorted.map((p) => ({ partNumber: p.partNumber, etag: quotedEtag(p.etag) }))), 'utf8');
    const headers = uploadHeaders({ headers: options.headers, callback });
    headers['content-type'] = 'application/xml';
    const res = await this.send({
      method: 'POST',
      key,
      query: { uploadId },
      headers,
      body: bodySource(xml),
      idempotent: false,
      signal: options.signal,
    });
    const text = await readAll(res);
    const expected = sorted.every((p) => p.crc64 !== undefined && p.size !== undefined)
      ? combinePartCrcs(sorted as Array<{ crc64: string; size: number }>)
      : undefined;
    checkCrc(expected, res, this.crcCheck);
    if (callback) return uploadResult(res, expected, toCallbackResult(text));
    const parsed = parseCompleteMultipartUploadResult(text.toString('utf8'));
    const result: CompleteMultipartUploadResult = uploadResult(res, expected, undefined);
    result.etag = bareEtag(res.headers['etag'] ?? parsed.etag);
    result.location = parsed.location;
    return result;
  }

  /** AbortMultipartUpload: discards the uploaded parts. */
  async abortMultipartUpload(key: string, uploadId: string, options: RequestOptions = {}): Promise<void> {
    checkOperationOptions('abortMultipartUpload', options);
    assertObjectKey(key);
    const res = await this.send({ method: 'DELETE', key, query: { uploadId }, idempotent: true, signal: options.signal });
    await discard(res);
  }

  /** ListParts: one page of the parts uploaded so far (ETags bare, as {@link Bucket.uploadPart} returns them). */
  async listParts(
    key: string,
    uploadId: string,
    options: RequestOptions & { partNumberMarker?: number; maxParts?: number } = {},
  ): Promise<ListPartsResult> {
    checkOperationOptions('listParts', options);
    assertObjectKey(key);
    const query: Record<string, string> = { uploadId };
    if (options.partNumberMarker !== undefined) query['part-number-marker'] = String(options.partNumberMarker);
    if (options.maxParts !== undefined) query['max-parts'] = String(options.maxParts);
    const res = await this.send({ method: 'GET', key, query, idempotent: true, signal: options.signal });
    return withBareEtags(parseListPartsResult((await readAll(res)).toString('utf8')), 'parts');
  }

  /** ListMultipartUploads: one page of the unfinished uploads. */
  async listUploads(
    options: RequestOptions & { prefix?: string; delimiter?: string; keyMarker?: string; uploadIdMarker?: string; maxUploads?: number } = {},
  ): Promise<ListMultipartUploadsResult> {
    checkOperationOptions('listUploads', options);
    const query: Record<string, string> = { uploads: '', 'encoding-type': 'url' };
    if (options.prefix !== undefined) query['prefix'] = options.prefix;
    if (options.delimiter !== undefined) query['delimiter'] = options.delimiter;
    if (options.keyMarker !== undefined) query['key-marker'] = options.keyMarker;
    if (options.uploadIdMarker !== undefined) query['upload-id-marker'] = options.uploadIdMarker;
    if (options.maxUploads !== undefined) query['max-uploads'] = String(options.maxUploads);
    const res = await this.send({ method: 'GET', query, idempotent: true, signal: options.signal });
    return parseListMultipartUploadsResult((await readAll(res)).toString('utf8'));
  }

  /**
   * Multipart upload of a file with parallel parts and a resumable checkpoint file; see
   * {@link ResumableUploadOptions}. Small files go through one putObject.
   *
   * @example
   * ```ts
   * const res = await bucket.resumableUpload('videos/big.mp4', '/data/big.mp4', {
   *   callback, parallel: 4, onProgress: ({ loaded, total }) => console.log(`${loaded}/${total}`),
   * });
   * ```
   */
  resumableUpload(key: string, file: string, options: ResumableUploadOptions = {}): Promise<ResumableUploadResult> {
    return resumableUpload(this, key, file, options);
  }

  /**
   * A presigned URL (V4 by default, or V1) for `key`; may carry a callback. It is dated by the
   * client's clock, which a RequestTimeTooSkewed answer has moved onto OSS's (see
   * {@link SignatureUrlOptions.date}), so a client with a wrong local clock gives out working URLs
   * once one of its requests has been refused and signed again.
   *
   * @example
   * ```ts
   * const url = bucket.signatureUrl('photos/cat.jpg', { expires: 600 });
   * const put = bucket.signatureUrl('up.bin', { method: 'PUT', callback });
   * ```
   */
  signatureUrl(key: string, options: SignatureUrlOptions = {}): string {
    checkOperationOptions('signatureUrl', options);
    assertObjectKey(key);
    return signatureUrl(this.transport, this.name, key, options);
  }

  /**
   * {@link Bucket.signatureUrl} with the credentials a `credentialsProvider` gives (fetched or
   * refreshed first when due, as ali-oss's `asyncSignatureUrl`); with an STS token the URL carries
   * it as `security-token` (V1) or `x-oss-security-token` (V4).
   */
  async asyncSignatureUrl(key: string, options: SignatureUrlOptions = {}): Promise<string> {
    checkOperationOptions('signatureUrl', options);
    assertObjectKey(key);
    return signatureUrl(this.transport, this.name, key, options, await this.transport.credentials.get());
  }

  /**
   * The signed PostObject form for a browser upload (V4 by default, or V1): `url` to POST to and
   * `fields` to send before the file. No request is sent. Bad options throw
   * {@link InvalidArgumentError}. See {@link PostPolicyOptions} and
   * https://www.alibabacloud.com/help/en/oss/developer-reference/postobject.
   *
   * @example
   * ```ts
   * // app server
   * const form = bucket.createPostPolicy({
   *   keyPrefix: 'uploads/alice/',
   *   expires: 600,
   *   contentLengthRange: { max: 10 * 1024 * 1024 },
   *   successActionStatus: 200,
   *   callback: { url: 'https://app.example.com/oss-callback', body: 'object=${object}&size=${size}' },
   * });
   * res.json(form);
   * // browser
   * const data = new FormData();
   * for (const [name, value] of Object.entries(form.fields)) data.append(name, value);
   * data.append('file', input.files[0]); // the file goes last
   * const reply = await fetch(form.url, { method: 'POST', body: data });
   * ```
   */
  createPostPolicy(options: PostPolicyOptions): PostPolicyForm {
    checkOperationOptions('createPostPolicy', options);
    return createPostPolicy(this.transport, this.name, options);
  }

  /**
   * {@link Bucket.createPostPolicy} with the credentials a `credentialsProvider` gives (fetched or
   * refreshed first when due). With STS credentials the form has the `x-oss-security-token` field
   * (pinned by the policy with V4).
   */
  async asyncCreatePostPolicy(options: PostPolicyOptions): Promise<PostPolicyForm> {
    checkOperationOptions('createPostPolicy', options);
    return createPostPolicy(this.transport, this.name, options, await this.transport.credentials.get());
  }
}
