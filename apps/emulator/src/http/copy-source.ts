/** The `x-oss-copy-source: /<bucket>/<url-encoded key>` header of CopyObject and UploadPartCopy (§5.7, §5.10). */
import { ossError } from '@ossbox/protocol';
import type { IncomingHttpHeaders } from 'node:http';
import { headerValue } from './object-headers.js';
import { decodeObjectName } from './object-name.js';

/** Bucket and decoded key of the copy source. */
export interface CopySource {
  bucket: string;
  key: string;
}

/**
 * ECs of a malformed copy source: CopyObject, https://help.aliyun.com/zh/oss/user-guide/0016-00000304;
 * UploadPartCopy, https://help.aliyun.com/en/oss/user-guide/0042-00000301 (…/0042-00000302 when
 * the header is empty).
 */
const COPY_SOURCE_ECS = { object: '0016-00000304', part: '0042-00000301', emptyPart: '0042-00000302' } as const;

/**
 * Parse the copy-source header; undefined when absent, InvalidArgument when malformed (with the EC
 * of CopyObject, or of UploadPartCopy when `forPart`).
 */
export function parseCopySource(headers: IncomingHttpHeaders, forPart = false): CopySource | undefined {
  const raw = headerValue(headers, 'x-oss-copy-source');
  if (raw === undefined) return undefined;
  const ec = !forPart ? COPY_SOURCE_ECS.object : raw.trim() === '' ? COPY_SOURCE_ECS.emptyPart : COPY_SOURCE_ECS.part;
  const invalid = (cause?: unknown) =>
    ossError('InvalidArgument', {
      message: 'Copy Source must mention the source bucket and key: /sourcebucket/sourcekey.',
      ec,
      details: { ArgumentName: 'x-oss-copy-source', ArgumentValue: raw },
      cause,
    });
  // Both EC pages give the format as `/source-bucket/source-key`; 0042-00000301 names a value
  // without the leading `/` as a cause. The official SDKs all send it (ali-oss `_getSourceName`).
  if (!raw.startsWith('/')) throw invalid();
  const path = raw.slice(1);
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) throw invalid();
  let bucket: string;
  try {
    bucket = decodeURIComponent(path.slice(0, slash));
  } catch (error) {
    throw invalid(error);
  }
  // Drop a `?versionId=` suffix: versioning is not emulated. The key obeys the naming rule of
  // every key (InvalidObjectName), its escapes must be well-formed (InvalidArgument).
  const rawKey = path.slice(slash + 1).split('?')[0]!;
  return { bucket, key: decodeObjectName(rawKey, { plusIsSpace: false, malformed: () => invalid() }) };
}
