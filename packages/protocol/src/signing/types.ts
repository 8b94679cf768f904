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
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string>;
}
