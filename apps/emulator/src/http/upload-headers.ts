/**
 * Validating the request headers of the operations that create objects (PutObject, AppendObject,
 * CopyObject, InitiateMultipartUpload, UploadPart, PostObject fields): each documented header is
 * honoured, rejected the way OSS rejects it, or refused with NotImplemented — never dropped.
 * The table of every header and its outcome is in upload-headers.test.ts and docs/fidelity.md.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { ossError } from '@ossbox/protocol';
import type { ServerSideEncryption } from '../store/metadata-store.js';

/** A single header value (first of repeated ones). */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * https://www.alibabacloud.com/help/en/oss/developer-reference/putobject ("Request headers"):
 * `x-oss-server-side-encryption` is AES256, KMS or SM4; `-data-encryption` (SM4) and `-key-id`
 * apply to KMS only.
 */
const SSE_ALGORITHMS = ['AES256', 'KMS', 'SM4'];

/** The `x-oss-server-side-encryption*` headers, validated; undefined when absent. */
export function serverSideEncryptionFrom(headers: IncomingHttpHeaders): ServerSideEncryption | undefined {
  const algorithm = headerValue(headers, 'x-oss-server-side-encryption');
  const dataEncryption = headerValue(headers, 'x-oss-server-side-data-encryption');
  const keyId = headerValue(headers, 'x-oss-server-side-encryption-key-id');
  if (algorithm === undefined) {
    if (dataEncryption === undefined && keyId === undefined) return undefined;
    throw invalidSse('x-oss-server-side-encryption', '');
  }
  if (!SSE_ALGORITHMS.includes(algorithm)) throw invalidSse('x-oss-server-side-encryption', algorithm);
  if (dataEncryption !== undefined && (algorithm !== 'KMS' || dataEncryption !== 'SM4')) {
    throw invalidSse('x-oss-server-side-data-encryption', dataEncryption);
  }
  if (keyId !== undefined && (algorithm !== 'KMS' || keyId === '')) {
    // EC page 0005-00000205: an empty key id.
    throw ossError('InvalidArgument', {
      message: 'x-oss-server-side-encryption-key-id is valid only with KMS and must not be empty.',
      ...(keyId === '' ? { ec: '0005-00000205' } : {}),
      details: { ArgumentName: 'x-oss-server-side-encryption-key-id', ArgumentValue: keyId },
    });
  }
  return {
    algorithm,
    ...(dataEncryption === undefined ? {} : { dataEncryption }),
    ...(keyId === undefined ? {} : { keyId }),
  };
}

function invalidSse(name: string, value: string) {
  return ossError('InvalidEncryptionAlgorithmError', { details: { ArgumentName: name, ArgumentValue: value } });
}

/** Tag limits of https://www.alibabacloud.com/help/en/oss/developer-reference/putobjecttagging. */
const MAX_TAGS = 10;
const MAX_TAG_KEY = 128;
const MAX_TAG_VALUE = 256;
/**
 * Letters, digits, spaces and `+ - = . _ : /` (same page). Letters and digits are Unicode ones: the
 * EC pages name the rule "not UTF-8" (0010-00000216), and the official Python SDK's tests, run
 * against OSS, store and read back tags such as `中文=++中文++`; other symbols (`%`, `@`, `*`)
 * stay refused, as those tests also expect.
 */
const TAG_CHARACTERS = /^[\p{L}\p{N} +\-=._:/]*$/u;

function invalidTag(message: string, ec: string, value: string) {
  return ossError('InvalidTag', { message, ec, details: { ArgumentName: 'x-oss-tagging', ArgumentValue: value } });
}

/**
 * Check tags against OSS's limits and return them as a record (keys in order). InvalidTag with the
 * EC of the broken rule: more than 10 tags (0010-00000218), a repeated key (0010-00000210), a key
 * over 128 characters (0010-00000209), a value over 256 characters or a character outside the
 * allowed set (0010-00000217). `source` is the header or body echoed in the error.
 */
