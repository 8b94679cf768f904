/**
 * What every bucket configuration body shares: the canonical form a configuration is stored and
 * returned in, and the InvalidArgument its value checks throw.
 */
import { ossError } from '../../errors.js';
import type { OssProtocolError } from '../../errors.js';
import { writeXmlDocument } from '../document.js';
import type { XmlNode, XmlTree, XmlValue } from '../document.js';
import { malformedXml, readNamedRoot } from '../read.js';

function treeOf(node: XmlNode): XmlTree | string {
  if (typeof node === 'string') return node;
  const tree: XmlTree = {};
  for (const [name, value] of Object.entries(node)) {
    if (value === undefined) continue;
    tree[name] = valueOf(value);
  }
  return tree;
}

function valueOf(node: XmlNode | XmlNode[]): XmlValue {
  if (!Array.isArray(node)) return treeOf(node);
  const items = node.map(treeOf);
  if (items.every((item) => typeof item === 'string')) return items as string[];
  // A name that holds text in one place and elements in another: keep the text as a text node.
  return items.map((item) => (typeof item === 'string' ? { '#text': item } : item));
}

/**
 * A document as a writable tree: element order kept, indentation between elements dropped.
 * Throws MalformedXML when the text is not one well-formed `<rootName>` element.
 */
export function readXmlTree(xml: string, rootName: string): XmlTree {
  const root = treeOf(readNamedRoot(xml, rootName));
  if (typeof root === 'string') {
    if (root.trim() !== '') throw malformedXml(`<${rootName}> must contain elements, not text`);
    return {};
  }
  return root;
}

/**
 * The document a Put operation stores and the matching Get returns: the body re-serialized with
 * the XML declaration and OSS's indentation (see {@link readXmlTree}). Unknown elements are kept
 * (OSS ignores them; a client reading its configuration back gets what it sent).
 *
 * @example
 * canonicalXml('<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>', 'VersioningConfiguration');
 * // '<?xml version="1.0" encoding="UTF-8"?>\n<VersioningConfiguration>\n  <Status>Enabled</Status>\n</VersioningConfiguration>\n'
 */
export function canonicalXml(xml: string, rootName: string): string {
  return writeXmlDocument(rootName, readXmlTree(xml, rootName));
}

/** InvalidArgument naming the element and value that broke a limit (EC when OSS documents one). */
export function invalidArgument(message: string, name: string, value: string, ec?: string): OssProtocolError {
  const options: Parameters<typeof ossError>[1] = { message, details: { ArgumentName: name, ArgumentValue: value } };
  if (ec !== undefined) options.ec = ec;
  return ossError('InvalidArgument', options);
}

/** One of `allowed` (exact spelling), else InvalidArgument. */
export function oneOf<T extends string>(value: string, allowed: readonly T[], name: string, ec?: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw invalidArgument(`${name} must be one of ${allowed.join(', ')}.`, name, value, ec);
}
