import { defineConfig } from 'vitest/config';

// Shared by every package's vitest.config.ts. turbo runs the packages' suites side by side on CI's
// two cores, and several tests generate RSA keys or start real processes: vitest's 5 s default
// fails them on a busy machine although nothing is wrong. Speed is measured by `pnpm bench`,
// never by a test's timeout.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
