/**
 * Typed accessors over a parsed OSS XML body. Every failure (not well formed, wrong root, missing
 * or mistyped required element) becomes OssProtocolError('MalformedXML'), as OSS answers.
 */
import { OssProtocolError } from '../errors.js';
import { readXmlDocument } from './document.js';
import type { XmlElement, XmlNode } from './document.js';

/** A MalformedXML error whose cause says what was wrong. */
export function malformedXml(reason: string, cause?: unknown): OssProtocolError {
  return new OssProtocolError('MalformedXML', { cause: cause ?? new Error(reason) });
}

/** An element's node reduced to children; whitespace-only text counts as no children. */
function asElement(node: XmlNode, name: string): XmlElement {
  if (typeof node !== 'string') return node;
  if (node.trim() === '') return {};
  throw malformedXml(`<${name}> must contain elements, not text`);
}

/** The root of a document that must be one well-formed `<rootName>` element (else MalformedXML). */
export function readNamedRoot(xml: string, rootName: string): XmlNode {
  let doc: ReturnType<typeof readXmlDocument>;
  try {
    doc = readXmlDocument(xml);
  } catch (err) {
    throw malformedXml(err instanceof Error ? err.message : String(err), err);
  }
  if (doc.rootName !== rootName) throw malformedXml(`Expected <${rootName}>, found <${doc.rootName}>`);
  return doc.root;
}

/** Parse `xml` and return its root element's children; the root must be named `rootName`. */
export function readRoot(xml: string, rootName: string): XmlElement {
  return asElement(readNamedRoot(xml, rootName), rootName);
}

/** Parse `xml` whose root element `rootName` holds only text, and return that text. */
export function readRootText(xml: string, rootName: string): string {
  const root = readNamedRoot(xml, rootName);
  if (typeof root !== 'string') throw malformedXml(`<${rootName}> must contain text`);
  return root;
}

function own(node: XmlElement, name: string): XmlNode | XmlNode[] | undefined {
  return Object.hasOwn(node, name) ? node[name] : undefined;
}

/** Every `<name>` child, in document order (one child or many, always an array). */
export function children(node: XmlElement, name: string): XmlElement[] {
  const value = own(node, name);
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((child) => asElement(child, name));
}

/** The single `<name>` child, or undefined; repeated elements are malformed. */
export function child(node: XmlElement, name: string): XmlElement | undefined {
  const value = own(node, name);
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw malformedXml(`<${name}> must appear once`);
  return asElement(value, name);
}

/** The single required `<name>` child. */
export function requiredChild(node: XmlElement, name: string): XmlElement {
  const value = child(node, name);
  if (value === undefined) throw malformedXml(`Missing <${name}>`);
  return value;
}

/** Text of every `<name>` child, in document order. */
export function texts(node: XmlElement, name: string): string[] {
  const value = own(node, name);
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((item) => {
    if (typeof item !== 'string') throw malformedXml(`<${name}> must contain text`);
    return item;
  });
}

/** Text of the single `<name>` child (`''` when empty), or undefined when absent. */
export function text(node: XmlElement, name: string): string | undefined {
  const values = texts(node, name);
  if (values.length > 1) throw malformedXml(`<${name}> must appear once`);
  return values[0];
}

/** Text of the single required `<name>` child. */
export function requiredText(node: XmlElement, name: string): string {
  const value = text(node, name);
  if (value === undefined) throw malformedXml(`Missing <${name}>`);
  return value;
}

/** A non-negative decimal integer, or undefined when the element is absent. */
export function integer(node: XmlElement, name: string): number | undefined {
  const value = text(node, name)?.trim();
  if (value === undefined) return undefined;
  if (!/^\d{1,16}$/.test(value)) throw malformedXml(`<${name}> must be a non-negative integer`);
  return Number(value);
}

/** A required non-negative decimal integer. */
export function requiredInteger(node: XmlElement, name: string): number {
  const value = integer(node, name);
  if (value === undefined) throw malformedXml(`Missing <${name}>`);
  return value;
}

/** `true` / `false` (any case), or undefined when the element is absent. */
export function boolean(node: XmlElement, name: string): boolean | undefined {
  const value = text(node, name)?.trim().toLowerCase();
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw malformedXml(`<${name}> must be true or false`);
  return value === 'true';
}

/** A required boolean. */
export function requiredBoolean(node: XmlElement, name: string): boolean {
  const value = boolean(node, name);
  if (value === undefined) throw malformedXml(`Missing <${name}>`);
  return value;
}

/** A required ISO 8601 timestamp. */
export function requiredDate(node: XmlElement, name: string): Date {
  const value = requiredText(node, name).trim();
  const date = new Date(value);
  if (value === '' || Number.isNaN(date.getTime())) throw malformedXml(`<${name}> must be an ISO 8601 date`);
  return date;
}

/** `<EncodingType>url</EncodingType>` → `'url'`; other values are not an encoding OSS applies. */
export function encodingType(node: XmlElement): 'url' | undefined {
  return text(node, 'EncodingType')?.trim().toLowerCase() === 'url' ? 'url' : undefined;
}
