/**
 * `Client`: options validated once, service-level operations, and `getBucket`.
 */
import { parseListBucketsResult } from '@ossbox/protocol';
import type { ListBucketsResult } from '@ossbox/protocol';
import { Bucket } from './bucket.js';
import { assertBucketName, resolveConfig } from './client-options.js';
import type { ClientOptions, ResolvedConfig } from './client-options.js';
import { discard, readAll } from './object-headers.js';
import type { RequestOptions } from './object-types.js';
import { Transport } from './transport.js';

/**
 * An OSS client. Options are checked at construction (InvalidArgumentError naming the option).
 *
 * @example
 * ```ts
 * const client = new Client({ endpoint: 'https://oss-cn-hangzhou.aliyuncs.com', accessKeyId, accessKeySecret });
 * const bucket = client.getBucket('examplebucket');
 * await bucket.putObject('files/hello', { file: '/tmp/x' });
 * ```
 */
export class Client {
  /** The validated configuration. */
  readonly config: ResolvedConfig;
  private readonly transport: Transport;

  constructor(options: ClientOptions) {
    this.config = resolveConfig(options);
    this.transport = new Transport(this.config);
  }

  /** The operations of bucket `name` (no request is sent). */
  getBucket(name: string): Bucket {
    assertBucketName(name);
    return new Bucket(this.transport, name);
  }

  /** ListBuckets (GetService), one page. */
  async listBuckets(options: RequestOptions & { prefix?: string; marker?: string; maxKeys?: number } = {}): Promise<ListBucketsResult> {
    const query: Record<string, string> = {};
    if (options.prefix !== undefined) query['prefix'] = options.prefix;
    if (options.marker !== undefined) query['marker'] = options.marker;
    if (options.maxKeys !== undefined) query['max-keys'] = String(options.maxKeys);
    const res = await this.transport.send({ method: 'GET', query, idempotent: true, signal: options.signal });
    return parseListBucketsResult((await readAll(res)).toString('utf8'));
  }

  /** PutBucket; `acl` sets `x-oss-acl`. Returns the bucket's operations. */
  async createBucket(name: string, options: RequestOptions & { acl?: 'private' | 'public-read' | 'public-read-write' } = {}): Promise<Bucket> {
    assertBucketName(name);
    const headers: Record<string, string> = {};
    if (options.acl !== undefined) headers['x-oss-acl'] = options.acl;
    const res = await this.transport.send({ method: 'PUT', bucket: name, headers, idempotent: true, signal: options.signal });
    await discard(res);
    return new Bucket(this.transport, name);
  }

  /** DeleteBucket (the bucket must be empty). */
  async deleteBucket(name: string, options: RequestOptions = {}): Promise<void> {
    assertBucketName(name);
    const res = await this.transport.send({ method: 'DELETE', bucket: name, idempotent: true, signal: options.signal });
    await discard(res);
  }
}
