import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { PcscSpreadSequencer } from './scripts/lib/test-order.mjs';

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
    // The custos command's bundle, rebuilt once here if stale (unit-setup.mjs).
    globalSetup: ['scripts/lib/unit-setup.mjs'],
    // vitest's default is one worker fewer than the cores: a single worker on a 2-core machine,
    // where much of a test's time is spent waiting on child processes (the CLI, simulators,
    // pcscd, sc-hsm-tool) with the second core idle. Two at least; more cores keep the default.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // PC/SC test files take turns on one lock: keep them apart in the queue (test-order.ts).
    sequence: { sequencer: PcscSpreadSequencer },
  },
});
