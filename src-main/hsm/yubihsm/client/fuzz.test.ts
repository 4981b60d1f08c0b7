// Random and mutated device answers fed to the client. Whatever comes back, only the three
// YubiHSM error classes may escape and every call must settle. The PRNG is seeded, so a
// failure names its seed and iteration and reproduces.

import { describe, expect, it } from 'vitest';
import { Command } from '../protocol/commands';
import {
  YubiHsmDeviceError,
  YubiHsmProtocolError,
  YubiHsmTransportError,
} from '../protocol/device-errors';
import { encodeFrame } from '../protocol/frame';
import { SecureSession } from '../session/secure-session';
import { ChannelPeer, type InnerRequest } from '../session/test-support/channel-peer';
import { ScriptedTransport, type ScriptedAnswer } from '../session/test-support/scripted-transport';
import { V1, V2 } from '../session/test-support/vectors';
import { seededRandom, type SeededRandom } from '../test-support/seeded-random';
import { YubiHsmClient } from './yubihsm-client';
import { YubiHsmSession } from './yubihsm-session';

const SEED = 0x5eed_2026;
const PLAIN_ROUNDS = 2000;
const SESSION_ROUNDS = 3000;

function mutate(rng: SeededRandom, frame: Uint8Array): Uint8Array {
  const out = frame.slice();
  switch (rng.int(7)) {
    case 0: {
      // flip one bit
      if (out.length) out[rng.int(out.length)]! ^= 1 << rng.int(8);
      return out;
    }
    case 1:
      return out.subarray(0, rng.int(out.length + 1)); // truncate
    case 2:
      return new Uint8Array([...out, ...rng.bytes(1 + rng.int(20))]); // extend
    case 3: {
      // rewrite the length field
      if (out.length >= 3) {
        out[1] = rng.int(256);
        out[2] = rng.int(256);
      }
      return out;
    }
    case 4: {
      // change the session id byte
      if (out.length >= 4) out[3] = rng.int(256);
      return out;
    }
    case 5:
      return encodeFrame(0x7f, rng.bytes(rng.int(3))); // outer error, sometimes malformed
    default:
      return rng.bytes(rng.int(64)); // noise
  }
}

/** An arbitrary frame-ish answer for a plain command. */
function plainAnswer(rng: SeededRandom, request: Uint8Array, genuine: Uint8Array): ScriptedAnswer {
  switch (rng.int(8)) {
    case 0:
      return genuine;
    case 1:
      return mutate(rng, genuine);
    case 2:
      return encodeFrame(
        rng.pick([request[0]! | 0x80, 0x7f, rng.int(256)]),
        rng.bytes(rng.int(80)),
      );
    case 3:
      return encodeFrame(0x7f, Uint8Array.of(rng.int(256)));
    case 4:
      return new YubiHsmTransportError('fuzz: the cable fell out');
    case 5:
      return new TypeError('fuzz: a foreign error from below');
    case 6:
      return () => undefined as unknown as Uint8Array;
    default:
      return rng.bytes(rng.int(40));
  }
}

function expectTyped(error: unknown, context: string): void {
  const typed =
    error instanceof YubiHsmDeviceError ||
    error instanceof YubiHsmProtocolError ||
    error instanceof YubiHsmTransportError;
  if (!typed) throw new Error(`${context}: untyped error escaped: ${String(error)}`);
}

type Outcome = 'ok' | 'device' | 'protocol' | 'transport';
function classify(error: unknown): Outcome {
  if (error instanceof YubiHsmDeviceError) return 'device';
  if (error instanceof YubiHsmProtocolError) return 'protocol';
  return 'transport';
}

