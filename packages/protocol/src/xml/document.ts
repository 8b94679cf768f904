/**
 * The one hardened XML reader/writer every OSS body goes through (fast-xml-parser underneath).
 * Reading is strict (well-formedness check, one root, no DTD, only XML's own entities) and keeps
 * every text value as a string: keys such as `0123` and ETags must never be turned into numbers.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import type { EntityDecoderOptions } from 'fast-xml-parser';

/** Largest XML text (in UTF-16 code units) the readers accept; larger input is rejected as malformed. */
export const MAX_XML_LENGTH = 16 * 1024 * 1024;

/** A parsed element: its text, or its children by name (repeated children become arrays). */
export type XmlNode = string | XmlElement;
/** Children of an element by name. */
export interface XmlElement {
  [name: string]: XmlNode | XmlNode[] | undefined;
}

/** Raised by {@link readXmlDocument} for input that is not a single, well-formed XML element. */
export class XmlSyntaxError extends Error {
  override readonly name = 'XmlSyntaxError';
}

const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * What a character reference may designate: XML 1.0 `Char`, plus the C0 controls XML 1.1 allows as
 * references (`&#x1;`…`&#x1F;` but not `&#x0;`), which is how S3 listings and the v2 SDKs'
 * DeleteMultipleObjects bodies (Go `&#x1;`, Python `&#01;`) carry keys containing them. Raw C0
 * characters, which OSS writes (see {@link escapeXmlText}), are read as they are.
 */
function isXmlChar(cp: number): boolean {
  return (
    (cp >= 0x1 && cp <= 0x1f) ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/**
 * Decodes the five predefined entities and numeric character references in one pass (so
 * `&amp;#65;` stays `&#65;`) and refuses anything else. fast-xml-parser's default decoder leaves
 * numeric references undecoded; DTD entities are never honoured (the document is rejected first).
 */
function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([^;&]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(';')) throw new XmlSyntaxError(`Bare "&" in text`);
    const named = PREDEFINED_ENTITIES[body];
    if (named !== undefined) return named;
    const numeric = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(body);
    if (numeric) {
      const cp = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2] ?? '', 10);
      if (isXmlChar(cp)) return String.fromCodePoint(cp);
    }
    throw new XmlSyntaxError(`Unsupported entity reference "${whole}"`);
  });
}

const entityDecoder: EntityDecoderOptions = {
  setExternalEntities: () => undefined,
  addInputEntities: () => undefined,
  reset: () => undefined,
  setXmlVersion: () => undefined,
  decode: decodeXmlText,
};

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  // Values are significant byte for byte (keys may start or end with spaces).
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  entityDecoder,
  removeNSPrefix: true,
  maxNestedTags: 32,
});

/**
 * Parse an XML document into `{ rootName, root }`. Throws {@link XmlSyntaxError} when the text is
 * not well formed, has a DOCTYPE (no entity expansion of any kind), has several root elements,
 * or is longer than {@link MAX_XML_LENGTH}.
 */
export function readXmlDocument(xml: string): { rootName: string; root: XmlNode } {
  if (typeof xml !== 'string') throw new XmlSyntaxError('XML input must be a string');
  if (xml.length > MAX_XML_LENGTH) throw new XmlSyntaxError('XML document too large');
  // A leading BOM is legal XML; the validator does not know it.
  const text = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) throw new XmlSyntaxError('DTDs are not allowed');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new XmlSyntaxError(valid.err.msg);
  let parsed: unknown;
  try {
    parsed = parser.parse(text);
  } catch (err) {
    if (err instanceof XmlSyntaxError) throw err;
    throw new XmlSyntaxError(err instanceof Error ? err.message : String(err));
  }
  const names = Object.keys(parsed as object).filter((name) => name !== '#text');
  const rootName = names[0];
  if (names.length !== 1 || rootName === undefined) throw new XmlSyntaxError('Expected exactly one root element');
  const root = (parsed as Record<string, unknown>)[rootName];
  if (Array.isArray(root)) throw new XmlSyntaxError('Expected exactly one root element');
  return { rootName, root: dropMixedText(root as XmlNode) };
}

