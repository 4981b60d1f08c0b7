// Devices as the renderer sees them: descriptions and status, never handles.

import { z } from 'zod';

export const TransportKindSchema = z.enum(['usb', 'connector', 'simulator']);

export const DeviceStatusSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('checking') }),
  /** Only the factory authentication key (id 1) is on the device. */
  z.object({
    kind: z.literal('factory-fresh'),
    usedSlots: z.number().int(),
    totalSlots: z.number().int(),
  }),
  /** The factory key opens a session but other objects exist. */
  z.object({
    kind: z.literal('factory-key-present'),
    usedSlots: z.number().int(),
    totalSlots: z.number().int(),
  }),
  /** The factory key is gone: the device has been through a ceremony. Slots need the application key to see. */
  z.object({ kind: z.literal('configured') }),
  z.object({ kind: z.literal('unreachable'), reason: z.string() }),
]);

export const DeviceViewSchema = z.object({
  /** Stable key: "usb:<serial>", "connector:<url>", "sim:primary". */
  id: z.string(),
  /** What people call it: "Simulated primary", "YubiHSM 2". */
  name: z.string(),
  serial: z.number().int().nonnegative(),
  transport: TransportKindSchema,
  firmware: z.string(),
  simulated: z.boolean(),
  status: DeviceStatusSchema,
});

export type TransportKind = z.infer<typeof TransportKindSchema>;
export type DeviceStatus = z.infer<typeof DeviceStatusSchema>;
export type DeviceView = z.infer<typeof DeviceViewSchema>;