describe('fuzzing the client with random and mutated answers', () => {
  it(`plain commands and session opening (${PLAIN_ROUNDS} rounds, seed ${SEED.toString(16)})`, async () => {
    const rng = seededRandom(SEED);
    const outcomes: Record<Outcome, number> = { ok: 0, device: 0, protocol: 0, transport: 0 };
    const keys = { encryptionKey: V1.encryptionKey, macKey: V1.macKey };
    for (let round = 0; round < PLAIN_ROUNDS; round++) {
      const kind = rng.int(3);
      const transport = new ScriptedTransport();
      const data = rng.bytes(rng.int(16));
      try {
        if (kind === 0) {
          transport.answer(
            plainAnswer(
              rng,
              Uint8Array.of(0x06),
              encodeFrame(0x86, Uint8Array.of(2, 4, 0, ...rng.bytes(6), ...rng.bytes(rng.int(50)))),
            ),
          );
          await new YubiHsmClient(transport).deviceInfo();
        } else if (kind === 1) {
          transport.answer(plainAnswer(rng, Uint8Array.of(0x01), encodeFrame(0x81, data)));
          await new YubiHsmClient(transport).echo(data);
        } else {
          transport.answer(
            plainAnswer(rng, Uint8Array.of(0x03), V2.createResponse),
            plainAnswer(rng, Uint8Array.of(0x04), V2.authenticateResponse),
          );
          await SecureSession.open(transport, 1, keys, { hostChallenge: V2.hostChallenge });
        }
        outcomes.ok += 1;
      } catch (error) {
        expectTyped(error, `seed ${SEED} round ${round}`);
        outcomes[classify(error)] += 1;
      }
    }
    // The fuzz is only worth something if it reached every kind of outcome.
    for (const count of Object.values(outcomes)) expect(count).toBeGreaterThan(50);
  });

  it(`typed commands inside a session (${SESSION_ROUNDS} rounds, seed ${(SEED + 1).toString(16)})`, async () => {
    const rng = seededRandom(SEED + 1);
    const outcomes: Record<Outcome, number> = { ok: 0, device: 0, protocol: 0, transport: 0 };
    for (let round = 0; round < SESSION_ROUNDS; round++) {
      const transport = new ScriptedTransport([V2.createResponse, V2.authenticateResponse]);
      const secure = await SecureSession.open(
        transport,
        1,
        { encryptionKey: V1.encryptionKey, macKey: V1.macKey },
        { hostChallenge: V2.hostChallenge },
      );
      const session = new YubiHsmSession(secure);
      const peer = ChannelPeer.forV2();
      transport.otherwise((frame) => sessionAnswer(rng, peer, frame));
      // Two calls per session: the second meets whatever state the first left behind.
      for (let call = 0; call < 2; call++) {
        try {
          await rng.pick(CALLS)(session, rng);
          outcomes.ok += 1;
        } catch (error) {
          expectTyped(error, `seed ${SEED + 1} round ${round} call ${call}`);
          outcomes[classify(error)] += 1;
        }
      }
    }
    for (const count of Object.values(outcomes)) expect(count).toBeGreaterThan(50);
  });
});

/** The device's answer: a genuine sealed reply around a plausible or random inner frame, sometimes mutated. */
function sessionAnswer(rng: SeededRandom, peer: ChannelPeer, frame: Uint8Array): Uint8Array {
  const roll = rng.int(10);
  if (roll === 0) throw new YubiHsmTransportError('fuzz: unplugged mid-command');
  if (roll === 1) return mutate(rng, frame); // garbage that is not even for us
  let request: InnerRequest;
  try {
    request = peer.receive(frame);
  } catch {
    return encodeFrame(0x7f, Uint8Array.of(0x04)); // out of step: what a device says to a bad MAC
  }
  let reply: Uint8Array;
  if (roll === 2) {
    // Valid MAC around bytes that are not a well-formed padded inner frame.
    reply = peer.replyFrame(new Uint8Array(0), { padded: rng.bytes(16 * (1 + rng.int(3))) });
  } else {
    const inner =
      roll <= 5
        ? plausibleInner(rng, request)
        : encodeFrame(
            rng.pick([request.command | 0x80, 0x7f, rng.int(256)]),
            rng.bytes(rng.int(70)),
          );
    reply = peer.replyFrame(inner);
  }
  return rng.int(3) === 0 ? mutate(rng, reply) : reply;
}

