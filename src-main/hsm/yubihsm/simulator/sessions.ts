// The device's 16 session slots (spec §3.6, §10.10): ids 0..15, lowest free first, half-open
// sessions hold a slot too, and a session idle for 30 s is gone. Time comes from the injected
// clock so tests can step past the timeout without waiting.

import { type SessionKeys, wipeSessionKeys } from '../crypto/scp03';

export const SESSION_SLOTS = 16;
export const SESSION_IDLE_TIMEOUT_MS = 30_000;

/** What a session may do: a copy of its authentication key's rights when it was created (§5.3). */
export interface SessionRights {
  authKeyId: number;
  capabilities: bigint;
  delegated: bigint;
  domains: number;
}

export interface DeviceSession {
  readonly id: number;
  readonly rights: SessionRights;
  readonly keys: SessionKeys;
  /** Host challenge || card challenge (spec §3.2). */
  readonly context: Uint8Array;
  authenticated: boolean;
  /** Message counter: 1 for the first SESSION MESSAGE (spec §3.5). */
  counter: number;
  /** MAC chaining value, 16 bytes. */
  chain: Uint8Array;
  lastUsed: number;
}

export class SessionTable {
  private readonly slots: (DeviceSession | undefined)[] = new Array(SESSION_SLOTS).fill(undefined);

  constructor(private readonly now: () => number) {}

  /** Frees every slot whose session has been idle for the timeout. */
  sweep(): void {
    const now = this.now();
    for (const session of this.slots) {
      if (session && now - session.lastUsed >= SESSION_IDLE_TIMEOUT_MS) this.release(session);
    }
  }

  /** A new half-open session in the lowest free slot, or undefined when all 16 are taken. */
  open(rights: SessionRights, keys: SessionKeys, context: Uint8Array): DeviceSession | undefined {
    this.sweep();
    const id = this.slots.findIndex((slot) => slot === undefined);
    if (id < 0) return undefined;
    const session: DeviceSession = {
      id,
      rights,
      keys,
      context,
      authenticated: false,
      counter: 1,
      chain: new Uint8Array(16),
      lastUsed: this.now(),
    };
    this.slots[id] = session;
    return session;
  }

  /** The session in slot `id` if it is still alive. */
  live(id: number): DeviceSession | undefined {
    this.sweep();
    return id < SESSION_SLOTS ? this.slots[id] : undefined;
  }

  touch(session: DeviceSession): void {
    session.lastUsed = this.now();
  }

  release(session: DeviceSession): void {
    if (this.slots[session.id] !== session) return;
    this.slots[session.id] = undefined;
    wipeSessionKeys(session.keys);
    session.chain.fill(0);
  }

  releaseAll(): void {
    for (const session of this.slots) if (session) this.release(session);
  }

  get openCount(): number {
    return this.slots.filter(Boolean).length;
  }
}
