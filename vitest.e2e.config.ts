import { defineConfig } from 'vitest/config';

// Browser-host specs (run everywhere) and Electron specs (run where the Electron binary exists).
export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
