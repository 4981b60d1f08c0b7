// Fuzzing (brief): thousands of random and mutated frames, outer and inner, from a seeded PRNG.
// Whatever arrives, process() resolves with one well-formed frame: the request's code | 0x80,
// or `7f 00 01 xx`. Bounded by count, never by time.

import { describe, expect, it } from 'vitest';
import { Algorithm } from '../protocol/algorithms';
import { capabilities } from '../protocol/capabilities';
import { Command, responseCodeFor } from '../protocol/commands';
import { MAX_FRAME_LENGTH, encodeFrame, tryDecodeFrame } from '../protocol/frame';
import { concatBytes } from '../protocol/bytes';
import { seededRandom, type SeededRandom } from '../test-support/seeded-random';
import { INNER_COMMANDS } from './commands';
import { SimulatedYubiHsm } from './simulated-yubihsm';
import {
  capabilityBytes,
  creationPrefix,
  hex,
  openRawSession,
  type RawSession,
} from './test-support';

function expectWellFormed(request: Uint8Array, response: Uint8Array): void {
  const frame = tryDecodeFrame(response);
  expect(frame, 'response length field matches').toBeDefined();
  expect(response.length).toBeLessThanOrEqual(MAX_FRAME_LENGTH);
  if (frame!.code === 0x7f) expect(frame!.payload.length).toBe(1);
  else expect(frame!.code).toBe(responseCodeFor(request[0]!));
}

function mutate(random: SeededRandom, frame: Uint8Array): Uint8Array {
  const copy = frame.slice();
  switch (random.int(5)) {
    case 0: // flip a few bits
      for (let i = random.int(4) + 1; i > 0 && copy.length; i--)
        copy[random.int(copy.length)]! ^= 1 << random.int(8);
      return copy;
    case 1: // truncate
      return copy.subarray(0, random.int(copy.length + 1));
    case 2: // extend
      return concatBytes(copy, random.bytes(random.int(40) + 1));
    case 3: // fix up the length field after damaging the body, so it passes framing
      if (copy.length > 3) copy[3 + random.int(copy.length - 3)] = random.int(256);
      return encodeFrame(copy[0] ?? 0, copy.subarray(3));
    default: // another code with the same body
      copy[0] = random.int(256);
      return copy;
  }
}