/** Drop the text between child elements (indentation); OSS schemas have no mixed content. */
function dropMixedText(node: XmlNode): XmlNode {
  if (typeof node === 'string') return node;
  const out: XmlElement = {};
  for (const [name, child] of Object.entries(node)) {
    if (name === '#text' || child === undefined) continue;
    out[name] = Array.isArray(child) ? child.map(dropMixedText) : dropMixedText(child);
  }
  return out;
}

/**
 * Format a date as OSS writes it in every XML body: ISO 8601 with whole seconds and a literal
 * `.000` fraction, e.g. `2026-11-30T17:33:42.000Z` (the form of every example in the API reference,
 * e.g. https://www.alibabacloud.com/help/en/oss/developer-reference/listobjects). The official
 * Python SDK parses only this form (`oss2/utils.py`, `_ISO8601_FORMAT = "%Y-%m-%dT%H:%M:%S.000Z"`),
 * so milliseconds are truncated, never rounded up. `Last-Modified` headers use RFC 1123 instead.
 *
 * @example
 * formatXmlDate(new Date('2026-11-30T17:33:42.922Z')); // '2026-11-30T17:33:42.000Z'
 */
export function formatXmlDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}.000Z`;
}

/**
 * A value the writer can serialize: text, a date (always written with {@link formatXmlDate}),
 * a child element, or repeated child elements.
 */
export type XmlValue = string | number | boolean | Date | XmlTree | XmlTree[] | string[] | undefined;
/** Children of an element in document order; `undefined` children are left out. */
export interface XmlTree {
  [name: string]: XmlValue;
}

const builder = new XMLBuilder({
  format: true,
  indentBy: '  ',
  // Text is escaped by escapeText below, which also covers what the builder's escaping does not.
  processEntities: false,
  suppressEmptyNode: false,
});

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };

/**
 * Escape markup characters for element text and write CR as a reference (parsers would normalize
 * it away). Other C0 control characters are written as they are, as OSS writes keys containing
 * them when no `encoding-type` is asked for: the ListObjects reference says XML 1.0 cannot parse
 * them in names and offers `encoding-type=url` for that, and the official ali-oss suite, run
 * against OSS without `encoding-type`, reads a key with `\x01\x0a\x0c\x07` back from list() and
 * deleteMulti() through sax, which takes the raw characters and refuses references to them
 * (`&#x1;`, what S3 writes) since sax 1.4. Our reader takes both; `encoding-type=url` (which
 * every other official SDK's listing sends) gives `%01`. What no XML version can carry (NUL,
 * U+FFFE, U+FFFF, lone surrogates) becomes U+FFFD. Quotes stay literal, as in OSS bodies
 * (`<ETag>"…"</ETag>`).
 */
export function escapeXmlText(text: string): string {
  return text
    .replace(
      // eslint-disable-next-line no-control-regex
      /[\u0000\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      '\uFFFD',
    )
    .replace(/[&<>\r]/g, (c) => ESCAPES[c] ?? c);
}

function prepare(value: XmlValue): unknown {
  if (value instanceof Date) return formatXmlDate(value);
  if (Array.isArray(value)) return value.map((item) => prepare(item));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(value)) if (child !== undefined) out[name] = prepare(child);
    return out;
  }
  return escapeXmlText(String(value));
}

/**
 * Serialize one root element (children, or just text) with the XML declaration OSS always sends
 * (docs/rest-api.md §5.2), two-space indentation, children in object order, and every text escaped.
 */
export function writeXmlDocument(rootName: string, root: XmlTree | string): string {
  const body =
    typeof root === 'string'
      ? `<${rootName}>${escapeXmlText(root)}</${rootName}>`
      : (builder.build({ [rootName]: prepare(root) }) as string);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body.trimEnd()}\n`;
}
