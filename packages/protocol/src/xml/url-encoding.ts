/**
 * `encoding-type=url` for key-like XML values (docs/rest-api.md §5.8). Go v2 decodes these with
 * `QueryUnescape`, so the writer uses `encodeURIComponent` (space → `%20`, `+` → `%2B`, `/` → `%2F`)
 * and the reader also turns a literal `+` into a space, as `QueryUnescape` does.
 */
import type { XmlElement } from './document.js';
import { malformedXml, text } from './read.js';

/** The wire form of a key-like value under `encodingType`. */
export function encodeXmlValue(value: string, encoding: 'url' | undefined): string {
  return encoding === 'url' ? encodeURIComponent(value) : value;
}

/** The plain value of a key-like wire value under `encodingType`; bad escapes are MalformedXML. */
export function decodeXmlValue(value: string, encoding: 'url' | undefined): string {
  if (encoding !== 'url') return value;
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch (err) {
    throw malformedXml(`Invalid URL-encoded value "${value}"`, err);
  }
}

/** The plain value of an optional key-like `<name>` child (`''` when absent), as list results carry them. */
export function decodedText(node: XmlElement, name: string, encoding: 'url' | undefined): string {
  return decodeXmlValue(text(node, name) ?? '', encoding);
}
