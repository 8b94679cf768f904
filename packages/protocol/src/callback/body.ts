/**
 * Rendering `callbackBody` templates with system and custom variables, oss-protocol.md §1.5–§1.6.
 * CONTRACT STUB: implemented by the protocol-callback task.
 */
import type { CallbackBodyType, CallbackVars } from './params.js';

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
 * Substitute `${var}` and `${x:name}` in a template. Form bodies get URL-encoded values; JSON
 * bodies get JSON strings for string variables and bare digits for size/imageInfo.width/height.
 * Unknown variables render as empty. Throws OssProtocolError('InvalidArgument') when a JSON
 * template does not render to valid JSON.
 */
export function renderCallbackBody(
  _template: string,
  _bodyType: CallbackBodyType,
  _system: CallbackSystemVars,
  _vars: CallbackVars,
): string {
  throw new Error('not implemented');
}
