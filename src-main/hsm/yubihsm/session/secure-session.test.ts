import { describe, expect, it } from 'vitest';
import type { AuthenticationKeys } from '../crypto/password-keys';
import { deriveAuthenticationKeys } from '../crypto/password-keys';
import { Command } from '../protocol/commands';
import {
  YubiHsmDeviceError,
  YubiHsmProtocolError,
  YubiHsmTransportError,
} from '../protocol/device-errors';
import { encodeFrame, errorFrame } from '../protocol/frame';
import {
  YubiHsmArgumentError,
  YubiHsmAuthenticationError,
  YubiHsmSessionExpiredError,
  YubiHsmSessionUnusableError,
} from './errors';
import { SecureSession } from './secure-session';
import { ChannelPeer } from './test-support/channel-peer';
import { ScriptedTransport } from './test-support/scripted-transport';
import { V1, V2, V3, fromHex, toHex } from './test-support/vectors';

const factoryKeys = (): AuthenticationKeys => ({
  encryptionKey: V1.encryptionKey.slice(),
  macKey: V1.macKey.slice(),
});

/** A session opened by replaying vector V2, with the device's end of the channel for later answers. */
async function openV2Session(): Promise<{
  session: SecureSession;
  transport: ScriptedTransport;
  peer: ChannelPeer;
}> {
  const transport = new ScriptedTransport([V2.createResponse, V2.authenticateResponse]);
  const session = await SecureSession.open(transport, 1, factoryKeys(), {
    hostChallenge: V2.hostChallenge,
  });
  return { session, transport, peer: ChannelPeer.forV2() };
}

function internals(session: SecureSession): {
  keys: { encryption: Uint8Array; mac: Uint8Array; responseMac: Uint8Array };
  chain: Uint8Array;
} {
  return session as unknown as {
    keys: { encryption: Uint8Array; mac: Uint8Array; responseMac: Uint8Array };
    chain: Uint8Array;
  };
}

function expectZeroized(session: SecureSession): void {
  const { keys, chain } = internals(session);
  for (const bytes of [keys.encryption, keys.mac, keys.responseMac, chain])
    expect(bytes.every((b) => b === 0)).toBe(true);
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}

