// Timing and memory helpers for the benchmarks. Numbers come from repeated runs after a warm-up;
// they are printed, never asserted (speed is measured here, not in tests).

import { performance } from 'node:perf_hooks';

export interface Measurement {
  name: string;
  value: number;
  unit: string;
  detail?: string;
}

/** Runs `work` repeatedly for about `seconds` after `warmup` runs; returns operations per second. */
export async function operationsPerSecond(
  work: () => Promise<unknown>,
  seconds: number,
  warmup = 20,
): Promise<{ rate: number; count: number }> {
  for (let i = 0; i < warmup; i++) await work();
  const deadline = performance.now() + seconds * 1000;
  const start = performance.now();
  let count = 0;
  while (performance.now() < deadline) {
    await work();
    count++;
  }
  return { rate: count / ((performance.now() - start) / 1000), count };
}

/** Milliseconds per run: the median of `runs` runs after `warmup` runs. */
export async function millisecondsPerRun(
  work: () => Promise<unknown>,
  runs: number,
  warmup = 2,
): Promise<{ median: number; min: number; max: number }> {
  for (let i = 0; i < warmup; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]!, max: times.at(-1)! };
}

/** Memory growth (heap and external buffers) while `work` holds what it built, between full collections. */
export async function heapGrowth<T>(work: () => Promise<T>): Promise<{ bytes: number; result: T }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('heap measurements need node --expose-gc (npm run bench passes it)');
  // Key material and object bodies live in Uint8Arrays, outside the V8 heap: count both.
  const used = () => {
    const memory = process.memoryUsage();
    return memory.heapUsed + memory.external;
  };
  gc();
  const before = used();
  const result = await work();
  gc();
  return { bytes: used() - before, result };
}

export function printTable(title: string, rows: readonly Measurement[]): void {
  console.log(`\n${title}`);
  const width = Math.max(...rows.map((row) => row.name.length));
  for (const row of rows) {
    // NaN marks a row that could not be measured; its detail says why.
    const value = Number.isNaN(row.value)
      ? '-'
      : row.value >= 100
        ? row.value.toFixed(0)
        : row.value.toFixed(2);
    console.log(
      `  ${row.name.padEnd(width)}  ${value.padStart(9)} ${row.unit}${row.detail ? `  (${row.detail})` : ''}`,
    );
  }
}
