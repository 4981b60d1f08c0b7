// Spec §9 V2/V3: the device's side of the handshake and the first SESSION MESSAGE, byte for byte.

import { describe, expect, it } from 'vitest';
import { SimulatedYubiHsm } from './simulated-yubihsm';
import { hex, scriptedRandom, toHex } from './test-support';

const V2_CARD_CHALLENGE = hex('054d5631c9186f80');

async function v2Device(): Promise<SimulatedYubiHsm> {
  return SimulatedYubiHsm.create({ serial: 7550140, randomBytes: scriptedRandom(V2_CARD_CHALLENGE) });
}

describe('session handshake (spec §3, V2, V3)', () => {
  it('answers CREATE SESSION with V2 session id, card challenge and card cryptogram', async () => {
    const device = await v2Device();
    const response = await device.process(hex('03 000a 0001 0000000000000000'));
    expect(toHex(response)).toBe(toHex(hex('83 0011 00 054d5631c9186f80 3225ed8a3224f2cf')));
  });

  it('accepts V2 AUTHENTICATE SESSION with 84 00 00', async () => {
    const device = await v2Device();
    await device.process(hex('03 000a 0001 0000000000000000'));
    const response = await device.process(hex('04 0011 00 1ce7552e0f7976db cc2198fd155c335a'));
    expect(toHex(response)).toBe('840000');
  });

  it('answers V3 first SESSION MESSAGE (inner ECHO 010203) with V3 device reply', async () => {
    const device = await v2Device();
    await device.process(hex('03 000a 0001 0000000000000000'));
    await device.process(hex('04 0011 00 1ce7552e0f7976db cc2198fd155c335a'));
    const response = await device.process(hex('05 0019 00 d90ad6bf5f486c8549b238fde97d5fe0 990497a40152787f'));
    expect(toHex(response)).toBe(toHex(hex('85 0019 00 bd807d80c9c470c7d08ba8e85421db83 198afaa882aaf802')));
  });
});
