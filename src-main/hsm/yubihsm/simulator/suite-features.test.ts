// What issue 11 added for Yubico's device suite, checked here too so `npm test` covers it without
// python: Yubico's published OTP vectors; attestation certificates that node:crypto's X.509
// verifies under the attesting key; a session opened with a P-256 authentication key, its host
// side computed here from spec §3.7; and asymmetric wrap output that standard RSA-OAEP and
// RFC 5649 key unwrap (node:crypto) open.

import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  X509Certificate,
  constants,
  createDecipheriv,
  createHash,
  createPublicKey,
  generateKeyPairSync,
  privateDecrypt,
} from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aesCbcDecrypt, aesCbcEncrypt, aesCmac } from '../crypto/aes';
import { chainedMac, messageIv, pad, unpad } from '../crypto/scp03';
import { Algorithm } from '../protocol/algorithms';
import { capabilities } from '../protocol/capabilities';
import { Command } from '../protocol/commands';
import { DeviceErrorCode } from '../protocol/device-errors';
import { concatBytes, u16 } from '../protocol/bytes';
import { encodeFrame, tryDecodeFrame } from '../protocol/frame';
import { SimulatedYubiHsm } from './simulated-yubihsm';
import { capabilityBytes, creationPrefix, hex, openRawSession, toHex } from './test-support';

const ALL = 0xffff_ffff_ffff_ffffn;
const MODHEX = 'cbdefghijklnrtuv';
const fromModhex = (text: string) =>
  Uint8Array.from(
    Buffer.from([...text].map((c) => MODHEX.indexOf(c).toString(16)).join(''), 'hex'),
  );

describe('OTP AEAD keys', () => {
  it("decrypt Yubico's published OTP test vectors through AEADs, also after a rewrap", async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    await session.ok(
      Command.GenerateOtpAeadKey,
      concatBytes(creationPrefix(0x20, 'otp', 1, ALL, Algorithm.Aes128YubicoOtp), hex('12345678')),
    );
    await session.ok(
      Command.PutOtpAeadKey,
      concatBytes(
        creationPrefix(0x21, 'otp', 1, ALL, Algorithm.Aes256YubicoOtp),
        hex('01000000'),
        new Uint8Array(32).fill(0x42),
      ),
    );
    // developers.yubico.com/OTP/Specifications/Test_vectors.html: key, private id, OTP -> counters
    const vectors: [string, string, string, string][] = [
      [
        '000102030405060708090a0b0c0d0e0f',
        '010203040506',
        'dvgtiblfkbgturecfllberrvkinnctnn',
        '0100' + '01' + '01' + '0100',
      ],
      [
        '000102030405060708090a0b0c0d0e0f',
        '010203040506',
        'iikkijbdknrrdhfdrjltvgrbkkjblcbh',
        'ff0f' + '01' + '01' + '0100',
      ],
      [
        '88888888888888888888888888888888',
        '888888888888',
        'dcihgvrhjeucvrinhdfddbjhfjftjdei',
        '8888' + '88' + '88' + '8888',
      ],
      [
        'c4422890653076cde73d449b191b416a',
        '33c69e7f249e',
        'iucvrkjiegbhidrcicvlgrcgkgurhjnj',
        '0100' + '00' + '24' + 'a713',
      ],
    ];
    for (const [key, privateId, otp, counters] of vectors) {
      const aead = await session.ok(
        Command.CreateOtpAead,
        concatBytes(hex('0020'), hex(key), hex(privateId)),
      );
      expect(aead).toHaveLength(36);
      expect(
        toHex(
          await session.ok(Command.DecryptOtp, concatBytes(hex('0020'), aead, fromModhex(otp))),
        ),
      ).toBe(counters);
      const rewrapped = await session.ok(
        Command.RewrapOtpAead,
        concatBytes(hex('0020 0021'), aead),
      );
      expect(
        toHex(
          await session.ok(
            Command.DecryptOtp,
            concatBytes(hex('0021'), rewrapped, fromModhex(otp)),
          ),
        ),
      ).toBe(counters);
    }
    const aead = await session.ok(Command.RandomizeOtpAead, hex('0020'));
    expect(
      await session.error(Command.DecryptOtp, concatBytes(hex('0020'), aead, new Uint8Array(16))),
    ).toBe(DeviceErrorCode.INVALID_OTP);
    expect(
      await session.error(Command.DecryptOtp, concatBytes(hex('0020'), aead, new Uint8Array(15))),
    ).toBe(DeviceErrorCode.WRONG_LENGTH);
    aead[10]! ^= 1;
    expect(
      await session.error(Command.DecryptOtp, concatBytes(hex('0020'), aead, new Uint8Array(16))),
    ).toBe(DeviceErrorCode.INVALID_DATA);
  });
});

