/**
 * Image style bodies (https://www.alibabacloud.com/help/en/oss/developer-reference/putstyle,
 * …/getstyle, …/liststyle): PutStyle sends `<Style><Content>image/…</Content></Style>`; GetStyle
 * answers one `<Style>` and ListStyle a `<StyleList>` of them, with RFC 1123 times.
 */
import { writeXmlDocument } from './document.js';
import { children, child, readRoot, requiredText, text } from './read.js';

/** A stored style as GetStyle / ListStyle describe it. */
export interface StyleInfo {
  name: string;
  content: string;
  createTime: Date;
  lastModifyTime: Date;
  /** Always `image` for image styles. */
  category: string;
}

/** The `<Content>` of a PutStyle body; MalformedXML when missing. */
export function parseStyleContent(xml: string): string {
  return requiredText(readRoot(xml, 'Style'), 'Content');
}

/** Build a PutStyle body. */
export function buildStyleContent(content: string): string {
  return writeXmlDocument('Style', { Content: content });
}

function styleTree(s: StyleInfo) {
  return {
    Name: s.name,
    Content: s.content,
    CreateTime: s.createTime.toUTCString(),
    LastModifyTime: s.lastModifyTime.toUTCString(),
    Category: s.category,
  };
}

/** GetStyle's answer. */
export function buildStyle(style: StyleInfo): string {
  return writeXmlDocument('Style', styleTree(style));
}

/** ListStyle's answer. */
export function buildStyleList(styles: readonly StyleInfo[]): string {
  return writeXmlDocument('StyleList', { Style: styles.map(styleTree) });
}

function readStyle(node: Parameters<typeof text>[0]): StyleInfo {
  return {
    name: requiredText(node, 'Name'),
    content: requiredText(node, 'Content'),
    createTime: new Date(requiredText(node, 'CreateTime')),
    lastModifyTime: new Date(requiredText(node, 'LastModifyTime')),
    category: text(node, 'Category') ?? 'image',
  };
}

/** Parse GetStyle's answer. */
export function parseStyle(xml: string): StyleInfo {
  return readStyle(readRoot(xml, 'Style'));
}

/** Parse ListStyle's answer. */
export function parseStyleList(xml: string): StyleInfo[] {
  const root = readRoot(xml, 'StyleList');
  return child(root, 'Style') === undefined ? [] : children(root, 'Style').map(readStyle);
}
