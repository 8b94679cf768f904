import { describe, expect, it } from 'vitest';
import { invalidPortMessage } from './listen-port.js';

describe('invalidPortMessage', () => {
  it('accepts integers from 0 to 65535', () => {
    for (const port of [0, 1, 9000, 65535]) expect(invalidPortMessage(port)).toBeUndefined();
  });

  it('refuses anything else, a string shown in quotes', () => {
    expect(invalidPortMessage('9000')).toBe(
      'invalid port: "9000" (a number from 0 to 65535; 0 picks a free port)',
    );
    expect(invalidPortMessage(-1)).toBe('invalid port: -1 (a number from 0 to 65535; 0 picks a free port)');
    expect(invalidPortMessage(65536)).toBe(
      'invalid port: 65536 (a number from 0 to 65535; 0 picks a free port)',
    );
    expect(invalidPortMessage(1.5)).toBe('invalid port: 1.5 (a number from 0 to 65535; 0 picks a free port)');
    expect(invalidPortMessage(Number.NaN)).toBe(
      'invalid port: NaN (a number from 0 to 65535; 0 picks a free port)',
    );
  });
});