describe('attestation', () => {
  it('signs a certificate node:crypto verifies under the factory key and under a user attestation key', async () => {
    const device = await SimulatedYubiHsm.create({ serial: 12345678 });
    const session = await openRawSession(device);
    await session.ok(
      Command.GenerateAsymmetricKey,
      creationPrefix(0x30, 'attested', 0x0003, capabilities('sign-ecdsa'), Algorithm.EcP224),
    );
    const factory = new X509Certificate(
      Buffer.from(await session.ok(Command.GetOpaque, hex('0000'))),
    );
    expect(factory.verify(factory.publicKey)).toBe(true);
    const byFactory = new X509Certificate(
      Buffer.from(await session.ok(Command.SignAttestationCertificate, hex('0030 0000'))),
    );
    expect(byFactory.verify(factory.publicKey)).toBe(true);
    expect(byFactory.subject).toBe('CN=YubiHSM Attestation id 0x0030');
    expect(byFactory.issuer).toBe(factory.subject);
    const attestedKey = (await session.ok(Command.GetPublicKey, hex('0030'))).subarray(1);
    const spki = byFactory.publicKey.export({ format: 'der', type: 'spki' });
    expect(toHex(spki.subarray(-56))).toBe(toHex(attestedKey));

    // A user attestation key (RSA) with its certificate under the same id.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = privateKey.export({ format: 'jwk' });
    const half = (text: string | undefined) => {
      const raw = Buffer.from(text!, 'base64url');
      return concatBytes(new Uint8Array(128 - raw.length), raw);
    };
    await session.ok(
      Command.PutAsymmetricKey,
      concatBytes(
        creationPrefix(
          0x31,
          'attester',
          1,
          capabilities('sign-attestation-certificate'),
          Algorithm.Rsa2048,
        ),
        half(jwk.p),
        half(jwk.q),
      ),
    );
    // Its "certificate": the factory certificate will do as a template (issuer and dates).
    await session.ok(
      Command.PutOpaque,
      concatBytes(
        creationPrefix(0x31, 'attester cert', 1, 0n, Algorithm.OpaqueX509Certificate),
        new Uint8Array(factory.raw),
      ),
    );
    const byUser = new X509Certificate(
      Buffer.from(await session.ok(Command.SignAttestationCertificate, hex('0030 0031'))),
    );
    expect(byUser.verify(createPublicKey(privateKey))).toBe(true);
    expect(byUser.validFrom).toBe(factory.validFrom);
    // Without sign-attestation-certificate on the attesting key: refused.
    expect(await session.error(Command.SignAttestationCertificate, hex('0031 0030'))).toBe(
      DeviceErrorCode.INSUFFICIENT_PERMISSIONS,
    );
  });
});

describe('device secrets', () => {
  it('keeps the factory attestation certificate and the device public key through RESET', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    const certificate = toHex(await session.ok(Command.GetOpaque, hex('0000')));
    const publicKey = toHex(await device.process(encodeFrame(Command.GetDevicePublicKey)));
    expect(toHex(await session.ok(Command.ResetDevice))).toBe('');
    const after = await openRawSession(device);
    expect(toHex(await after.ok(Command.GetOpaque, hex('0000')))).toBe(certificate);
    expect(toHex(await device.process(encodeFrame(Command.GetDevicePublicKey)))).toBe(publicKey);
    // Another simulated device has its own.
    const other = await SimulatedYubiHsm.create();
    expect(toHex(await other.process(encodeFrame(Command.GetDevicePublicKey)))).not.toBe(publicKey);
  });
});

