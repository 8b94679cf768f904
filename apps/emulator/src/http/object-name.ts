/**
 * The object naming rule, applied to every key a request names, wherever it comes from: the
 * request path (every object operation: Put/Get/Head/Delete, AppendObject, multipart, ACL,
 * tagging, symlink, restore, process), the PostObject `key` field, the CopyObject / UploadPartCopy
 * source (`x-oss-copy-source`), the PutSymlink target (`x-oss-symlink-target`), the ProcessObjectSave
 * target (`sys/saveas,o_…`), the keys of a DeleteMultipleObjects body and seeded files.
 *
 * OSS's rule (https://www.alibabacloud.com/help/en/oss/user-guide/object-naming-conventions):
 * UTF-8, 1 to 1023 bytes, not starting with `/` or `\`. Its EC pages give the error for each cause:
 * empty, 0016-00000001 (https://www.alibabacloud.com/help/en/oss/support/0016-00000001); too long,
 * 0016-00000003; a leading `/` or `\`, 0016-00000005
 * (https://www.alibabacloud.com/help/en/oss/support/0016-00000005); a name whose bytes are not
 * UTF-8, 0016-00000004 (https://help.aliyun.com/zh/oss/support/0016-00000004, a PutObject example).
 * That last one is not InvalidObjectName: the official PHP SDK's test against OSS
 * (OssClientObjectTest::testObjectKeyWithNonUTF8Name, a GBK key) expects 400 `InvalidArgument`,
 * "The characters encoding must be utf-8.". It covers percent-escapes that do not decode as UTF-8
 * (`%FF`, overlong forms, encoded surrogates `%ED%A0%80`), bytes given otherwise (`sys/saveas`)
 * and lone surrogates a JSON or XML source might carry.
 *
 * Control characters are accepted: the official Ruby SDK's live test (tests/test_object_key.rb,
 * key `"\x01\x0a\x0c\x07Pc"`) puts, lists and gets such a key on OSS, and OSS's ListObjects page
 * points to `encoding-type=url` for keys XML 1.0 cannot carry. The docs are silent on NUL, U+FFFE
 * and U+FFFF: they are refused ([decision], docs/fidelity.md), because no XML document can carry
 * them, not even as a character reference, so a listing without `encoding-type` or a
 * DeleteMultipleObjects body could never name such a key back; the official Android SDK
 * (`OSSUtils.validateObjectKey`) already refuses every control character but TAB before sending.
 */
import { ossError } from '@ossbox/protocol';
import { strictUtf8 } from '../strict-utf8.js';

/** OSS keys are 1-1023 bytes of UTF-8. */
export const MAX_OBJECT_NAME_BYTES = 1023;

// eslint-disable-next-line no-control-regex -- NUL is exactly what is refused
const UNLISTABLE = /[\u0000\uFFFE\uFFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** 400 InvalidArgument for a name whose bytes are not UTF-8 (EC 0016-00000004, see above). */
function notUtf8(): Error {
  return ossError('InvalidArgument', { message: 'The characters encoding must be utf-8.', ec: '0016-00000004' });
}

/** 400 InvalidObjectName for a UTF-8 name that no XML document could carry ([decision] above). */
function unlistable(): Error {
  return ossError('InvalidObjectName', {
    message: 'The object name must not contain NUL, U+FFFE or U+FFFF.',
    ec: '0016-00000002',
  });
}

/**
 * Check an object name against the rule above; returns it.
 *
 * @throws OssProtocolError 400 InvalidObjectName: empty (EC 0016-00000001), over 1023 bytes
 *   (0016-00000003), starting with `/` or `\` (0016-00000005), NUL, U+FFFE or U+FFFF
 *   (0016-00000002); 400 InvalidArgument for a lone surrogate (not UTF-8, 0016-00000004).
 */
export function validateObjectName(key: string): string {
  // Messages as OSS's "HTTP 400 errors" page lists them for InvalidObjectName
  // (https://www.alibabacloud.com/help/en/oss/support/http-400-status-code); the official Java
  // SDK's suite expects the length one, period included, of OSS (TestConstants.INVALID_OBJECT_NAME_ERR).
  if (key === '') throw ossError('InvalidObjectName', { message: 'The Object name can not be empty.', ec: '0016-00000001' });
  if (Buffer.byteLength(key, 'utf8') > MAX_OBJECT_NAME_BYTES) {
    throw ossError('InvalidObjectName', { message: 'The Length of Object name must be less than 1024.', ec: '0016-00000003' });
  }
  if (key.startsWith('/') || key.startsWith('\\')) {
    throw ossError('InvalidObjectName', { message: 'The specified object is not valid.', ec: '0016-00000005' });
  }
  if (LONE_SURROGATE.test(key)) throw notUtf8();
  if (UNLISTABLE.test(key)) throw unlistable();
  return key;
}

/**
 * Percent-decode a key (form-style, `+` as a space, when `plusIsSpace`) and check it with
 * {@link validateObjectName}. A malformed escape (`%`, `%zz`, `%A`) throws `malformed()`;
 * well-formed escapes whose bytes are not UTF-8 (`%FF`, a cut-off `%E4%B8`, `%ED%A0%80`) are
 * InvalidArgument, EC 0016-00000004 ("The characters encoding must be utf-8.").
 */
export function decodeObjectName(raw: string, options: { plusIsSpace: boolean; malformed: () => Error }): string {
  if (/%(?![0-9A-Fa-f]{2})/.test(raw)) throw options.malformed();
  let key: string;
  try {
    key = decodeURIComponent(options.plusIsSpace ? raw.replaceAll('+', ' ') : raw);
  } catch {
    // The escapes are well-formed (checked above): only bytes that are not UTF-8 get here.
    throw notUtf8();
  }
  return validateObjectName(key);
}

/** A key given as bytes (e.g. Base64 in `sys/saveas`), decoded as strict UTF-8 and checked. */
export function objectNameFromBytes(bytes: Uint8Array): string {
  const key = strictUtf8(bytes);
  if (key === undefined) throw notUtf8();
  return validateObjectName(key);
}
