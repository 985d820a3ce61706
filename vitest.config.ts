import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ first if it is missing or stale: route and browser tests serve the real bundles.
    globalSetup: ['test/support/global-setup.ts'],
    // Generous: the cluster tests start several processes on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
