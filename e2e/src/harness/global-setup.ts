import { missingClis } from './paths.js';

/**
 * Vitest global setup: the suite drives the built CLIs, so it stops at once with a clear message
 * when they are missing instead of failing every test with a spawn error.
 */
export default function setup(): void {
  const missing = missingClis();
  if (missing.length > 0) {
    throw new Error(
      `The e2e suite runs the built CLIs, but these are missing: ${missing.join(', ')}.\n` +
        'Build them first: `pnpm turbo run build --filter=@ossbox/e2e^...` (the root `pnpm test` does it for you).',
    );
  }
}