describe('SecureSession.open (spec §3.2-3.4)', () => {
  it('sends exactly the V2 handshake bytes and ends on session 0', async () => {
    const { session, transport } = await openV2Session();
    expect(transport.sent.map(toHex)).toEqual([
      toHex(V2.createRequest),
      toHex(V2.authenticateRequest),
    ]);
    expect(session.id).toBe(0);
    expect(session.authKeyId).toBe(1);
    expect(session.isOpen).toBe(true);
    expect(toHex(internals(session).chain)).toBe(toHex(V2.chainAfterAuthenticate));
  });

  it('uses a fresh random host challenge unless one is given', async () => {
    const challenges = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const transport = new ScriptedTransport([V2.createResponse]);
      await rejection(SecureSession.open(transport, 1, factoryKeys()));
      challenges.add(toHex(transport.sent[0]!.subarray(5)));
    }
    expect(challenges.size).toBe(3);
  });

  it('refuses a wrong password with a typed error that names the key and not the password', async () => {
    const password = 'correct horse battery staple';
    const wrong = await deriveAuthenticationKeys(password);
    const transport = new ScriptedTransport([V2.createResponse, errorFrame(0x04)]);
    const error = await rejection(
      SecureSession.open(transport, 1, wrong, { hostChallenge: V2.hostChallenge }),
    );
    expect(error).toBeInstanceOf(YubiHsmAuthenticationError);
    expect(error).toBeInstanceOf(YubiHsmDeviceError);
    expect((error as YubiHsmDeviceError).is('AUTHENTICATION_FAILED')).toBe(true);
    expect(error.message).toMatch(
      /^authentication failed: the password does not match authentication key 0x0001/,
    );
    expect(error.message).not.toContain(password);
    // The card cryptogram was checked first, so what follows CREATE SESSION is only the
    // slot-release AUTHENTICATE: random bytes, nothing derived from the wrong password.
    expect(transport.sent).toHaveLength(2);
    const release = transport.sent[1]!;
    expect(toHex(release.subarray(0, 4))).toBe('04001100');
    expect(toHex(release)).not.toBe(toHex(V2.authenticateRequest));
  });

  it('still reports the wrong password when the slot release cannot be delivered', async () => {
    const wrong = await deriveAuthenticationKeys('nope');
    const transport = new ScriptedTransport([
      V2.createResponse,
      new YubiHsmTransportError('unplugged'),
    ]);
    const error = await rejection(
      SecureSession.open(transport, 1, wrong, { hostChallenge: V2.hostChallenge }),
    );
    expect(error).toBeInstanceOf(YubiHsmAuthenticationError);
  });

  it('treats a refused AUTHENTICATE SESSION as a wrong password too', async () => {
    const transport = new ScriptedTransport([V2.createResponse, errorFrame(0x04)]);
    const error = await rejection(
      SecureSession.open(transport, 1, factoryKeys(), { hostChallenge: V2.hostChallenge }),
    );
    expect(error).toBeInstanceOf(YubiHsmAuthenticationError);
    expect((error as YubiHsmDeviceError).command).toBe(Command.AuthenticateSession);
  });

  it('passes device errors of CREATE SESSION through, naming the command', async () => {
    for (const [code, name] of [
      [0x0b, 'OBJECT_NOT_FOUND'],
      [0x05, 'SESSIONS_FULL'],
    ] as const) {
      const error = await rejection(
        SecureSession.open(new ScriptedTransport([errorFrame(code)]), 7, factoryKeys()),
      );
      expect(error).toBeInstanceOf(YubiHsmDeviceError);
      expect(error).not.toBeInstanceOf(YubiHsmAuthenticationError);
      expect((error as YubiHsmDeviceError).errorName).toBe(name);
      expect((error as YubiHsmDeviceError).command).toBe(Command.CreateSession);
    }
  });

  it('rejects a non-empty AUTHENTICATE SESSION reply', async () => {
    const transport = new ScriptedTransport([V2.createResponse, fromHex('84 0001 00')]);
    const error = await rejection(
      SecureSession.open(transport, 1, factoryKeys(), { hostChallenge: V2.hostChallenge }),
    );
    expect(error).toBeInstanceOf(YubiHsmProtocolError);
    expect(error.message).toMatch(/^AUTHENTICATE SESSION: expected an empty response/);
  });

  it('validates its arguments before sending anything', async () => {
    const transport = new ScriptedTransport();
    await expect(SecureSession.open(transport, 0, factoryKeys())).rejects.toThrow(
      YubiHsmArgumentError,
    );
    await expect(SecureSession.open(transport, 0xffff, factoryKeys())).rejects.toThrow(
      /outside 1\.\.0xfffe/,
    );
    await expect(
      SecureSession.open(transport, 1, factoryKeys(), { hostChallenge: new Uint8Array(7) }),
    ).rejects.toThrow(/8 bytes/);
    await expect(
      SecureSession.open(transport, 1, {
        encryptionKey: new Uint8Array(16),
        macKey: new Uint8Array(8),
      }),
    ).rejects.toThrow(/wrong length/);
    expect(transport.sent).toHaveLength(0);
  });
});

