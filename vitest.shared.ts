import { defineConfig } from 'vitest/config';

// Shared by every package's vitest.config.ts. turbo runs the packages' suites side by side on CI's
// two cores, and several tests generate RSA keys or start real processes: vitest's 5 s default
// fails them on a busy machine although nothing is wrong. Speed is measured by `pnpm bench`,
// never by a test's timeout.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Test files of a worker share imported modules (express, sharp, better-sqlite3, ali-oss, …)
    // instead of importing them again per file: that import was half of the emulator suite's CPU
    // time. No test relies on a fresh module: the few that fake timers or stub env restore them.
    isolate: false,
  },
});