export function checkTags(tags: readonly { key: string; value: string }[], source: string): Record<string, string> {
  if (tags.length > MAX_TAGS) throw invalidTag(`An object can have at most ${MAX_TAGS} tags.`, '0010-00000218', source);
  const record: Record<string, string> = {};
  for (const { key, value } of tags) {
    if (Object.hasOwn(record, key)) throw invalidTag(`The tag key ${key} is repeated.`, '0010-00000210', source);
    if (key === '' || key.length > MAX_TAG_KEY) throw invalidTag(`Tag keys are 1 to ${MAX_TAG_KEY} characters.`, '0010-00000209', source);
    if (value.length > MAX_TAG_VALUE || !TAG_CHARACTERS.test(key) || !TAG_CHARACTERS.test(value)) {
      throw invalidTag(
        `Tag values are at most ${MAX_TAG_VALUE} characters; keys and values use letters, digits, spaces and + - = . _ : /.`,
        '0010-00000217',
        source,
      );
    }
    record[key] = value;
  }
  return record;
}

function decodeTagPart(part: string, header: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch (cause) {
    throw ossError('InvalidTag', { message: 'The tag is not URL-encoded.', ec: '0010-00000219', cause, details: { ArgumentName: 'x-oss-tagging', ArgumentValue: header } });
  }
}

/**
 * `x-oss-tagging: k1=v1&k2=v2` (URL-encoded keys and values; a bare `k` is an empty value), checked
 * by {@link checkTags}; undefined when absent. A pair that is not `key` or `key=value` is
 * InvalidTag with EC 0010-00000219.
 */
export function taggingFrom(headers: IncomingHttpHeaders): Record<string, string> | undefined {
  const header = headerValue(headers, 'x-oss-tagging');
  if (header === undefined) return undefined;
  if (header === '') return {};
  const tags = header.split('&').map((pair) => {
    const parts = pair.split('=');
    if (parts.length > 2 || parts[0] === '') throw invalidTag('Tags must be key or key=value pairs.', '0010-00000219', header);
    return { key: decodeTagPart(parts[0]!, header), value: decodeTagPart(parts[1] ?? '', header) };
  });
  return checkTags(tags, header);
}

/** Storage classes of https://www.alibabacloud.com/help/en/oss/developer-reference/putobject, as OSS spells them. */
const STORAGE_CLASSES = ['Standard', 'IA', 'Archive', 'ColdArchive', 'DeepColdArchive'];

/**
 * ECs of a storage class OSS does not know, by where it was sent (the EC pages name no Code):
 * - `object`: an upload's `x-oss-storage-class`, https://help.aliyun.com/zh/oss/support/0017-00000132,
 *   and https://www.alibabacloud.com/help/en/oss/user-guide/0017-00000131 when it is empty;
 * - `bucket`: PutBucket and CopyObject, https://help.aliyun.com/zh/oss/support/0013-00000101.
 */
const STORAGE_CLASS_ECS = {
  object: { empty: '0017-00000131', unknown: '0017-00000132' },
  bucket: { empty: '0013-00000101', unknown: '0013-00000101' },
} as const;

/**
 * A storage class as OSS spells it (matched case-insensitively); undefined when absent. An unknown
 * class is InvalidArgument (S3 answers InvalidStorageClass; OSS's EC pages name no code
 * [unverified]) with the EC of `where` ({@link STORAGE_CLASS_ECS}).
 */
export function parseStorageClass(value: string | undefined, argumentName: string, where: keyof typeof STORAGE_CLASS_ECS): string | undefined {
  if (value === undefined) return undefined;
  const known = STORAGE_CLASSES.find((name) => name.toLowerCase() === value.trim().toLowerCase());
  if (known === undefined) {
    const ecs = STORAGE_CLASS_ECS[where];
    throw ossError('InvalidArgument', {
      message: `The storage class must be one of ${STORAGE_CLASSES.join(', ')}.`,
      ec: value.trim() === '' ? ecs.empty : ecs.unknown,
      details: { ArgumentName: argumentName, ArgumentValue: value },
    });
  }
  return known;
}

