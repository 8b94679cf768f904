/**
 * Server side of Signature V2 (v2.ts): the `OSS2` Authorization header and presigned URLs with
 * `x-oss-signature-version=OSS2`. Each malformed part has the EC OSS documents for it
 * (https://www.alibabacloud.com/help/en/oss/user-guide/0002-00000103 … 0002-00000112 for the
 * header; 0002-00000076/77/78, 0002-00000113 and 0002-00000118 for URLs).
 */
import { invalidAuthArgument, invalidAuthorizationHeader, requestExpired, signatureDoesNotMatch } from './auth-errors.js';
import { compareBytes, headerValue, lowercaseHeaderNames } from './canonical-text.js';
import { signaturesEqual } from './hmac.js';
import type { SignableRequest } from './types.js';
import { buildStringToSignV2, signatureV2, V2_ALGORITHM } from './v2.js';
import type { AuthResult, VerifyContext } from './verify-context.js';
import { checkHeaderDate, secretFor, withToken } from './verify-context.js';

/** The faults of an AdditionalHeaders list, each with its EC (header form, URL form). */
interface AdditionalHeaderFaults {
  empty: (value: string) => Error;
  emptyItem: (value: string) => Error;
  absent: (value: string, name: string) => Error;
}

/**
 * Parse `a;b` into lowercased names, each present in the request, sorted as the string to sign
 * lists them (v2.ts). OSS refuses an empty list, an empty item and a name the request does not
 * carry. The order sent does not matter: the official Python SDK (oss2 `AuthV2`) sends the names
 * in the order of a Python set and signs them sorted, so `range;if-modified-since` arrives as
 * often as `if-modified-since;range` (its test_modified_since under AuthV2).
 */
function parseAdditionalHeaders(req: SignableRequest, value: string | undefined, faults: AdditionalHeaderFaults): string[] {
  if (value === undefined) return [];
  if (value.trim() === '') throw faults.empty(value);
  const present = new Set(lowercaseHeaderNames(req.headers));
  return value.split(';').map((item) => {
    const name = item.trim().toLowerCase();
    if (name === '') throw faults.emptyItem(value);
    if (!present.has(name)) throw faults.absent(value, name);
    return name;
  }).sort(compareBytes);
}

function checkSignature(
  req: SignableRequest,
  secret: string,
  dateLine: string,
  query: Record<string, string>,
  additional: string[],
  provided: string,
  accessKeyId: string,
): void {
  const stringToSign = buildStringToSignV2(req, dateLine, query, additional);
  if (!signaturesEqual(signatureV2(secret, stringToSign), provided)) {
    throw signatureDoesNotMatch({ stringToSign, signatureProvided: provided, accessKeyId });
  }
}

/** Split `AccessKeyId:…,AdditionalHeaders:…,Signature:…` (spaces around `,` tolerated). */
function parseV2HeaderFields(header: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of header.slice(V2_ALGORITHM.length + 1).split(',')) {
    const colon = part.indexOf(':');
    if (colon <= 0) {
      throw invalidAuthorizationHeader(header, `Cannot parse "${part.trim()}"; expected key:value.`, '0002-00000103');
    }
    fields.set(part.slice(0, colon).trim(), part.slice(colon + 1).trim());
  }
  return fields;
}

function requiredField(fields: Map<string, string>, header: string, name: string, missingEc: string, emptyEc: string): string {
  const value = fields.get(name);
  if (value === undefined) throw invalidAuthorizationHeader(header, `The ${name} field is missing.`, missingEc);
  if (value === '') throw invalidAuthorizationHeader(header, `The ${name} field is empty.`, emptyEc);
  return value;
}

/** Verify `Authorization: OSS2 AccessKeyId:<id>[,AdditionalHeaders:<a;b>],Signature:<sig>`. */
export function verifyV2Header(req: SignableRequest, ctx: VerifyContext, header: string): AuthResult {
  const fields = parseV2HeaderFields(header);
  const accessKeyId = requiredField(fields, header, 'AccessKeyId', '0002-00000105', '0002-00000106');
  const provided = requiredField(fields, header, 'Signature', '0002-00000108', '0002-00000109');
  const additional = parseAdditionalHeaders(req, fields.get('AdditionalHeaders'), {
    empty: () => invalidAuthorizationHeader(header, 'The AdditionalHeaders field is empty.', '0002-00000110'),
    emptyItem: () => invalidAuthorizationHeader(header, 'The AdditionalHeaders field has an empty item.', '0002-00000111'),
    absent: (_value, name) =>
      invalidAuthorizationHeader(header, `AdditionalHeaders names "${name}", which the request does not carry.`, '0002-00000112'),
  });
  const secret = secretFor(ctx, accessKeyId);
  checkHeaderDate(ctx, req);
  const dateLine = headerValue(req.headers, 'x-oss-date') ?? headerValue(req.headers, 'date') ?? '';
  checkSignature(req, secret, dateLine, req.query, additional, provided, accessKeyId);
  return withToken({ kind: 'v2' as const, accessKeyId }, headerValue(req.headers, 'x-oss-security-token'));
}

function requiredParam(req: SignableRequest, name: string, ec?: string): string {
  const value = req.query[name];
  if (value === undefined || value === '') {
    throw invalidAuthArgument(name, value ?? '', `The presigned V2 URL lacks the ${name} parameter.`, ec);
  }
  return value;
}

/** Verify a URL presigned with `x-oss-signature-version=OSS2` (absolute `x-oss-expires`). */
export function verifyPresignedV2(req: SignableRequest, ctx: VerifyContext): AuthResult {
  const accessKeyId = requiredParam(req, 'x-oss-access-key-id');
  const expiresText = requiredParam(req, 'x-oss-expires', '0002-00000113');
  const provided = requiredParam(req, 'x-oss-signature', '0002-00000118');
  if (!/^\d{1,15}$/.test(expiresText)) {
    throw invalidAuthArgument('x-oss-expires', expiresText, 'x-oss-expires must be a Unix time in seconds.');
  }
  const name = 'x-oss-additional-headers';
  const additional = parseAdditionalHeaders(req, req.query[name], {
    empty: (value) => invalidAuthArgument(name, value, `The ${name} parameter is empty.`, '0002-00000076'),
    emptyItem: (value) => invalidAuthArgument(name, value, `The ${name} parameter has an empty item.`, '0002-00000077'),
    absent: (value, header) =>
      invalidAuthArgument(name, value, `${name} names "${header}", which the request does not carry.`, '0002-00000078'),
  });
  const secret = secretFor(ctx, accessKeyId);
  const expiresAt = new Date(Number(expiresText) * 1000);
  if (expiresAt.getTime() < ctx.now.getTime()) throw requestExpired(expiresAt, ctx.now);

  const query = { ...req.query };
  delete query['x-oss-signature'];
  checkSignature(req, secret, expiresText, query, additional, provided, accessKeyId);
  return withToken({ kind: 'presigned-v2' as const, accessKeyId }, req.query['security-token']);
}
