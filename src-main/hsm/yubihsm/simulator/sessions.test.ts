// Session slots and the secure channel's outer errors (spec §3.5, §3.6, §10.10).

import { describe, expect, it } from 'vitest';
import { aesCbcEncrypt } from '../crypto/aes';
import { chainedMac, messageIv, pad } from '../crypto/scp03';
import { Algorithm } from '../protocol/algorithms';
import { capabilities } from '../protocol/capabilities';
import { Command } from '../protocol/commands';
import { DeviceErrorCode } from '../protocol/device-errors';
import { encodeFrame } from '../protocol/frame';
import { SESSION_IDLE_TIMEOUT_MS } from './sessions';
import { SimulatedYubiHsm } from './simulated-yubihsm';
import {
  capabilityBytes,
  creationPrefix,
  hex,
  manualClock,
  openRawSession,
  toHex,
} from './test-support';

describe('session slots', () => {
  it('hands out ids 0..15 lowest free first and answers the 17th with SESSIONS_FULL', async () => {
    const device = await SimulatedYubiHsm.create();
    const sessions = [];
    for (let i = 0; i < 16; i++) sessions.push(await openRawSession(device));
    expect(sessions.map((s) => s.id)).toEqual([...Array(16).keys()]);
    expect(toHex(await device.process(hex('03 000a 0001 0102030405060708')))).toBe('7f000105');

    // CLOSE SESSION frees its slot, and the next session takes exactly that id.
    const closed = await sessions[5]!.send(Command.CloseSession);
    expect(closed.code).toBe(0xc0);
    expect(closed.payload.length).toBe(0);
    expect((await openRawSession(device)).id).toBe(5);
  });

  it('counts half-open sessions against the 16 slots', async () => {
    const device = await SimulatedYubiHsm.create();
    for (let i = 0; i < 16; i++) {
      const response = await device.process(hex('03 000a 0001 0102030405060708'));
      expect(response[3]).toBe(i);
    }
    expect(toHex(await device.process(hex('03 000a 0001 0102030405060708')))).toBe('7f000105');
  });

  it('expires a session idle for 30 s by the injected clock, half-open ones too', async () => {
    const clock = manualClock();
    const device = await SimulatedYubiHsm.create({ now: clock.now });
    const session = await openRawSession(device);
    for (let i = 1; i < 16; i++) await device.process(hex('03 000a 0001 0102030405060708'));

    clock.advance(SESSION_IDLE_TIMEOUT_MS - 1);
    expect(toHex(await session.ok(Command.Echo, hex('ff')))).toBe('ff');

    clock.advance(SESSION_IDLE_TIMEOUT_MS - 1);
    // The half-open sessions have now been idle past the limit; the open one was just used.
    expect(toHex(await session.ok(Command.Echo, hex('ff')))).toBe('ff');
    const fresh = await openRawSession(device);
    expect(fresh.id).toBe(1);

    clock.advance(SESSION_IDLE_TIMEOUT_MS);
    expect(toHex(await device.process(session.seal(Command.Echo, hex('ff'))))).toBe('7f000103');
  });

  it('keeps the counter and MAC chain in step over many messages', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    for (let i = 0; i < 40; i++) {
      const data = new Uint8Array(i * 7).fill(i);
      expect(toHex(await session.ok(Command.Echo, data))).toBe(toHex(data));
    }
    expect(session.counter).toBe(41);
  });
});

