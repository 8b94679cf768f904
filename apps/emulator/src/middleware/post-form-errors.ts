/**
 * OSS's limits on a PostObject form's fields and the OSS errors for breaking them or for a form
 * that is not well formed (docs/rest-api.md §5.11), each with the EC page it follows; post-form.ts
 * reads the form and throws them.
 */
import multer from 'multer';
import { OssProtocolError, ossError } from '@ossbox/protocol';

/**
 * OSS's limits on the form's fields: a field's value is at most 2 MB (EC page
 * https://help.aliyun.com/document_detail/480528.html, "value的大小不能超过2 MB"), and the values
 * before the file at most 8 MB together (EC page
 * https://www.alibabacloud.com/help/en/oss/user-guide/0006-00000112). busboy enforces the first
 * (multer's `fieldSize`), the second is summed as the fields arrive and refuses the form as soon
 * as it is passed.
 */
export const MAX_FIELD_VALUE_BYTES = 2 * 1024 * 1024;
export const MAX_FIELDS_BEFORE_FILE_BYTES = 8 * 1024 * 1024;
const FIELDS_BEFORE_FILE_EC = '0006-00000112';
export const MAX_FIELDS = 1000;
/**
 * A field's name is at most 8 KB (EC page https://help.aliyun.com/zh/oss/support/0006-00000110:
 * "某个key的大小超过8 KB", its example a 10 000-character name). multer counts characters.
 */
export const MAX_FIELD_NAME_LENGTH = 8 * 1024;
const FIELD_NAME_EC = '0006-00000110';

/** Marks an error from the blob store so it is not mistaken for a malformed body. */
export class StorageFailure extends Error {
  override readonly name = 'StorageFailure';
}

/**
 * EC page https://help.aliyun.com/en/oss/user-guide/0006-00000104: the form's fields are not
 * well-formed, or the body ended before the form did. Its causes are those of MalformedPOSTRequest
 * in OSS's PostObject error table
 * (https://www.alibabacloud.com/help/en/oss/how-to-handle-common-errors-when-the-postobject-operation-is-called).
 */
const MALFORMED_FORM_EC = '0006-00000104';

/**
 * EC page https://www.alibabacloud.com/help/ja/oss/support/0006-00000107: the form has no `file`
 * field. The 0006-00000104 page lists that cause too; 107 is the page for it alone (both show the
 * same form), as 103 is for a field after the file.
 */
const NO_FILE_EC = '0006-00000107';

/** A form without a `file` field (EC 0006-00000107). */
export function noFile(): OssProtocolError {
  return ossError('MalformedPOSTRequest', { ec: NO_FILE_EC });
}

/**
 * EC page https://www.alibabacloud.com/help/en/oss/support/0006-00000103: the `file` field is
 * not the last field of the form (its example: `OSSAccessKeyId`, `success_action_status` and
 * `signature` sent after the file). The 0006-00000104 page names the same cause; 103 is the page
 * whose example is exactly this form. OSS refuses it, it does not ignore the trailing fields.
 */
const FILE_NOT_LAST_EC = '0006-00000103';

/** The `file` field followed by another part that is not a file (EC 0006-00000103). */
export function fileNotLast(): OssProtocolError {
  return ossError('MalformedPOSTRequest', { ec: FILE_NOT_LAST_EC });
}

const HEADERLESS_PART_EC = '0006-00000109';

export function malformed(cause?: unknown): OssProtocolError {
  return ossError('MalformedPOSTRequest', {
    ec: MALFORMED_FORM_EC,
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * A field value over 2 MB. Its EC page (document 480528) does not show its EC number, and neither
 * page names the Code: FieldItemTooLong is OSS's code for "a form field is too long" [unverified
 * for these causes].
 */
function fieldTooLong(name: string): OssProtocolError {
  return ossError('FieldItemTooLong', { details: { ArgumentName: name } });
}

/**
 * A field name over 8 KB (EC 0006-00000110), with the HTTP 400 page's FieldItemTooLong message
 * (https://www.alibabacloud.com/help/en/oss/support/http-400-status-code).
 */
function fieldNameTooLong(): OssProtocolError {
  return ossError('FieldItemTooLong', { message: 'Your name of form field is too long.', ec: FIELD_NAME_EC });
}

/**
 * The fields before the file add up to more than 8 MB (EC 0006-00000112): MaxPOSTPreDataLengthExceededError,
 * the OSS error responses page's code for "the body besides the file too large"
 * (https://help.aliyun.com/document_detail/32005.htm).
 */
export function fieldsTooLarge(total: number): OssProtocolError | undefined {
  if (total <= MAX_FIELDS_BEFORE_FILE_BYTES) return undefined;
  return ossError('MaxPOSTPreDataLengthExceededError', { ec: FIELDS_BEFORE_FILE_EC });
}

/**
 * A part whose header block has no `Content-Disposition` (EC page
 * https://help.aliyun.com/zh/oss/support/0006-00000109, whose example sends
 * `Content: form-data; name="name"`): the form is not well formed.
 */
export function headerlessPart(): OssProtocolError {
  return ossError('MalformedPOSTRequest', { ec: HEADERLESS_PART_EC });
}

/** Map whatever multer/busboy/the engine failed with to the OSS error (never a 500 for bad input). */
export function toOssError(error: unknown): Error {
  if (error instanceof OssProtocolError) return error;
  if (error instanceof StorageFailure) return (error.cause as Error | undefined) ?? error;
  if (error instanceof multer.MulterError) {
    if (error.code === 'LIMIT_FIELD_VALUE') return fieldTooLong(error.field ?? '');
    if (error.code === 'LIMIT_FIELD_KEY') return fieldNameTooLong();
    return malformed(error);
  }
  // busboy's parse errors ("Unexpected end of form", "Malformed part header", no boundary, …) and
  // a request that ended early.
  return malformed(error);
}