/** An inner response that has the right shape for the command often enough to reach success paths. */
function plausibleInner(rng: SeededRandom, { command, payload }: InnerRequest): Uint8Array {
  const okFrame = (body: Uint8Array) => encodeFrame(command | 0x80, body);
  if (rng.int(6) === 0)
    return encodeFrame(
      0x7f,
      Uint8Array.of(rng.pick([0x03, 0x04, 0x09, 0x0b, 0x11, 0xff, rng.int(256)])),
    );
  switch (command) {
    case Command.GetStorageInfo:
      return okFrame(rng.bytes(10));
    case Command.ListObjects:
      return okFrame(rng.bytes(4 * rng.int(6)));
    case Command.GetObjectInfo:
      return okFrame(rng.bytes(66));
    case Command.PutOpaque:
    case Command.PutWrapKey:
    case Command.GenerateWrapKey:
    case Command.PutAuthenticationKey:
    case Command.ChangeAuthenticationKey:
    case Command.GenerateAsymmetricKey:
      return okFrame(rng.int(4) === 0 ? rng.bytes(2) : payload.slice(0, 2));
    case Command.GetPublicKey:
      return okFrame(rng.bytes(1 + rng.int(65)));
    case Command.ExportWrapped:
      return okFrame(rng.bytes(80 + rng.int(40)));
    case Command.ImportWrapped:
      return okFrame(rng.bytes(3));
    case Command.SignEcdsa:
      return okFrame(
        rng.int(2) ? Uint8Array.of(0x30, 6, 2, 1, rng.int(128), 2, 1, rng.int(128)) : rng.bytes(72),
      );
    case Command.SignEddsa:
      return okFrame(rng.bytes(64));
    case Command.SignPkcs1:
    case Command.SignPss:
      return okFrame(rng.bytes(rng.pick([256, 255])));
    case Command.GetLogEntries: {
      const n = rng.int(3);
      return okFrame(Uint8Array.of(...rng.bytes(4), n, ...rng.bytes(32 * n + rng.int(2))));
    }
    case Command.GetPseudoRandom:
      return okFrame(rng.bytes((payload[0]! << 8) | payload[1]!));
    case Command.Echo:
      return okFrame(payload);
    case Command.GetOpaque:
    case Command.GetOption:
      return okFrame(rng.bytes(rng.int(20)));
    default:
      return okFrame(rng.int(5) === 0 ? rng.bytes(1) : new Uint8Array(0));
  }
}

const newObject = (rng: SeededRandom) => ({
  id: rng.int(3) === 0 ? 0 : 1 + rng.int(0xfffe),
  label: 'fuzz',
  domains: 1 + rng.int(0xffff),
  capabilities: 0x10000n,
});
const keys = () => ({
  encryptionKey: new Uint8Array(16).fill(1),
  macKey: new Uint8Array(16).fill(2),
});

const CALLS: ((s: YubiHsmSession, rng: SeededRandom) => Promise<unknown>)[] = [
  (s) => s.storageInfo(),
  (s, rng) => s.listObjects(rng.int(2) ? { type: 4 } : undefined),
  (s) => s.getObjectInfo(1, 2),
  (s) => s.deleteObject(5, 3),
  (s, rng) => s.putOpaque({ ...newObject(rng), data: rng.bytes(1 + rng.int(30)) }),
  (s) => s.getOpaque(3),
  (s, rng) =>
    s.putWrapKey({
      ...newObject(rng),
      delegatedCapabilities: 0n,
      algorithm: 29,
      key: rng.bytes(16),
    }),
  (s, rng) => s.generateWrapKey({ ...newObject(rng), delegatedCapabilities: 0n, algorithm: 42 }),
  (s, rng) =>
    s.putAuthenticationKey({
      ...newObject(rng),
      delegatedCapabilities: 0n,
      credential: { keys: keys() },
    }),
  (s) => s.changeAuthenticationKey({ keys: keys() }),
  (s, rng) => s.generateAsymmetricKey({ ...newObject(rng), algorithm: rng.pick([9, 12, 46]) }),
  (s) => s.getPublicKey(7),
  (s) => s.exportWrapped(0x64, 3, 7),
  (s, rng) => s.importWrapped(0x64, rng.bytes(89 + rng.int(40))),
  (s, rng) => s.signEcdsa(7, rng.bytes(32)),
  (s, rng) => s.signEddsa(7, rng.bytes(rng.int(40))),
  (s, rng) => s.signPkcs1(7, rng.bytes(32)),
  (s, rng) => s.signPss(7, 33, 32, rng.bytes(32)),
  (s) => s.getLogEntries(),
  (s, rng) => s.setLogIndex(rng.int(0x10000)),
  (s) => s.setOption(1, Uint8Array.of(1)),
  (s) => s.getOption(3),
  (s, rng) => s.pseudoRandom(1 + rng.int(64)),
  (s, rng) => s.blink(rng.int(256)),
  (s, rng) => s.echo(rng.bytes(rng.int(40))),
  (s) => s.resetDevice(),
  (s) => s.close(),
];
