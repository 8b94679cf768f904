/**
 * ETags as every @ossbox/sdk result carries them: bare (`5D41402ABC4B2A76B9719D911017C592`),
 * never quoted. OSS quotes them everywhere it sends them, in the `ETag` header and in XML bodies
 * (`<ETag>"5D41…"</ETag>` in ListObjects, ListParts, CopyObjectResult,
 * CompleteMultipartUploadResult: https://www.alibabacloud.com/help/en/oss/developer-reference/listobjects),
 * so every ETag the SDK reads goes through {@link bareEtag} here, and the one place the SDK sends
 * ETags back (the CompleteMultipartUpload body) quotes them with {@link quotedEtag}.
 */

/** The ETag without its surrounding quotes (`"ABC"` → `ABC`; already bare stays as is). */
export function bareEtag(etag: string): string;
export function bareEtag(etag: string | undefined): string | undefined;
export function bareEtag(etag: string | undefined): string | undefined {
  return etag?.replace(/^"|"$/g, '');
}

/** The ETag in quotes, as OSS expects it in a CompleteMultipartUpload body. */
export function quotedEtag(etag: string): string {
  return `"${bareEtag(etag)}"`;
}

/** A listing result whose entries' ETags are bare: the same object with new entry arrays. */
export function withBareEtags<R, K extends keyof R>(result: R, field: K): R {
  const entries = result[field] as unknown as Array<{ etag: string }>;
  return { ...result, [field]: entries.map((entry) => ({ ...entry, etag: bareEtag(entry.etag) })) };
}
