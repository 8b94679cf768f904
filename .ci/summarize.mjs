// Adds up the "Tests  N passed | M failed (T)" lines that vitest prints per package (turbo
// prefixes them with the package name), and that .ci's own scripts (pack-test.mjs) print in the
// same format, and prints one closing "N passed, M failed" line.
import { readFileSync } from 'node:fs';

// Strip ANSI colour codes (ESC [ … m) first.
// eslint-disable-next-line no-control-regex
const text = readFileSync(process.argv[2], 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
let passed = 0;
let failed = 0;
let skipped = 0;
for (const line of text.split('\n')) {
  const match = /\bTests\s+(.*)\(\d+\)\s*$/.exec(line);
  if (!match) continue;
  for (const [, count, kind] of match[1].matchAll(/(\d+)\s+(passed|failed|skipped)/g)) {
    if (kind === 'passed') passed += Number(count);
    else if (kind === 'failed') failed += Number(count);
    else skipped += Number(count);
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