describe('SecureSession.send (spec §3.5)', () => {
  it('produces the V3 request and decodes the V3 reply', async () => {
    const { session, transport } = await openV2Session();
    transport.answer(V3.response);
    const reply = await session.send(Command.Echo, V3.innerPayload);
    expect(toHex(transport.sent[2]!)).toBe(toHex(V3.request));
    expect(toHex(reply)).toBe('010203');
    expect(toHex(internals(session).chain)).toBe(toHex(V3.chainAfter));
  });

  it('keeps counter and chain in step over many messages of every padding length', async () => {
    const { session, transport, peer } = await openV2Session();
    transport.otherwise(
      peer.responder(({ command, payload }) => encodeFrame(command | 0x80, payload)),
    );
    for (let length = 0; length < 40; length++) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 7 + length) & 0xff);
      expect(toHex(await session.send(Command.Echo, data))).toBe(toHex(data));
    }
    expect(peer.counter).toBe(41);
  });

  it('never interleaves concurrent sends', async () => {
    const { session, transport, peer } = await openV2Session();
    const respond = peer.responder(({ command, payload }) => encodeFrame(command | 0x80, payload));
    // Answers arrive after a few turns of the event loop, as over USB.
    transport.otherwise(
      (frame) =>
        new Promise((resolve) => setImmediate(() => setImmediate(() => resolve(respond(frame))))),
    );
    const payloads = Array.from({ length: 25 }, (_, i) => Uint8Array.of(i, i, i));
    const replies = await Promise.all(payloads.map((p) => session.send(Command.Echo, p)));
    expect(replies.map(toHex)).toEqual(payloads.map(toHex));
  });

  it('turns an inner device error into a YubiHsmDeviceError naming the inner command, and stays usable', async () => {
    const { session, transport, peer } = await openV2Session();
    transport.answer(peer.responder(() => errorFrame(0x0b)));
    const error = await rejection(session.send(Command.GetObjectInfo, fromHex('0064 03')));
    expect(error).toBeInstanceOf(YubiHsmDeviceError);
    expect((error as YubiHsmDeviceError).errorName).toBe('OBJECT_NOT_FOUND');
    expect(error.message).toMatch(/^GET OBJECT INFO failed with OBJECT_NOT_FOUND/);
    transport.answer(peer.responder(({ payload }) => encodeFrame(0x81, payload)));
    expect(toHex(await session.send(Command.Echo, Uint8Array.of(9)))).toBe('09');
  });

  it('reports an expired session as such, without resending the command', async () => {
    const { session, transport } = await openV2Session();
    transport.answer(errorFrame(0x03));
    const error = await rejection(session.send(Command.PutWrapKey, new Uint8Array(93)));
    expect(error).toBeInstanceOf(YubiHsmSessionExpiredError);
    expect((error as YubiHsmDeviceError).is('INVALID_SESSION')).toBe(true);
    expect(error.message).toMatch(
      /^PUT WRAP KEY failed: the session with authentication key 0x0001 has expired/,
    );
    expect(transport.sent).toHaveLength(3);
    expect(session.isOpen).toBe(false);
    expectZeroized(session);
    const next = await rejection(session.send(Command.Echo, Uint8Array.of(1)));
    expect(next).toBeInstanceOf(YubiHsmSessionUnusableError);
    expect(next.message).toMatch(
      /^ECHO: the session with authentication key 0x0001 has expired on the device; open a new session/,
    );
    expect(transport.sent).toHaveLength(3);
  });

  it('reads an outer error before any MAC check and ends the session', async () => {
    const { session, transport } = await openV2Session();
    transport.answer(errorFrame(0x04));
    const error = await rejection(session.send(Command.ListObjects));
    expect(error).toBeInstanceOf(YubiHsmDeviceError);
    expect((error as YubiHsmDeviceError).command).toBe(Command.ListObjects);
    expect((error as YubiHsmDeviceError).errorName).toBe('AUTHENTICATION_FAILED');
    expect(session.isOpen).toBe(false);
  });

  const corruptions: [string, (peer: ChannelPeer, request: Uint8Array) => Uint8Array, RegExp][] = [
    [
      'a flipped R-MAC bit',
      (peer, request) => {
        peer.receive(request);
        const reply = peer.reply(0x81, Uint8Array.of(1));
        reply[reply.length - 1]! ^= 0x01;
        return reply;
      },
      /failed its integrity check/,
    ],
    [
      'a flipped ciphertext bit',
      (peer, request) => {
        peer.receive(request);
        const reply = peer.reply(0x81, Uint8Array.of(1));
        reply[5]! ^= 0x80;
        return reply;
      },
      /failed its integrity check/,
    ],
    [
      'a wrong session id',
      (peer, request) => {
        peer.receive(request);
        return peer.replyFrame(encodeFrame(0x81, Uint8Array.of(1)), { sessionId: 5 });
      },
      /for session 5, not this session \(0\)/,
    ],
    [
      'a truncated frame',
      (peer, request) => {
        peer.receive(request);
        return peer.reply(0x81, Uint8Array.of(1)).subarray(0, 20);
      },
      /length field does not match/,
    ],
    [
      'a ciphertext that is not whole blocks',
      () => fromHex('85 000c 00 0102030405060708090a0b'),
      /not a session id, whole AES blocks/,
    ],
    ['the wrong outer response code', () => fromHex('81 0001 01'), /code 0x81 instead of 0x85/],
    [
      'a long outer error frame',
      () => fromHex('7f 0002 0300'),
      /error frame with a 2-byte payload/,
    ],
    [
      'bad padding under a valid MAC',
      (peer, request) => {
        peer.receive(request);
        return peer.replyFrame(new Uint8Array(0), {
          padded: fromHex('81000101 00000000 00000000 00000001'),
        });
      },
      /bad padding/,
    ],
    [
      'an inner length that does not match',
      (peer, request) => {
        peer.receive(request);
        return peer.replyFrame(new Uint8Array(0), {
          padded: fromHex('81000501 80000000 00000000 00000000'),
        });
      },
      /length field does not match/,
    ],
    [
      'an unexpected inner response code',
      (peer, request) => {
        peer.receive(request);
        return peer.reply(0xce, new Uint8Array(66));
      },
      /code 0xce \(GET OBJECT INFO\) instead of 0x81/,
    ],
    [
      'a long inner error frame',
      (peer, request) => {
        peer.receive(request);
        return peer.reply(0x7f, Uint8Array.of(0x0b, 0x00));
      },
      /inner error frame with a 2-byte payload/,
    ],
  ];

  for (const [what, corrupt, problem] of corruptions) {
    it(`rejects a response with ${what} as a protocol error naming the command, then refuses further sends`, async () => {
      const { session, transport, peer } = await openV2Session();
      transport.answer((request) => corrupt(peer, request));
      const error = await rejection(session.send(Command.Echo, Uint8Array.of(1)));
      expect(error).toBeInstanceOf(YubiHsmProtocolError);
      expect((error as YubiHsmProtocolError).command).toBe(Command.Echo);
      expect(error.message).toMatch(/^ECHO: /);
      expect(error.message).toMatch(problem);
      expect(error.message).toMatch(
        /; the session was ended: open a new session and check whether the step took effect before repeating it$/,
      );
      expect(session.isOpen).toBe(false);
      expectZeroized(session);
      const next = await rejection(session.send(Command.Echo, Uint8Array.of(1)));
      expect(next).toBeInstanceOf(YubiHsmSessionUnusableError);
      expect(next.message).toMatch(/failed its checks; open a new session/);
      expect(transport.sent).toHaveLength(3);
    });
  }

  it('passes transport errors through and wraps foreign ones, ending the session', async () => {
    const { session, transport } = await openV2Session();
    transport.answer(new YubiHsmTransportError('the device was unplugged'));
    await expect(session.send(Command.Echo)).rejects.toThrow('the device was unplugged');
    expect(session.isOpen).toBe(false);

    const second = await openV2Session();
    second.transport.answer(new TypeError('socket hang up'));
    const error = await rejection(second.session.send(Command.BlinkDevice, Uint8Array.of(1)));
    expect(error).toBeInstanceOf(YubiHsmTransportError);
    expect(error.message).toMatch(
      /^BLINK DEVICE could not reach the device at scripted test transport/,
    );
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('refuses a payload larger than one message before sending', async () => {
    const { session, transport } = await openV2Session();
    expect(session.maxPayloadLength).toBe(3116);
    const error = await rejection(session.send(Command.PutOpaque, new Uint8Array(3117)));
    expect(error).toBeInstanceOf(YubiHsmArgumentError);
    expect(error.message).toMatch(
      /PUT OPAQUE would carry 3117 bytes, but one message to the device holds at most 3116/,
    );
    expect(transport.sent).toHaveLength(2);
    expect(session.isOpen).toBe(true);
  });

  it('fits the largest payload exactly into a 3136-byte frame', async () => {
    const { session, transport, peer } = await openV2Session();
    transport.answer(peer.responder(() => encodeFrame(0x81)));
    await session.send(Command.Echo, new Uint8Array(3116));
    expect(transport.sent[2]!.length).toBeLessThanOrEqual(3136);
  });
});

