import { defineConfig } from 'vitest/config';

// Unit tests sit next to the code they test (STYLE.md §18).
export default defineConfig({
  test: {
    include: [
      'shared/**/*.test.ts',
      'src-main/**/*.test.ts',
      'src-renderer/**/*.test.{ts,tsx}',
      'scripts/**/*.test.ts',
      // Engine → router → store → rendered step, across the main/renderer line.
      'seams/**/*.test.{ts,tsx}',
    ],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
  },
});
