/**
 * Header values beyond ASCII. HTTP carries header values as bytes; OSS clients send UTF-8 text
 * (`x-oss-meta-author: 张三`, `Content-Disposition: attachment; filename="报告.pdf"`), sign that
 * text (ali-oss, the Go, Python and Ruby SDKs all hash the UTF-8 bytes of their string values),
 * and OSS returns the same bytes on GET/HEAD. Node's HTTP stack and undici, however, read and
 * write header values as Latin-1 strings (one character per byte). These two functions convert
 * between the text and those byte strings, for both sides of the wire.
 */

/**
 * The text of a header value read as a Latin-1 string: its UTF-8 reading when the bytes are valid
 * UTF-8, else unchanged (browsers send `é` as the single byte E9, and sign the text `é`).
 *
 * @example
 * headerText('\u00e5\u00bc\u00a0\u00e4\u00b8\u0089'); // '张三' (the UTF-8 bytes E5 BC A0 E4 B8 89)
 */
export function headerText(latin1: string): string {
  // eslint-disable-next-line no-control-regex -- a range test: any byte above ASCII
  if (!/[^\u0000-\u007f]/.test(latin1)) return latin1;
  try {
    return utf8.decode(Buffer.from(latin1, 'latin1'));
  } catch {
    return latin1;
  }
}

/**
 * A header value as the Latin-1 string of its UTF-8 bytes: what Node and undici write when given
 * that string. ASCII text is returned unchanged.
 *
 * @example
 * Buffer.from(headerBytes('张三'), 'latin1'); // <Buffer e5 bc a0 e4 b8 89>
 */
export function headerBytes(text: string): string {
  // eslint-disable-next-line no-control-regex -- a range test: any character above ASCII
  return /[^\u0000-\u007f]/.test(text) ? Buffer.from(text, 'utf8').toString('latin1') : text;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