describe('SecureSession.close', () => {
  it('sends CLOSE SESSION inside the channel, zeroizes, and is safe to call twice', async () => {
    const { session, transport, peer } = await openV2Session();
    const seen: number[] = [];
    transport.answer(
      peer.responder(({ command }) => {
        seen.push(command);
        return encodeFrame(0xc0);
      }),
    );
    await session.close();
    await session.close();
    expect(seen).toEqual([Command.CloseSession]);
    expect(transport.sent).toHaveLength(3);
    expectZeroized(session);
    await expect(session.send(Command.Echo)).rejects.toThrow(
      /ECHO: the session with authentication key 0x0001 is closed; open a new session/,
    );
  });

  it('waits for sends already queued, and refuses sends queued after it', async () => {
    const { session, transport, peer } = await openV2Session();
    transport.otherwise(
      peer.responder(({ command, payload }) => encodeFrame(command | 0x80, payload)),
    );
    const before = session.send(Command.Echo, Uint8Array.of(1));
    const closing = session.close();
    const after = session.send(Command.Echo, Uint8Array.of(2));
    expect(toHex(await before)).toBe('01');
    await closing;
    await expect(after).rejects.toBeInstanceOf(YubiHsmSessionUnusableError);
  });

  it('resolves when the device has already expired the session', async () => {
    const { session, transport } = await openV2Session();
    transport.answer(errorFrame(0x03));
    await session.close();
    expect(session.isOpen).toBe(false);
  });

  it('reports a failed CLOSE SESSION once but still zeroizes', async () => {
    const { session, transport } = await openV2Session();
    transport.answer(new YubiHsmTransportError('gone'));
    await expect(session.close()).rejects.toThrow('gone');
    expectZeroized(session);
    await session.close();
  });

  it('discard() forgets the session without sending anything', async () => {
    const { session, transport } = await openV2Session();
    session.discard();
    await session.close();
    expect(transport.sent).toHaveLength(2);
    expectZeroized(session);
  });
});
