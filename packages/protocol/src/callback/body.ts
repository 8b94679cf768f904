/**
 * Rendering `callbackBody` templates with system and custom variables, docs/callback-protocol.md §1.5–§1.6.
 * The substitution rules (URL encoding, JSON quoting, absent values) live in template.ts.
 */
import { OssProtocolError } from '../errors.js';
import type { CallbackBodyType, CallbackVars } from './params.js';
import { BAD_VARIABLE_MESSAGE, NOT_JSON_MESSAGE, NUMERIC_VARIABLES, isJson, parseTemplate, substitute, templateProblem } from './template.js';
import type { TemplateValue } from './template.js';

/** System variables available to a callback body. */
export interface CallbackSystemVars {
  bucket: string;
  object: string;
  /** ETag without quotes. */
  etag: string;
  size: number;
  mimeType: string;
  imageInfo?: { height: number; width: number; format: string };
  /** Decimal CRC-64. */
  crc64: string;
  /** Base64 MD5; PutObject and PostObject only. */
  contentMd5?: string;
  vpcId?: string;
  clientIp: string;
  reqId: string;
  /** `PutObject`, `PostObject` or `CompleteMultipartUpload`. */
  operation: string;
}

/**
 * Substitute `${var}` and `${x:name}` in a template. Form bodies get URL-encoded values (RFC 3986
 * unreserved characters kept, space as `%20`); JSON bodies get JSON strings for string variables
 * and bare digits for size/imageInfo.width/height (see template.ts for values inside string
 * literals and absent values). Unknown variables and custom variables not provided render as empty
 * (`""` in JSON). Throws OssProtocolError('InvalidArgument') when the template is not valid
 * (see {@link validateCallbackBodyTemplate}).
 *
 * @example
 * ```ts
 * renderCallbackBody('bucket=${bucket}&mimeType=${mimeType}&uid=${x:uid}',
 *   'application/x-www-form-urlencoded', system, { 'x:uid': '12345' });
 * // 'bucket=callback-test&mimeType=text%2Fplain&uid=12345'
 * renderCallbackBody('{"object":${object},"size":${size}}', 'application/json', system, {});
 * // '{"object":"test.txt","size":5}'
 * ```
 */
export function renderCallbackBody(
  template: string,
  bodyType: CallbackBodyType,
  system: CallbackSystemVars,
  vars: CallbackVars,
): string {
  const json = bodyType === 'application/json';
  const parts = parseTemplate(template, json);
  if (!parts) throw templateError(BAD_VARIABLE_MESSAGE, template);
  const body = substitute(parts, bodyType, (name) => lookupVariable(name, system, vars));
  if (json && !isJson(body)) throw templateError(NOT_JSON_MESSAGE, template);
  return body;
}

/**
 * Check a template before anything is stored: every variable written as `${name}`, and for
 * `application/json` a template that renders to JSON. Rendering cannot then fail for any values,
 * because the JSON rules make validity depend on the template only. Throws
 * OssProtocolError('InvalidArgument', status 400) with `ArgumentName: callback`.
 *
 * @example
 * ```ts
 * validateCallbackBodyTemplate('{"bucket":${bucket}}', 'application/json'); // ok
 * validateCallbackBodyTemplate('{"bucket":${bucket}', 'application/json');  // throws
 * ```
 */
export function validateCallbackBodyTemplate(template: string, bodyType: CallbackBodyType): void {
  const problem = templateProblem(template, bodyType);
  if (problem) throw templateError(problem, template);
}

function templateError(message: string, template: string): OssProtocolError {
  return new OssProtocolError('InvalidArgument', {
    message,
    status: 400,
    details: { ArgumentName: 'callback', ArgumentValue: template },
  });
}

function lookupVariable(name: string, system: CallbackSystemVars, vars: CallbackVars): TemplateValue {
  if (NUMERIC_VARIABLES.has(name)) {
    const value =
      name === 'size' ? system.size : name === 'imageInfo.height' ? system.imageInfo?.height : system.imageInfo?.width;
    return { value: value === undefined ? undefined : String(value), numeric: true };
  }
  if (name.startsWith('x:')) {
    return { value: Object.hasOwn(vars, name) ? vars[name] : undefined, numeric: false };
  }
  return { value: systemString(name, system), numeric: false };
}

/** String-valued system variables of §1.5; undefined for unknown names, which render empty. */
function systemString(name: string, system: CallbackSystemVars): string | undefined {
  switch (name) {
    case 'bucket':
      return system.bucket;
    case 'object':
      return system.object;
    case 'etag':
      return system.etag;
    case 'mimeType':
      return system.mimeType;
    case 'imageInfo.format':
      return system.imageInfo?.format;
    // A decimal string like the x-oss-hash-crc64ecma header, so JSON gets "123…" [unverified, §1.6].
    case 'crc64':
      return system.crc64;
    case 'contentMd5':
      return system.contentMd5;
    case 'vpcId':
      return system.vpcId;
    case 'clientIp':
      return system.clientIp;
    case 'reqId':
      return system.reqId;
    case 'operation':
      return system.operation;
    default:
      return undefined;
  }
}
