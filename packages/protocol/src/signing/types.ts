/** Types shared by the V1 and V4 signers and verifiers. */

/** An access key pair, optionally with an STS security token. */
export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/**
 * The parts of an HTTP request that OSS signatures cover. Header names may be in any case.
 * `query` holds the **decoded** query parameters; a flag parameter such as `?acl` has value `''`.
 */
export interface SignableRequest {
  method: string;
  /** Bucket name; undefined for service-level requests (ListBuckets). */
  bucket?: string;
  /** Decoded object key; undefined for bucket-level requests. */
  key?: string;
  /**
   * A path-style bucket-level request whose path is `/bucket`, with no trailing slash. The V1
   * resource is then `/bucket`, as the path spells it: the PHP SDK signs bucket requests to an IP
   * endpoint that way (it sends `/bucket` and signs `/bucket`), where other SDKs send and sign
   * `/bucket/`. Verifiers accept either form for such a path.
   */
  bareBucketPath?: boolean;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string>;
}
