// Spec §9 V2/V3: the device's side of the handshake and the first SESSION MESSAGE, byte for byte.

import { describe, expect, it } from 'vitest';
import { deriveAuthenticationKeys } from '../crypto/password-keys';
import { chainedMac } from '../crypto/scp03';
import { SimulatedYubiHsm } from './simulated-yubihsm';
import { hex, openRawSession, scriptedRandom, toHex } from './test-support';

const V2_CARD_CHALLENGE = hex('054d5631c9186f80');

async function v2Device(): Promise<SimulatedYubiHsm> {
  return SimulatedYubiHsm.create({
    serial: 7550140,
    randomBytes: scriptedRandom(V2_CARD_CHALLENGE),
  });
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
    const response = await device.process(
      hex('05 0019 00 d90ad6bf5f486c8549b238fde97d5fe0 990497a40152787f'),
    );
    expect(toHex(response)).toBe(
      toHex(hex('85 0019 00 bd807d80c9c470c7d08ba8e85421db83 198afaa882aaf802')),
    );
  });
});

describe('authentication failures (spec §3.4)', () => {
  it('refuses a wrong password with AUTHENTICATION_FAILED and frees the half-open slot', async () => {
    const device = await SimulatedYubiHsm.create();
    const wrong = await deriveAuthenticationKeys('not the password');
    await expect(openRawSession(device, { keys: wrong })).rejects.toThrow(
      'AUTHENTICATE SESSION answered 7f000104',
    );
    // The slot the failed attempt held is free again: the next session gets id 0.
    const session = await openRawSession(device);
    expect(session.id).toBe(0);
  });

  it('answers CREATE SESSION for an unknown authentication key with OBJECT_NOT_FOUND', async () => {
    const device = await SimulatedYubiHsm.create();
    expect(toHex(await device.process(hex('03 000a 0002 0102030405060708')))).toBe('7f00010b');
  });

  it('answers AUTHENTICATE SESSION for a session that was never created with INVALID_SESSION', async () => {
    const device = await SimulatedYubiHsm.create();
    expect(toHex(await device.process(hex('04 0011 05 1ce7552e0f7976db cc2198fd155c335a')))).toBe(
      '7f000103',
    );
  });

  it('refuses a second AUTHENTICATE SESSION on an open session', async () => {
    const device = await v2Device();
    await device.process(hex('03 000a 0001 0000000000000000'));
    await device.process(hex('04 0011 00 1ce7552e0f7976db cc2198fd155c335a'));
    expect(toHex(await device.process(hex('04 0011 00 1ce7552e0f7976db cc2198fd155c335a')))).toBe(
      '7f000103',
    );
  });

  it('refuses a host cryptogram with a valid-looking length but wrong MAC', async () => {
    const device = await v2Device();
    await device.process(hex('03 000a 0001 0000000000000000'));
    expect(toHex(await device.process(hex('04 0011 00 1ce7552e0f7976db cc2198fd155c335b')))).toBe(
      '7f000104',
    );
    // The half-open slot was released: the session id is unknown now.
    expect(toHex(await device.process(hex('04 0011 00 1ce7552e0f7976db cc2198fd155c335a')))).toBe(
      '7f000103',
    );
  });

  it('refuses a wrong host cryptogram even when its MAC is right (V2’s S-MAC)', async () => {
    const device = await v2Device();
    await device.process(hex('03 000a 0001 0000000000000000'));
    const body = hex('04 0011 00 1ce7552e0f7976dc');
    const mac = chainedMac(
      hex('46451cfa3fc80c1ca60c944787f857e2'),
      new Uint8Array(16),
      body,
    ).subarray(0, 8);
    expect(toHex(await device.process(Uint8Array.from([...body, ...mac])))).toBe('7f000104');
  });
});
