// Adds up the "Tests  N passed | M failed (T)" lines that vitest prints per package (turbo
// prefixes them with the package name), and that .ci's own scripts (pack-test.mjs) print in the
// same format, and prints one closing "N passed, M failed" line. vitest's "Errors  N errors" line
// (unhandled errors: an uncaught exception in a test run fails it even when every test passed) is
// added up too, so the line never says "0 failed" for a failing run.
import { readFileSync } from 'node:fs';

// Strip ANSI colour codes (ESC [ … m) first.
// eslint-disable-next-line no-control-regex
const text = readFileSync(process.argv[2], 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
let passed = 0;
let failed = 0;
let skipped = 0;
let errors = 0;
for (const line of text.split('\n')) {
  const error = /\bErrors\s+(\d+)\s+errors?\b/.exec(line);
  if (error) errors += Number(error[1]);
  const match = /\bTests\s+(.*)\(\d+\)\s*$/.exec(line);
  if (!match) continue;
  for (const [, count, kind] of match[1].matchAll(/(\d+)\s+(passed|failed|skipped)/g)) {
    if (kind === 'passed') passed += Number(count);
    else if (kind === 'failed') failed += Number(count);
    else skipped += Number(count);
  }
}
const extra = [skipped ? `${skipped} skipped` : '', errors ? `${errors} unhandled errors` : ''].filter(Boolean);
console.log([`${passed} passed`, `${failed} failed`, ...extra].join(', '));
