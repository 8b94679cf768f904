/**
 * OSS error codes, their HTTP status and default message (oss-protocol.md §5.6), the error
 * object thrown by protocol validators, and the OSS error XML (render + parse, x-oss-err).
 * CONTRACT STUB: implemented by the protocol-errors-xml task.
 */

/** One row of the OSS error table. */
export interface OssErrorSpec {
  status: number;
  message: string;
  ec?: string;
}

/** Every OSS error code ossbox emits or understands, with its HTTP status and default message. */
export const OSS_ERRORS = {} as Record<string, OssErrorSpec>;

/** A known OSS error code (string, to let unknown server codes through). */
export type OssErrorCode = string;

/** Options when creating a protocol error. */
export interface OssProtocolErrorOptions {
  message?: string;
  /** EC value, e.g. `0007-00000102`. */
  ec?: string;
  /** Extra child elements rendered into the error XML, e.g. `{ ArgumentName: 'callback' }`. */
  details?: Record<string, string>;
  /** Overrides the table status (rarely needed). */
  status?: number;
  cause?: unknown;
}

/**
 * An OSS error as the server would return it. Thrown by protocol validators (callback params,
 * signatures, policies, XML parsing) and by emulator handlers; rendered by one middleware.
 */
export class OssProtocolError extends Error {
  readonly code: string;
  readonly status: number;
  readonly ec: string | undefined;
  readonly details: Record<string, string>;
  constructor(code: string, options: OssProtocolErrorOptions = {}) {
    super(options.message ?? code);
    this.code = code;
    this.status = options.status ?? 400;
    this.ec = options.ec;
    this.details = options.details ?? {};
  }
}

/** Fields of an OSS `<Error>` document. */
export interface ErrorDocument {
  code: string;
  message: string;
  requestId: string;
  hostId: string;
  ec?: string;
  /** Other child elements (Key, BucketName, ArgumentName, StringToSign, …). */
  details?: Record<string, string>;
}

/** Render the OSS error XML (with the XML declaration and RecommendDoc when an EC is set). */
export function renderErrorXml(_doc: ErrorDocument): string {
  throw new Error('not implemented');
}

/** Parse an OSS error XML body; returns undefined when the text is not an `<Error>` document. */
export function parseErrorXml(_xml: string): ErrorDocument | undefined {
  throw new Error('not implemented');
}
