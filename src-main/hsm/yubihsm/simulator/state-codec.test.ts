// The sealed state's plaintext (state-codec.ts): version 2 carries the device secrets (factory
// attestation key, asymmetric-authentication key) and keeps them through a round trip; a
// version 1 state, written before they existed, still loads and gets fresh ones.

import { describe, expect, it } from 'vitest';
import { factoryState } from './device-state';
import { decodeState, encodeState } from './state-codec';
import { toHex } from './test-support';

describe('state codec', () => {
  it('keeps the device secrets and the objects through a round trip', async () => {
    const state = await factoryState();
    const decoded = decodeState(encodeState(state));
    expect(toHex(decoded.device.attestationKey)).toBe(toHex(state.device.attestationKey));
    expect(toHex(decoded.device.authenticationKey)).toBe(toHex(state.device.authenticationKey));
    expect(decoded.store.slots.filter(Boolean)).toHaveLength(1);
  });

  it('loads a version 1 state (no device secrets) and gives it fresh, valid ones', async () => {
    const state = await factoryState();
    const v2 = encodeState(state);
    const v1 = new Uint8Array(v2.length - 192);
    v1[0] = 1;
    v1.set(v2.subarray(1 + 192), 1);
    const decoded = decodeState(v1);
    expect(decoded.device.attestationKey).toHaveLength(96);
    expect(toHex(decoded.device.attestationKey)).not.toBe(toHex(state.device.attestationKey));
    expect(decoded.store.slots.filter(Boolean)).toHaveLength(1);
    expect(() => decodeState(Uint8Array.of(3))).toThrow(/does not decode/);
  });
});