describe('asymmetric authentication', () => {
  it('opens a session with a P-256 authentication key that carries secure ECHO', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    const hostStatic = p256.utils.randomSecretKey();
    const hostPublic = p256.getPublicKey(hostStatic, false).subarray(1);
    await session.ok(
      Command.PutAuthenticationKey,
      concatBytes(
        creationPrefix(0x40, 'asym', 1, 0n, Algorithm.EcP256YubicoAuthentication),
        capabilityBytes(0n),
        hostPublic,
      ),
    );
    const devicePublic = await device.process(encodeFrame(Command.GetDevicePublicKey));
    const deviceStatic = concatBytes(Uint8Array.of(4), devicePublic.subarray(4));

    const ephemeral = p256.utils.randomSecretKey();
    const ephemeralPublic = p256.getPublicKey(ephemeral, false);
    const created = tryDecodeFrame(
      await device.process(
        encodeFrame(Command.CreateSession, concatBytes(u16(0x40), ephemeralPublic)),
      ),
    )!;
    expect(created.code).toBe(0x83);
    const id = created.payload[0]!;
    const deviceEphemeral = created.payload.subarray(1, 66);
    const receipt = created.payload.subarray(66);
    const shsee = p256.getSharedSecret(ephemeral, deviceEphemeral).subarray(1);
    const shsss = p256.getSharedSecret(hostStatic, deviceStatic).subarray(1);
    const z = concatBytes(shsee, shsss);
    const info = hex('3c8810');
    const derived = concatBytes(
      sha256(concatBytes(z, hex('00000001'), info)),
      sha256(concatBytes(z, hex('00000002'), info)),
    );
    expect(
      toHex(aesCmac(derived.subarray(0, 16), concatBytes(deviceEphemeral, ephemeralPublic))),
    ).toBe(toHex(receipt));
    const [encryption, mac, responseMac] = [16, 32, 48].map((at) => derived.slice(at, at + 16));

    const iv = messageIv(encryption!, 1);
    const cipher = aesCbcEncrypt(encryption!, iv, pad(encodeFrame(Command.Echo, hex('c0ffee'))));
    const body = concatBytes(hex('05'), u16(1 + cipher.length + 8), Uint8Array.of(id), cipher);
    const chain = chainedMac(mac!, receipt, body);
    const response = await device.process(concatBytes(body, chain.subarray(0, 8)));
    expect(response[0]).toBe(0x85);
    const rmac = chainedMac(responseMac!, chain, response.subarray(0, response.length - 8));
    expect(toHex(rmac.subarray(0, 8))).toBe(toHex(response.subarray(response.length - 8)));
    const inner = unpad(aesCbcDecrypt(encryption!, iv, response.subarray(4, response.length - 8)));
    expect(toHex(inner!)).toBe('810003c0ffee');
  });
});

describe('asymmetric wrap', () => {
  it('exports a key that standard RSA-OAEP and RFC 5649 key unwrap open, and imports it back', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const modulus = Buffer.from(publicKey.export({ format: 'jwk' }).n!, 'base64url');
    await session.ok(
      Command.PutPublicWrapKey,
      concatBytes(
        creationPrefix(0x50, 'public wrap', 1, capabilities('export-wrapped'), Algorithm.Rsa2048),
        capabilityBytes(ALL),
        modulus,
      ),
    );
    expect(toHex((await session.ok(Command.GetPublicKey, hex('0050 09'))).subarray(1))).toBe(
      modulus.toString('hex'),
    );
    const aesKey = hex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
    await session.ok(
      Command.PutSymmetricKey,
      concatBytes(
        creationPrefix(0x51, 'aes', 1, capabilities('exportable-under-wrap'), Algorithm.Aes256),
        aesKey,
      ),
    );
    const labelHash = createHash('sha256').digest();
    // aes128 ephemeral key, OAEP SHA-256, MGF1 SHA-256
    const wrapped = await session.ok(
      Command.GetRsaWrappedKey,
      concatBytes(hex('0050 08 0051 32 1a 21'), labelHash),
    );
    const ephemeral = privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      wrapped.subarray(0, 256),
    );
    expect(ephemeral).toHaveLength(16);
    const decipher = createDecipheriv(
      'id-aes128-wrap-pad',
      ephemeral,
      Buffer.from('a65959a6', 'hex'),
    );
    const raw = Buffer.concat([decipher.update(wrapped.subarray(256)), decipher.final()]);
    expect(raw.toString('hex')).toBe(toHex(aesKey));

    // The private half as an RSA wrap key takes it back as a new symmetric key.
    const jwk = privateKey.export({ format: 'jwk' });
    const half = (text: string | undefined) => {
      const bytes = Buffer.from(text!, 'base64url');
      return concatBytes(new Uint8Array(128 - bytes.length), bytes);
    };
    await session.ok(
      Command.PutWrapKey,
      concatBytes(
        creationPrefix(0x52, 'rsa wrap', 1, capabilities('import-wrapped'), Algorithm.Rsa2048),
        capabilityBytes(ALL),
        half(jwk.p),
        half(jwk.q),
      ),
    );
    const imported = await session.ok(
      Command.PutRsaWrappedKey,
      concatBytes(
        hex('0052 08'),
        creationPrefix(0x53, 'back', 1, capabilities('encrypt-ecb'), Algorithm.Aes256),
        hex('1a 21'),
        wrapped,
        labelHash,
      ),
    );
    expect(toHex(imported)).toBe('080053');
    const info = await session.ok(Command.GetObjectInfo, hex('0053 08'));
    expect(info[17]).toBe(0x12); // imported | imported-wrapped
    // EXPORT WRAPPED with the RSA wrap key is INVALID_DATA, whatever its capabilities.
    expect(await session.error(Command.ExportWrapped, hex('0052 08 0051'))).toBe(
      DeviceErrorCode.INVALID_DATA,
    );
  });
});
