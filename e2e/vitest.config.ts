import { defineConfig } from 'vitest/config';

// Every test file starts its own emulator and receiver processes, so files run in parallel safely;
// timeouts leave room for process start-up and the callback-timeout scenarios on a 2-core machine.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/harness/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    teardownTimeout: 15_000,
    pool: 'forks',
  },
});
