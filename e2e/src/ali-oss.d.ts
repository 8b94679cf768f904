// The subset of the `ali-oss` client the interop tests use (the package ships no typings).
declare module 'ali-oss' {
  interface AliOssCallback {
    url: string;
    body: string;
    host?: string;
    contentType?: string;
    customValue?: Record<string, string>;
  }
  interface AliOssOptions {
    endpoint: string;
    accessKeyId: string;
    accessKeySecret: string;
    bucket: string;
    sldEnable?: boolean;
    cname?: boolean;
    secure?: boolean;
    region?: string;
    timeout?: number;
    authorizationV4?: boolean;
    /** STS SecurityToken of temporary credentials. */
    stsToken?: string;
    /** Called for fresh STS credentials every `refreshSTSTokenInterval` ms (default 5 min). */
    refreshSTSToken?: () => Promise<{ accessKeyId: string; accessKeySecret: string; stsToken: string }>;
    /** `'latin1'`: send non-Latin-1 header values as their UTF-8 bytes, and sign those bytes. */
    headerEncoding?: 'utf-8' | 'latin1';
  }
  interface AliOssResult {
    name?: string;
    etag?: string;
    /** The callback server's JSON when a callback was requested. */
    data?: unknown;
    res: { status: number; headers: Record<string, string> };
  }
  class OSS {
    constructor(options: AliOssOptions);
    /** V1 PostObject signature of a policy object: `{ OSSAccessKeyId, Signature, policy }`. */
    calculatePostSignature(policy: object): { OSSAccessKeyId: string; Signature: string; policy: string };
    /** V4 PostObject signature (hex) of a policy object signed at `date`. */
    signPostObjectPolicyV4(policy: object, date: Date): string;
    put(
      name: string,
      file: string | Buffer,
      options?: { callback?: AliOssCallback; meta?: Record<string, string> },
    ): Promise<AliOssResult>;
    /** HeadObject; `meta` holds the `x-oss-meta-*` values as received (Latin-1 strings). */
    head(name: string): Promise<AliOssResult & { meta: Record<string, string> | null }>;
    get(name: string): Promise<AliOssResult & { content: Buffer }>;
    multipartUpload(
      name: string,
      file: string | Buffer,
      options?: { partSize?: number; parallel?: number; callback?: AliOssCallback },
    ): Promise<AliOssResult>;
    /** Stream upload; with `contentLength` it sends that length (and its HTTP stack chunks the body). */
    putStream(name: string, stream: NodeJS.ReadableStream, options?: { contentLength?: number }): Promise<AliOssResult>;
    /** Copy an object of at least one part size through InitiateMultipartUpload + UploadPartCopy + Complete. */
    multipartUploadCopy(
      name: string,
      source: { sourceKey: string; sourceBucketName: string; startOffset?: number; endOffset?: number },
      options?: { partSize?: number; parallel?: number },
    ): Promise<AliOssResult>;
    head(name: string): Promise<AliOssResult & { status: number }>;
    /** PutObject with request headers (e.g. `x-oss-storage-class`). */
    put(name: string, file: Buffer, options: { headers: Record<string, string> }): Promise<AliOssResult>;
    /** GetObject; `process` adds `x-oss-process` (image processing). */
    get(name: string, file: null, options: { process?: string }): Promise<AliOssResult & { content: Buffer }>;
    /** A presigned GET URL; `process` is signed as the `x-oss-process` sub-resource. */
    signatureUrl(name: string, options?: { expires?: number; process?: string }): string;
    /** `POST /<source>?x-oss-process` with `<process>|sys/saveas,o_<b64 target>[,b_<b64 bucket>]`. */
    processObjectSave(sourceObject: string, targetObject: string, process: string, targetBucket?: string): Promise<{ status: number }>;
    putSymlink(name: string, targetName: string, options?: { meta?: Record<string, string> }): Promise<AliOssResult>;
    getSymlink(name: string): Promise<AliOssResult & { targetName: string }>;
    /** RestoreObject; `type` selects the body (ColdArchive and DeepColdArchive send a tier). */
    restore(name: string, options?: { type?: string; Days?: number; JobParameters?: string }): Promise<AliOssResult>;
    list(query: { prefix?: string } | null, options?: object): Promise<{ objects?: { name: string; type: string }[] }>;
    /** PutBucketCors: the rules replace the bucket's (`maxAgeSeconds` as a string, as ali-oss writes it). */
    putBucketCORS(
      bucket: string,
      rules: { allowedOrigin: string | string[]; allowedMethod: string[]; allowedHeader?: string | string[]; exposeHeader?: string[]; maxAgeSeconds?: string }[],
    ): Promise<{ res: { status: number } }>;
  }
  /** ali-oss's STS client (`lib/sts.js`): AssumeRole with the RPC signature. */
  interface StsCredentials {
    AccessKeyId: string;
    AccessKeySecret: string;
    SecurityToken: string;
    Expiration: string;
  }
  namespace OSS {
    class STS {
      constructor(options: { accessKeyId: string; accessKeySecret: string; endpoint?: string });
      assumeRole(
        role: string,
        policy?: object | string,
        expirationSeconds?: number,
        session?: string,
      ): Promise<{ credentials: StsCredentials; res: { status: number } }>;
    }
  }
  export default OSS;
}
