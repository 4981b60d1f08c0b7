// The parts every ceremony's snapshot has (each ceremony's *-snapshot.ts adds its own): where
// the ceremony is in its step table, the device chosen, the last problem, and how it stopped.

import { z } from 'zod';

/** The current, done and left-out steps of a ceremony's table. */
export function stepsSchema<StepId extends z.ZodType>(StepId: StepId) {
  return z.object({ current: StepId, done: z.array(StepId), skipped: z.array(StepId) });
}

export const ProblemSchema = z.object({
  /** Which field or task the sentence is about, when it is about one. */
  field: z.string().optional(),
  message: z.string(),
});

/** A device the ceremony chose (the primary or the secondary). */
export const ChosenDeviceSchema = z.object({
  deviceId: z.string(),
  serial: z.number().int(),
  simulated: z.boolean(),
});

/** Set once a ceremony ended without completing. */
export const StoppedSchema = z.object({
  status: z.enum(['abandoned', 'failed']),
  reason: z.string(),
  /** Whether anything was written to the device before it stopped. */
  deviceTouched: z.boolean(),
});

/**
 * What the air-gap survey at the ceremony's start found that could carry a secret off this
 * machine, one sentence each (network interfaces, Bluetooth, removable media, USB devices):
 * shown on the first screen as a warning, never a block. Absent or empty: nothing found.
 */
export const AirGapWarningsSchema = z.array(z.string().max(2000)).max(16).optional();