/** `x-oss-storage-class`, else the bucket's class (objects inherit it). */
export function storageClassFrom(headers: IncomingHttpHeaders, bucketClass: string): string {
  return parseStorageClass(headerValue(headers, 'x-oss-storage-class'), 'x-oss-storage-class', 'object') ?? bucketClass;
}

/**
 * `x-oss-forbid-overwrite`: `true` or `false` (any case); anything else is InvalidArgument
 * (EC page 0017-00000279).
 */
export function forbidsOverwrite(headers: IncomingHttpHeaders): boolean {
  const value = headerValue(headers, 'x-oss-forbid-overwrite');
  if (value === undefined) return false;
  const lowered = value.trim().toLowerCase();
  if (lowered !== 'true' && lowered !== 'false') {
    throw ossError('InvalidArgument', {
      message: 'x-oss-forbid-overwrite must be true or false.',
      ec: '0017-00000279',
      details: { ArgumentName: 'x-oss-forbid-overwrite', ArgumentValue: value },
    });
  }
  return lowered === 'true';
}

/**
 * Documented upload headers of OSS features the emulator does not have; a request carrying one
 * answers NotImplemented instead of storing an object without the feature.
 */
const NOT_IMPLEMENTED_HEADERS: Record<string, string> = {
  'x-oss-server-side-encryption-context': 'KMS encryption contexts',
  'x-oss-object-worm-mode': 'object retention (WORM)',
  'x-oss-object-worm-retain-until-date': 'object retention (WORM)',
  'x-oss-server-side-encryption-customer-algorithm': 'customer-provided encryption keys',
};

/** Throw NotImplemented when the request asks for a feature ossbox does not have. */
export function refuseUnsupportedHeaders(headers: IncomingHttpHeaders): void {
  for (const [name, feature] of Object.entries(NOT_IMPLEMENTED_HEADERS)) {
    if (headers[name] !== undefined) {
      throw ossError('NotImplemented', { message: `The ${name} header (${feature}) is not supported by ossbox.` });
    }
  }
}

/** The conditional headers of reads, as OSS names them in errors. */
const CONDITION_HEADERS = ['If-Modified-Since', 'If-Unmodified-Since', 'If-Match', 'If-None-Match'];

/**
 * PutObject takes no conditional headers: one of If-Modified-Since, If-Unmodified-Since, If-Match
 * or If-None-Match is answered 400 NotImplemented naming it in `<Header>`, and nothing is stored
 * (EC page 0017-00000245, https://help.aliyun.com/en/oss/user-guide/0017-00000245; the official Go
 * SDK's TestPutObjectNegative expects the error). Storing the object regardless would let a
 * client that relies on the condition overwrite data it meant to protect.
 */
export function refuseWriteConditions(headers: IncomingHttpHeaders): void {
  for (const name of CONDITION_HEADERS) {
    if (headers[name.toLowerCase()] !== undefined) {
      throw ossError('NotImplemented', { status: 400, ec: '0017-00000245', details: { Header: name } });
    }
  }
}

/**
 * `x-oss-traffic-limit`: bits per second in [245760, 838860800] (100 KB/s to 100 MB/s), else
 * InvalidArgument (https://www.alibabacloud.com/help/en/oss/developer-reference/putobject). A
 * valid limit is accepted but not enforced: a local emulator has no bandwidth to share.
 */
export function checkTrafficLimit(headers: IncomingHttpHeaders): void {
  const value = headerValue(headers, 'x-oss-traffic-limit');
  if (value === undefined) return;
  const limit = /^\d{1,12}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!(limit >= 245_760 && limit <= 838_860_800)) {
    throw ossError('InvalidArgument', {
      message: 'x-oss-traffic-limit must be an integer between 245760 and 838860800.',
      details: { ArgumentName: 'x-oss-traffic-limit', ArgumentValue: value },
    });
  }
}
