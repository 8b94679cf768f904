/** Character checks shared by the callback modules. Internal module. */

/**
 * Whether a text has whitespace or an ASCII control character: these would break a request line
 * or a header, and WHATWG URL parsing silently drops some of them.
 */
export function hasWhitespaceOrControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f) return true;
  }
  return /\s/.test(text);
}
