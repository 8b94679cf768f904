import { describe, expect, it } from 'vitest';
import { headerBytes, headerText } from './header-text.js';

describe('header values beyond ASCII', () => {
  it('writes UTF-8 text as its bytes, one Latin-1 character per byte, and reads it back', () => {
    // The UTF-8 encoding of 张三 (U+5F20 U+4E09) is E5 BC A0 E4 B8 89.
    const onWire = headerBytes('张三');
    expect(Buffer.from(onWire, 'latin1')).toEqual(Buffer.from([0xe5, 0xbc, 0xa0, 0xe4, 0xb8, 0x89]));
    expect(headerText(onWire)).toBe('张三');
    expect(headerText(headerBytes('attachment; filename="Zürich 报告.pdf"'))).toBe('attachment; filename="Zürich 报告.pdf"');
  });

  it('leaves ASCII alone, and a value that is not UTF-8 (é as the one byte E9) as it was read', () => {
    expect(headerBytes('text/plain')).toBe('text/plain');
    expect(headerText('text/plain')).toBe('text/plain');
    expect(headerText('Jos\u00e9')).toBe('José');
  });
});