describe('outer errors of SESSION MESSAGE', () => {
  it('answers an unknown session in the clear with 7f 00 01 03', async () => {
    const device = await SimulatedYubiHsm.create();
    const frame = encodeFrame(Command.SessionMessage, new Uint8Array(1 + 16 + 8).fill(9));
    expect(toHex(await device.process(frame))).toBe('7f000103');
  });

  it('answers a bad C-MAC in the clear with 7f 00 01 04 and ends the session', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    const frame = session.seal(Command.Echo, hex('01'));
    frame[frame.length - 1]! ^= 0x01;
    expect(toHex(await device.process(frame))).toBe('7f000104');
    expect(toHex(await device.process(session.seal(Command.Echo, hex('01'))))).toBe('7f000103');
  });

  it('carries inner errors encrypted and advances the counter', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    expect(await session.error(Command.GetObjectInfo, hex('0042 01'))).toBe(
      DeviceErrorCode.OBJECT_NOT_FOUND,
    );
    expect(await session.error(0x7e)).toBe(DeviceErrorCode.INVALID_COMMAND);
    expect(await session.error(Command.CreateSession, hex('0001 0000000000000000'))).toBe(
      DeviceErrorCode.INVALID_COMMAND,
    );
    expect(toHex(await session.ok(Command.Echo, hex('0102')))).toBe('0102');
    expect(session.counter).toBe(5);
  });

  it('answers an inner frame whose length field lies with an encrypted WRONG_LENGTH', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    // seal() frames correctly; build one by hand whose inner length claims 9 bytes for 2.
    const cipher = aesCbcEncrypt(
      session.keys.encryption,
      messageIv(session.keys.encryption, session.counter),
      pad(hex('01 0009 0102')),
    );
    const body = Uint8Array.from([
      Command.SessionMessage,
      0,
      1 + cipher.length + 8,
      session.id,
      ...cipher,
    ]);
    session.chain = chainedMac(session.keys.mac, session.chain, body);
    const reply = session.open(
      await device.process(Uint8Array.from([...body, ...session.chain.subarray(0, 8)])),
    );
    expect(toHex(encodeFrame(reply.code, reply.payload))).toBe('7f000108');
  });

  it('drops every session on RESET DEVICE after answering inside the session', async () => {
    const device = await SimulatedYubiHsm.create();
    const other = await openRawSession(device);
    const session = await openRawSession(device);
    const reset = await session.send(Command.ResetDevice);
    expect(reset.code).toBe(0x88);
    expect(reset.payload.length).toBe(0);
    expect(toHex(await device.process(other.seal(Command.Echo, hex('01'))))).toBe('7f000103');
    expect((await openRawSession(device)).id).toBe(0);
  });
});

describe('message buffer inside a session (spec §1.2)', () => {
  it('carries the largest inner command and answer that fit 3136-byte frames', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    // 3136 - header 3 - session id 1 - MAC 8 = 3124, so 3120 bytes of ciphertext hold 3119
    // bytes of inner frame plus at least one byte of padding: a 3116-byte inner payload.
    const largest = new Uint8Array(3116).fill(0x42);
    const frame = session.seal(Command.Echo, largest);
    expect(frame.length).toBe(3132);
    expect(toHex(session.open(await device.process(frame)).payload)).toBe(toHex(largest));
    expect((await session.ok(Command.GetPseudoRandom, hex('0c2c'))).length).toBe(3116);
    expect(await session.error(Command.GetPseudoRandom, hex('0c2d'))).toBe(
      DeviceErrorCode.INVALID_DATA,
    );
  });

  it('answers WRONG_LENGTH when an export would not fit a response frame', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    const exportable = capabilities('exportable-under-wrap');
    await session.ok(
      Command.PutWrapKey,
      Uint8Array.from([
        ...creationPrefix(2, 'w', 1, capabilities('export-wrapped'), Algorithm.Aes128CcmWrap),
        ...capabilityBytes(exportable),
        ...new Uint8Array(16),
      ]),
    );
    await session.ok(
      Command.PutOpaque,
      Uint8Array.from([
        ...creationPrefix(3, 'big', 1, exportable, Algorithm.OpaqueData),
        ...new Uint8Array(3063),
      ]),
    );
    expect(await session.error(Command.ExportWrapped, hex('0002 01 0003'))).toBe(
      DeviceErrorCode.WRONG_LENGTH,
    );
    await session.ok(
      Command.PutOpaque,
      Uint8Array.from([
        ...creationPrefix(4, 'fits', 1, exportable, Algorithm.OpaqueData),
        ...new Uint8Array(3028),
      ]),
    );
    expect((await session.ok(Command.ExportWrapped, hex('0002 01 0004'))).length).toBe(3116);
  });

  it('answers requests in arrival order when they come in concurrently', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    // Sealed back to back, each MAC chains on the one before: out of order they would fail.
    const frames = Array.from({ length: 12 }, (_, i) => {
      const frame = session.seal(Command.Echo, Uint8Array.of(i));
      session.counter += 1;
      return frame;
    });
    const responses = await Promise.all(frames.map((frame) => device.process(frame)));
    expect(responses.map((response) => response[0])).toEqual(new Array(12).fill(0x85));
  });
});
