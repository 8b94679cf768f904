/**
 * What an upload may store to be sent back as a response header later: user metadata names
 * (`x-oss-meta-<name>`) and the values of every stored header (Content-Type, Content-Disposition,
 * Cache-Control, …, user metadata).
 *
 * Request headers can only carry what Node's parser let through, but PostObject form fields can
 * carry anything a page puts in a `FormData`: a field named `x-oss-meta-名字`, or a textarea's
 * multi-line text in `x-oss-meta-note` or `Content-Disposition`. Stored as they are, such an object
 * could never be read again (every GET and HEAD would fail writing its headers), so the upload is
 * refused before anything is stored.
 */
import { validateHeaderValue } from 'node:http';
import { headerBytes, ossError } from '@ossbox/protocol';

/**
 * User metadata names are letters, digits and hyphens (EC page 0011-00000004:
 * https://www.alibabacloud.com/help/en/oss/user-guide/0011-00000004; uppercase arrives lowercased).
 */
const USER_META_NAME = /^[a-z0-9-]+$/i;

/**
 * Throws 400 InvalidArgument (EC 0011-00000004) when `name` (without `x-oss-meta-`) has a
 * character OSS refuses in a user metadata name, such as `_`, a space or a non-ASCII letter.
 * The error code is [unverified]: the EC page names the rule, not the code.
 */
export function checkUserMetaName(name: string): void {
  if (USER_META_NAME.test(name)) return;
  throw ossError('InvalidArgument', {
    message: `The user metadata name x-oss-meta-${name} is invalid: it may contain only letters, digits and hyphens.`,
    ec: '0011-00000004',
    details: { ArgumentName: `x-oss-meta-${name}`, ArgumentValue: '' },
  });
}

/** Most bytes of user metadata an object may carry: names (`x-oss-meta-` included) and values. */
export const MAX_USER_META_BYTES = 8 * 1024;

/**
 * Throws 400 InvalidArgument (EC 0011-00000002) when the user metadata (`x-oss-meta-<name>` names
 * and their values) adds up to more than 8 KB: "the total size of all user metadata cannot exceed
 * 8 KB" (PutObject and PostObject references; EC page
 * https://help.aliyun.com/en/oss/user-guide/0011-00000002). The code is [unverified]: the EC page
 * names the rule, not the code. A PostObject form can carry megabytes of it, headers up to Node's
 * 16 KB header limit.
 */
export function checkUserMetaSize(userMeta: Readonly<Record<string, string>>): void {
  let total = 0;
  for (const [name, value] of Object.entries(userMeta)) total += Buffer.byteLength(`x-oss-meta-${name}`) + Buffer.byteLength(value);
  if (total <= MAX_USER_META_BYTES) return;
  throw ossError('InvalidArgument', {
    message: `Your user metadata is ${total} bytes, over the ${MAX_USER_META_BYTES} bytes allowed.`,
    ec: '0011-00000002',
  });
}

/**
 * Throws 400 InvalidArgument when `value` cannot be sent back as the value of header `name`
 * (a control character such as CR or LF; text beyond ASCII is fine, it goes out as its UTF-8
 * bytes, see ../middleware/header-text.ts). OSS documents no error for this (only PostObject
 * fields can carry such a value) [unverified].
 */
export function checkStoredHeaderValue(name: string, value: string): void {
  try {
    validateHeaderValue(name, headerBytes(value));
  } catch {
    throw ossError('InvalidArgument', {
      message: `The value of ${name} contains a character that is not allowed in an HTTP header, such as a line break.`,
      details: { ArgumentName: name, ArgumentValue: value },
    });
  }
}
