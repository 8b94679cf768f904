/**
 * `callbackBody` template parsing and substitution, docs/callback-protocol.md §1.5–§1.6. Internal module
 * shared by body.ts (rendering) and params.ts (validation before anything is stored).
 */
import type { CallbackBodyType } from './params.js';

/** One piece of a parsed template. */
export type TemplatePart =
  | { kind: 'text'; text: string }
  /** `inString`: the placeholder sits inside a JSON string literal of the template. */
  | { kind: 'var'; name: string; inString: boolean };

/** The system variables inserted into JSON bodies as bare digits (§1.6). */
export const NUMERIC_VARIABLES: ReadonlySet<string> = new Set(['size', 'imageInfo.height', 'imageInfo.width']);

/** A variable's value; `numeric` ones (NUMERIC_VARIABLES) are inserted as bare digits. */
export interface TemplateValue {
  value: string | undefined;
  numeric: boolean;
}

/** Message for a template whose variables are not all written as `${name}` (§1.7). */
export const BAD_VARIABLE_MESSAGE = 'The callbackBody contains a variable not written as ${var}.';
/** The documented message for a JSON body that is not JSON (§1.6, §1.7). */
export const NOT_JSON_MESSAGE = 'The callback configuration is not json format.';

/**
 * Split a template into literal text and `${name}` placeholders; undefined when a `${` is never
 * closed or names nothing (§1.7 "a variable not written as ${var}"). A `$` not followed by `{`
 * (including the `$(key)` of old doc prose) is literal text. For JSON bodies, tracks whether each
 * placeholder lies inside a string literal of the template.
 */
export function parseTemplate(template: string, json: boolean): TemplatePart[] | undefined {
  const parts: TemplatePart[] = [];
  let inString = false;
  let escaped = false;
  let textStart = 0;
  let i = 0;
  while (i < template.length) {
    if (template.startsWith('${', i)) {
      const close = template.indexOf('}', i + 2);
      if (close < 0 || close === i + 2) return undefined;
      if (i > textStart) parts.push({ kind: 'text', text: template.slice(textStart, i) });
      parts.push({ kind: 'var', name: template.slice(i + 2, close), inString: json && inString });
      i = close + 1;
      textStart = i;
      escaped = false;
      continue;
    }
    if (json) {
      const c = template[i];
      if (escaped) escaped = false;
      else if (inString && c === '\\') escaped = true;
      else if (c === '"') inString = !inString;
    }
    i++;
  }
  if (i > textStart) parts.push({ kind: 'text', text: template.slice(textStart) });
  return parts;
}

/**
 * Substitute values into parsed parts.
 *
 * Form bodies: each value is percent-encoded as UTF-8, leaving only RFC 3986 unreserved characters
 * (`A-Z a-z 0-9 - . _ ~`) as they are, so `/` → `%2F` as in the documented body
 * `mimeType=text%2Fplain` (§1.6) and a space → `%20`. Whether OSS writes `+` or `%20` for a space
 * is undocumented; `%20` decodes to a space under both form decoding and plain percent-decoding,
 * so every receiver reads the same value. Literal text is copied as is.
 *
 * JSON bodies [unverified beyond the Cloudreve capture, §1.6]: outside a string literal,
 * a string variable becomes a JSON string and a numeric one bare digits (`"size":${size}`), as OSS
 * did there. Inside a string literal (`"pic_info":"${imageInfo.width},${imageInfo.height}"`), the
 * digits go in bare, as in the capture, and a string variable goes in as its escaped content
 * without quotes (so the common `"key":"${object}"` stays valid JSON instead of `""k""`). A value
 * that is absent renders as `""` (string variables, unknown names, unset custom variables) or
 * `null` (image width/height of a non-image) outside a string, and as nothing inside one. OSS
 * leaves such variables empty, which would turn `"height":${imageInfo.height}` into invalid JSON
 * for every non-image upload; `null` keeps the body parseable. With these rules whether the result
 * parses depends only on the template, never on the values, so a template can be checked once,
 * before the upload is stored.
 */
export function substitute(
  parts: readonly TemplatePart[],
  bodyType: CallbackBodyType,
  lookup: (name: string) => TemplateValue,
): string {
  const json = bodyType === 'application/json';
  let out = '';
  for (const part of parts) {
    if (part.kind === 'text') {
      out += part.text;
      continue;
    }
    const { value, numeric } = lookup(part.name);
    if (!json) out += formEncode(value ?? '');
    else if (numeric) out += value ?? (part.inString ? '' : 'null');
    else {
      const quoted = JSON.stringify(value ?? '');
      out += part.inString ? quoted.slice(1, -1) : quoted;
    }
  }
  return out;
}

/**
 * Why a template cannot be used with a body type (a message for InvalidArgument), or undefined
 * when it can: bad `${...}` syntax, or a JSON template that does not render to JSON.
 */
export function templateProblem(template: string, bodyType: CallbackBodyType): string | undefined {
  const json = bodyType === 'application/json';
  const parts = parseTemplate(template, json);
  if (!parts) return BAD_VARIABLE_MESSAGE;
  // Sample values of the right kind: size is always known, image width/height may be absent.
  const sample = (name: string): TemplateValue =>
    NUMERIC_VARIABLES.has(name) ? { value: name === 'size' ? '0' : undefined, numeric: true } : { value: undefined, numeric: false };
  if (json && !isJson(substitute(parts, bodyType, sample))) {
    return NOT_JSON_MESSAGE;
  }
  return undefined;
}

/** Whether a text parses as JSON. */
export function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const HEX = '0123456789ABCDEF';

function formEncode(value: string): string {
  // Encode the UTF-8 bytes ourselves: encodeURIComponent throws on lone surrogates, and a custom
  // variable can carry one (`"\ud800"` is valid JSON).
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const unreserved =
      (byte >= 0x30 && byte <= 0x39) || // 0-9
      (byte >= 0x41 && byte <= 0x5a) || // A-Z
      (byte >= 0x61 && byte <= 0x7a) || // a-z
      byte === 0x2d || byte === 0x2e || byte === 0x5f || byte === 0x7e; // - . _ ~
    out += unreserved ? String.fromCharCode(byte) : `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
  }
  return out;
}
