// Every ceremony's snapshot carries the air-gap warnings (issue 14): EngineCore adds them to
// every snapshot, and the router keeps only what the contract names, so a ceremony whose schema
// left the field out would silently lose its first screen's warning. Enumerated from the
// contract, so a ceremony added later is held to it without being listed here.

import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CHANNELS, EVENTS } from './contract';

const WARNINGS = ['USB devices other than the HSMs are connected (Ultra); unplug …'];

function keepsWarnings(schema: z.ZodType): boolean {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape;
  const field = shape?.airGapWarnings;
  return field !== undefined && field.safeParse(WARNINGS).success;
}

function unwrapped(schema: z.ZodType): z.ZodType {
  const nullable = schema as unknown as { unwrap?: () => z.ZodType };
  return typeof nullable.unwrap === 'function' ? nullable.unwrap() : schema;
}

describe('the air-gap warnings in every ceremony snapshot', () => {
  const snapshots = Object.entries(EVENTS).filter(([name]) => name.endsWith('/snapshot'));
  const starts = Object.entries(CHANNELS).filter(([name]) => name.endsWith('/start'));

  it('covers every ceremony of the contract', () => {
    expect(snapshots.map(([name]) => name.split('/')[0]).sort()).toEqual(
      starts.map(([name]) => name.split('/')[0]).sort(),
    );
    expect(snapshots.length).toBeGreaterThanOrEqual(11);
  });

  it.each(snapshots)('%s names airGapWarnings', (_name, schema) => {
    expect(keepsWarnings(unwrapped(schema as z.ZodType))).toBe(true);
  });

  it.each(starts)('%s answers with airGapWarnings', (_name, entry) => {
    expect(keepsWarnings(unwrapped(entry.response as z.ZodType))).toBe(true);
  });
});
