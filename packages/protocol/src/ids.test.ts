import { describe, expect, it } from 'vitest';
import { newRequestId, newUploadId } from './ids.js';

describe('ids', () => {
  it('makes 24-hex request ids like the §5.2 captures', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newRequestId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9A-F]{24}$/);
  });

  it('makes 32-hex upload ids like the §5.10 captures', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newUploadId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9A-F]{32}$/);
  });
});