describe('fuzzing process()', () => {
  it('answers 4000 random and mutated outer frames with well-formed frames', async () => {
    const random = seededRandom(0xc0570);
    const device = await SimulatedYubiHsm.create({ randomBytes: (count) => random.bytes(count) });
    const session = await openRawSession(device);
    const seeds = [
      hex('01 0003 010203'),
      hex('06 0000'),
      hex('06 0001 01'),
      hex('03 000a 0001 0102030405060708'),
      hex('04 0011 00 1ce7552e0f7976db cc2198fd155c335a'),
      session.seal(Command.Echo, hex('0102')),
      session.seal(Command.ListObjects),
      hex('0a 0000'),
      // CREATE SESSION with a host ephemeral key (asymmetric authentication, spec §3.7)
      concatBytes(hex('03 0043 0001 04'), random.bytes(64)),
    ];
    for (let i = 0; i < 4000; i++) {
      let request: Uint8Array;
      const kind = random.int(3);
      if (kind === 0)
        request = random.bytes(random.next() < 0.02 ? 3000 + random.int(300) : random.int(64));
      else if (kind === 1) request = encodeFrame(random.int(256), random.bytes(random.int(96)));
      else request = mutate(random, seeds[random.int(seeds.length)]!);
      const response = await device.process(request);
      if (request.length >= 3 && tryDecodeFrame(request) && request.length <= MAX_FRAME_LENGTH)
        expectWellFormed(request, response);
      else expect(Buffer.from(response).toString('hex')).toBe('7f000108');
    }
  });

  it('answers 2500 random and mutated inner commands inside a session with well-formed inner frames', async () => {
    const random = seededRandom(0x5eed);
    const device = await SimulatedYubiHsm.create({ randomBytes: (count) => random.bytes(count) });
    let session: RawSession = await openRawSession(device);
    const all = 0xffff_ffff_ffff_ffffn;
    await session.ok(
      Command.PutWrapKey,
      concatBytes(
        creationPrefix(0x10, 'w', 0xffff, all, Algorithm.Aes128CcmWrap),
        capabilityBytes(all),
        new Uint8Array(16).fill(3),
      ),
    );
    await session.ok(
      Command.GenerateAsymmetricKey,
      creationPrefix(0x11, 'ec', 1, all, Algorithm.EcP256),
    );
    await session.ok(
      Command.GenerateAsymmetricKey,
      creationPrefix(0x12, 'ed', 1, all, Algorithm.Ed25519),
    );
    await session.ok(
      Command.PutHmacKey,
      concatBytes(
        creationPrefix(0x13, 'h', 1, all, Algorithm.HmacSha1),
        new Uint8Array(20).fill(1),
      ),
    );
    await session.ok(
      Command.PutOpaque,
      concatBytes(
        creationPrefix(0x14, 'o', 1, capabilities('exportable-under-wrap'), Algorithm.OpaqueData),
        hex('0102'),
      ),
    );
    const blob = await session.ok(Command.ExportWrapped, hex('0010 01 0014'));
    // OTP AEAD key 0x15 and one of its AEADs.
    await session.ok(
      Command.PutOtpAeadKey,
      concatBytes(
        creationPrefix(0x15, 'otp', 1, all, Algorithm.Aes128YubicoOtp),
        hex('01020304'),
        new Uint8Array(16).fill(4),
      ),
    );
    const aead = await session.ok(Command.RandomizeOtpAead, hex('0015'));
    // Asymmetric wrap: an RSA wrap key 0x16 and its public half as public wrap key 0x17.
    await session.ok(
      Command.GenerateWrapKey,
      concatBytes(
        creationPrefix(0x16, 'rsa', 0xffff, all, Algorithm.Rsa2048),
        capabilityBytes(all),
      ),
    );
    const modulus = (await session.ok(Command.GetPublicKey, hex('0016 04'))).subarray(1);
    await session.ok(
      Command.PutPublicWrapKey,
      concatBytes(
        creationPrefix(0x17, 'pub', 0xffff, all, Algorithm.Rsa2048),
        capabilityBytes(all),
        modulus,
      ),
    );
    const labelHash = hex('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const rsaParameters = concatBytes(hex('34 1a 21'), labelHash);
    const rsaBlob = await session.ok(
      Command.ExportRsaWrapped,
      concatBytes(hex('0017 01 0014'), rsaParameters),
    );
    const rawKey = await session.ok(
      Command.GetRsaWrappedKey,
      concatBytes(hex('0017 03 0011'), rsaParameters),
    );

    const valid: [number, Uint8Array][] = [
      [Command.ListObjects, hex('01 0011 02 03 03 ffff 05 0c')],
      [Command.GetObjectInfo, hex('0011 03')],
      [Command.SignEcdsa, concatBytes(hex('0011'), new Uint8Array(32).fill(9))],
      [Command.SignEddsa, concatBytes(hex('0012'), hex('6d657373616765'))],
      [Command.SignHmac, concatBytes(hex('0013'), hex('01'))],
      [Command.VerifyHmac, concatBytes(hex('0013'), new Uint8Array(21))],
      [Command.ImportWrapped, concatBytes(hex('0010'), blob)],
      [Command.ExportWrapped, hex('0010 03 0012 01')],
      [
        Command.PutOpaque,
        concatBytes(creationPrefix(0, 'f', 1, 0n, Algorithm.OpaqueData), hex('ff')),
      ],
      [
        Command.PutAsymmetricKey,
        concatBytes(creationPrefix(0, 'f', 1, 0n, Algorithm.EcP256), new Uint8Array(32).fill(7)),
      ],
      [Command.SetOption, hex('03 0002 5301')],
      [Command.GetLogEntries, new Uint8Array(0)],
      [Command.DeriveEcdh, concatBytes(hex('0011 04'), new Uint8Array(64).fill(5))],
      [Command.DecryptOtp, concatBytes(hex('0015'), aead, new Uint8Array(16).fill(6))],
      [Command.RewrapOtpAead, concatBytes(hex('0015 0015'), aead)],
      [Command.CreateOtpAead, concatBytes(hex('0015'), new Uint8Array(22).fill(8))],
      [Command.SignAttestationCertificate, hex('0011 0000')],
      [Command.ExportRsaWrapped, concatBytes(hex('0017 03 0011'), rsaParameters)],
      [Command.ImportRsaWrapped, concatBytes(hex('0016 1a 21'), rsaBlob, labelHash)],
      [
        Command.PutRsaWrappedKey,
        concatBytes(
          hex('0016 03'),
          creationPrefix(0, 'raw', 1, 0n, Algorithm.EcP256),
          hex('1a 21'),
          rawKey,
          labelHash,
        ),
      ],
      [Command.GetPublicKey, hex('0017 09')],
    ];
    // Reset and close would end the run's session; they are exercised elsewhere.
    const codes = [...INNER_COMMANDS.keys()].filter(
      (code) => code !== Command.ResetDevice && code !== Command.CloseSession,
    );
    for (let i = 0; i < 2500; i++) {
      let command: number;
      let payload: Uint8Array;
      if (random.next() < 0.5) {
        const [code, body] = valid[random.int(valid.length)]!;
        command = code;
        payload = mutate(random, concatBytes(hex('000000'), body)).subarray(3);
      } else {
        command = random.next() < 0.9 ? codes[random.int(codes.length)]! : random.int(256);
        payload = random.bytes(random.int(80));
      }
      if (command === Command.ResetDevice || command === Command.CloseSession) continue;
      const response = await device.process(session.seal(command, payload));
      const outer = tryDecodeFrame(response);
      expect(outer?.code, `inner 0x${command.toString(16)} got an outer answer`).toBe(0x85);
      const inner = session.open(response);
      if (inner.code === 0x7f) expect(inner.payload.length).toBe(1);
      else expect(inner.code).toBe(responseCodeFor(command));
      if (random.next() < 0.01) {
        // A fresh session now and then: counters restart, the old slot is freed.
        expect((await session.send(Command.CloseSession)).code).toBe(0xc0);
        session = await openRawSession(device);
      }
    }
  }, 120_000);
});
