// The one IPC contract (STYLE.md §3): every operation listed once with its preload method name,
// request schema and response schema; every event main pushes, with its payload schema.
// Main parses every payload with these schemas; the preload and the browser bridge expose one
// named method per entry.

import { z } from 'zod';
import { DeviceViewSchema } from './devices';

const Empty = z.object({}).strict();

export const HostInfoSchema = z.object({
  host: z.enum(['electron', 'browser']),
  version: z.string(),
  platform: z.string(),
});

export const CHANNELS = {
  'host/info': { method: 'hostInfo', request: Empty, response: HostInfoSchema },
  'device/list': { method: 'listDevices', request: Empty, response: z.array(DeviceViewSchema) },
} as const;

export const EVENTS = {
  /** The device list changed: attach, detach, or a status check finished. */
  'device/changed': z.array(DeviceViewSchema),
} as const;

export type Channel = keyof typeof CHANNELS;
export type EventName = keyof typeof EVENTS;
export type RequestOf<C extends Channel> = z.input<(typeof CHANNELS)[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<(typeof CHANNELS)[C]['response']>;
export type EventPayload<E extends EventName> = z.output<(typeof EVENTS)[E]>;
export type HostInfo = z.infer<typeof HostInfoSchema>;
