// Asymmetric, HMAC and AES keys (spec §4.3, §10.11): real keys, and signatures, MACs and
// ciphertexts that standard implementations (node:crypto, @noble/curves) agree with.

import { ed25519 } from '@noble/curves/ed25519.js';
import { brainpoolP256r1 } from '@noble/curves/misc.js';
import {
  constants,
  createCipheriv,
  createECDH,
  createHash,
  createHmac,
  createPublicKey,
  generateKeyPairSync,
  publicEncrypt,
  randomBytes,
  verify,
  type KeyObject,
} from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Algorithm } from '../protocol/algorithms';
import { capabilities } from '../protocol/capabilities';
import { Command } from '../protocol/commands';
import { DeviceErrorCode } from '../protocol/device-errors';
import { concatBytes, u16 } from '../protocol/bytes';
import { SimulatedYubiHsm } from './simulated-yubihsm';
import {
  capabilityBytes,
  creationPrefix,
  hex,
  openRawSession,
  toHex,
  type RawSession,
} from './test-support';

const SIGNING = capabilities(
  'sign-ecdsa',
  'sign-eddsa',
  'sign-pkcs',
  'sign-pss',
  'derive-ecdh',
  'sign-hmac',
  'verify-hmac',
);

async function adminSession(): Promise<RawSession> {
  return openRawSession(await SimulatedYubiHsm.create());
}

function ecPublicKeyObject(curve: string, xy: Uint8Array): KeyObject {
  const width = xy.length / 2;
  return createPublicKey({
    format: 'jwk',
    key: {
      kty: 'EC',
      crv: curve,
      x: Buffer.from(xy.subarray(0, width)).toString('base64url'),
      y: Buffer.from(xy.subarray(width)).toString('base64url'),
    },
  });
}

function rsaPublicKeyObject(modulus: Uint8Array): KeyObject {
  return createPublicKey({
    format: 'jwk',
    key: { kty: 'RSA', n: Buffer.from(modulus).toString('base64url'), e: 'AQAB' },
  });
}

const message = new TextEncoder().encode('wrap key ceremony, custodian 3 of 5');
const digest = (name: string) => new Uint8Array(createHash(name).update(message).digest());

describe('EC keys', () => {
  const curves = [
    { algorithm: Algorithm.EcP256, node: 'prime256v1', jwk: 'P-256', hash: 'sha256', width: 32 },
    { algorithm: Algorithm.EcP384, node: 'secp384r1', jwk: 'P-384', hash: 'sha384', width: 48 },
    { algorithm: Algorithm.EcP521, node: 'secp521r1', jwk: 'P-521', hash: 'sha512', width: 66 },
    { algorithm: Algorithm.EcK256, node: 'secp256k1', jwk: 'secp256k1', hash: 'sha256', width: 32 },
  ];
  for (const curve of curves) {
    it(`puts a ${curve.jwk} key, returns its public key and signs DER ECDSA that node verifies`, async () => {
      const session = await adminSession();
      const ecdh = createECDH(curve.node);
      ecdh.generateKeys();
      const scalar = new Uint8Array(curve.width);
      const raw = ecdh.getPrivateKey();
      scalar.set(raw, curve.width - raw.length);
      await session.ok(
        Command.PutAsymmetricKey,
        concatBytes(creationPrefix(0x100, 'ec', 1, SIGNING, curve.algorithm), scalar),
      );
      const publicKey = await session.ok(Command.GetPublicKey, hex('0100'));
      expect(publicKey[0]).toBe(curve.algorithm);
      expect(toHex(publicKey.subarray(1))).toBe(toHex(ecdh.getPublicKey().subarray(1)));
      const signature = await session.ok(
        Command.SignEcdsa,
        concatBytes(hex('0100'), digest(curve.hash)),
      );
      expect(signature[0]).toBe(0x30);
      expect(
        verify(
          curve.hash,
          message,
          { key: ecPublicKeyObject(curve.jwk, publicKey.subarray(1)), dsaEncoding: 'der' },
          signature,
        ),
      ).toBe(true);
    });
  }

  it('generates a P-256 key whose signatures over a SHA-1 hash verify', async () => {
    const session = await adminSession();
    expect(
      toHex(
        await session.ok(
          Command.GenerateAsymmetricKey,
          creationPrefix(0x101, 'gen', 1, SIGNING, Algorithm.EcP256),
        ),
      ),
    ).toBe('0101');
    const publicKey = (await session.ok(Command.GetPublicKey, hex('0101'))).subarray(1);
    const signature = await session.ok(Command.SignEcdsa, concatBytes(hex('0101'), digest('sha1')));
    expect(
      verify(
        'sha1',
        message,
        { key: ecPublicKeyObject('P-256', publicKey), dsaEncoding: 'der' },
        signature,
      ),
    ).toBe(true);
    const info = await session.ok(Command.GetObjectInfo, hex('0101 03'));
    expect(info[17]).toBe(0x01);
  });

  it('generates a brainpool P-256 key whose signatures verify', async () => {
    const session = await adminSession();
    await session.ok(
      Command.GenerateAsymmetricKey,
      creationPrefix(0x102, 'bp', 1, SIGNING, Algorithm.EcBp256),
    );
    const publicKey = (await session.ok(Command.GetPublicKey, hex('0102'))).subarray(1);
    const signature = await session.ok(
      Command.SignEcdsa,
      concatBytes(hex('0102'), digest('sha256')),
    );
    expect(
      brainpoolP256r1.verify(signature, digest('sha256'), concatBytes(hex('04'), publicKey), {
        prehash: false,
        lowS: false,
        format: 'der',
      }),
    ).toBe(true);
  });

  it('derives the ECDH shared secret node computes, and refuses an off-curve point', async () => {
    const session = await adminSession();
    await session.ok(
      Command.GenerateAsymmetricKey,
      creationPrefix(0x103, 'dh', 1, SIGNING, Algorithm.EcP256),
    );
    const devicePublic = concatBytes(
      hex('04'),
      (await session.ok(Command.GetPublicKey, hex('0103'))).subarray(1),
    );
    const peer = createECDH('prime256v1');
    peer.generateKeys();
    const shared = await session.ok(
      Command.DeriveEcdh,
      concatBytes(hex('0103'), peer.getPublicKey()),
    );
    expect(toHex(shared)).toBe(toHex(peer.computeSecret(devicePublic)));
    const offCurve = peer.getPublicKey();
    offCurve[64]! ^= 1;
    expect(await session.error(Command.DeriveEcdh, concatBytes(hex('0103'), offCurve))).toBe(
      DeviceErrorCode.INVALID_DATA,
    );
  });

  it('refuses a scalar outside the curve order and an unsupported curve', async () => {
    const session = await adminSession();
    expect(
      await session.error(
        Command.PutAsymmetricKey,
        concatBytes(
          creationPrefix(0x104, 'ec', 1, SIGNING, Algorithm.EcP256),
          new Uint8Array(32).fill(0xff),
        ),
      ),
    ).toBe(DeviceErrorCode.INVALID_DATA);
    expect(
      await session.error(
        Command.PutAsymmetricKey,
        concatBytes(creationPrefix(0x104, 'ec', 1, SIGNING, Algorithm.EcP256), new Uint8Array(32)),
      ),
    ).toBe(DeviceErrorCode.INVALID_DATA);
    expect(
      await session.error(
        Command.GenerateAsymmetricKey,
        creationPrefix(0x104, 'aes', 1, SIGNING, Algorithm.Aes128),
      ),
    ).toBe(DeviceErrorCode.INVALID_DATA);
  });
});

describe('Ed25519 keys', () => {
  it('puts a seed, returns RFC 8032’s public key and signs the raw message', async () => {
    const session = await adminSession();
    const seed = new Uint8Array(32).map((_, i) => 255 - i);
    await session.ok(
      Command.PutAsymmetricKey,
      concatBytes(creationPrefix(0x200, 'ed', 1, SIGNING, Algorithm.Ed25519), seed),
    );
    expect(toHex(await session.ok(Command.GetPublicKey, hex('0200')))).toBe(
      '2e' + toHex(ed25519.getPublicKey(seed)),
    );
    const signature = await session.ok(Command.SignEddsa, concatBytes(hex('0200'), message));
    expect(toHex(signature)).toBe(toHex(ed25519.sign(message, seed)));
    expect(await session.error(Command.SignEcdsa, concatBytes(hex('0200'), digest('sha256')))).toBe(
      DeviceErrorCode.INVALID_DATA,
    );
  });

  it('generates keys whose signatures node verifies', async () => {
    const session = await adminSession();
    await session.ok(
      Command.GenerateAsymmetricKey,
      creationPrefix(0x201, 'ed', 1, SIGNING, Algorithm.Ed25519),
    );
    const publicKey = (await session.ok(Command.GetPublicKey, hex('0201'))).subarray(1);
    const signature = await session.ok(Command.SignEddsa, concatBytes(hex('0201'), message));
    const key = createPublicKey({
      format: 'jwk',
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') },
    });
    expect(verify(null, message, key, signature)).toBe(true);
  });
});

describe('RSA keys', () => {
  it('puts p || q and signs PKCS#1 v1.5 and PSS over bare hashes that node verifies', async () => {
    const session = await adminSession();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = privateKey.export({ format: 'jwk' });
    const p = Buffer.from(jwk.p!, 'base64url');
    const q = Buffer.from(jwk.q!, 'base64url');
    await session.ok(
      Command.PutAsymmetricKey,
      concatBytes(creationPrefix(0x300, 'rsa', 1, SIGNING, Algorithm.Rsa2048), p, q),
    );
    const publicKey = await session.ok(Command.GetPublicKey, hex('0300'));
    expect(publicKey[0]).toBe(Algorithm.Rsa2048);
    expect(Buffer.from(publicKey.subarray(1)).toString('base64url')).toBe(jwk.n);
    const key = rsaPublicKeyObject(publicKey.subarray(1));

    for (const hash of ['sha1', 'sha256', 'sha384', 'sha512']) {
      const pkcs1 = await session.ok(Command.SignPkcs1, concatBytes(hex('0300'), digest(hash)));
      expect(pkcs1.length).toBe(256);
      expect(verify(hash, message, key, pkcs1)).toBe(true);
    }
    const pss = await session.ok(
      Command.SignPss,
      concatBytes(hex('0300'), Uint8Array.of(Algorithm.Mgf1Sha256), u16(32), digest('sha256')),
    );
    expect(
      verify(
        'sha256',
        message,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
        pss,
      ),
    ).toBe(true);
    const pssSha1 = await session.ok(
      Command.SignPss,
      concatBytes(hex('0300'), Uint8Array.of(Algorithm.Mgf1Sha1), u16(20), digest('sha1')),
    );
    expect(
      verify(
        'sha1',
        message,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 20 },
        pssSha1,
      ),
    ).toBe(true);
    expect(
      await session.error(Command.SignPkcs1, concatBytes(hex('0300'), new Uint8Array(33))),
    ).toBe(DeviceErrorCode.INVALID_DATA);
  });

  it('generates RSA 3072 and 4096 keys with modulus-length signatures', async () => {
    const session = await adminSession();
    for (const [algorithm, bytes, id] of [
      [Algorithm.Rsa3072, 384, 0x301],
      [Algorithm.Rsa4096, 512, 0x302],
    ] as const) {
      await session.ok(
        Command.GenerateAsymmetricKey,
        creationPrefix(id, 'rsa', 1, SIGNING, algorithm),
      );
      const modulus = (await session.ok(Command.GetPublicKey, u16(id))).subarray(1);
      expect(modulus.length).toBe(bytes);
      const signature = await session.ok(Command.SignPkcs1, concatBytes(u16(id), digest('sha256')));
      expect(signature.length).toBe(bytes);
      expect(verify('sha256', message, rsaPublicKeyObject(modulus), signature)).toBe(true);
    }
  }, 120_000);

  it('refuses primes whose product is not the algorithm’s modulus size', async () => {
    const session = await adminSession();
    expect(
      await session.error(
        Command.PutAsymmetricKey,
        concatBytes(
          creationPrefix(0x303, 'rsa', 1, SIGNING, Algorithm.Rsa2048),
          new Uint8Array(256).fill(1),
        ),
      ),
    ).toBe(DeviceErrorCode.INVALID_DATA);
    expect(
      await session.error(
        Command.PutAsymmetricKey,
        concatBytes(
          creationPrefix(0x303, 'rsa', 1, SIGNING, Algorithm.Rsa2048),
          new Uint8Array(200),
        ),
      ),
    ).toBe(DeviceErrorCode.WRONG_LENGTH);
  });
});

describe('HMAC keys', () => {
  it('signs and verifies as node’s HMAC does', async () => {
    const session = await adminSession();
    const key = new Uint8Array(40).fill(0x0b);
    await session.ok(
      Command.PutHmacKey,
      concatBytes(creationPrefix(0x400, 'mac', 1, SIGNING, Algorithm.HmacSha256), key),
    );
    const mac = await session.ok(Command.SignHmac, concatBytes(hex('0400'), message));
    expect(toHex(mac)).toBe(createHmac('sha256', key).update(message).digest('hex'));
    expect(
      toHex(await session.ok(Command.VerifyHmac, concatBytes(hex('0400'), mac, message))),
    ).toBe('01');
    mac[0]! ^= 1;
    expect(
      toHex(await session.ok(Command.VerifyHmac, concatBytes(hex('0400'), mac, message))),
    ).toBe('00');
  });

  it('generates keys for every HMAC algorithm with the right output length', async () => {
    const session = await adminSession();
    for (const [algorithm, length] of [
      [Algorithm.HmacSha1, 20],
      [Algorithm.HmacSha256, 32],
      [Algorithm.HmacSha384, 48],
      [Algorithm.HmacSha512, 64],
    ] as const) {
      await session.ok(
        Command.GenerateHmacKey,
        creationPrefix(0x401 + algorithm, 'mac', 1, SIGNING, algorithm),
      );
      expect(
        (await session.ok(Command.SignHmac, concatBytes(u16(0x401 + algorithm), message))).length,
      ).toBe(length);
    }
  });
});

describe('RSA decryption', () => {
  it('decrypts PKCS#1 v1.5 and OAEP ciphertexts node made, and refuses bad padding with INVALID_DATA', async () => {
    const session = await adminSession();
    const caps = capabilities('decrypt-pkcs', 'decrypt-oaep');
    await session.ok(
      Command.GenerateAsymmetricKey,
      creationPrefix(0x500, 'rsa', 1, caps, Algorithm.Rsa2048),
    );
    const key = rsaPublicKeyObject(
      (await session.ok(Command.GetPublicKey, hex('0500'))).subarray(1),
    );
    const secret = new Uint8Array(randomBytes(32));

    const pkcs1 = publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, secret);
    expect(toHex(await session.ok(Command.DecryptPkcs1, concatBytes(hex('0500'), pkcs1)))).toBe(
      toHex(secret),
    );

    const label = new TextEncoder().encode('custos');
    for (const [hash, mgf1] of [
      ['sha256', Algorithm.Mgf1Sha256],
      ['sha1', Algorithm.Mgf1Sha1],
    ] as const) {
      const oaep = publicEncrypt(
        { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash, oaepLabel: label },
        secret,
      );
      const labelHash = createHash(hash).update(label).digest();
      expect(
        toHex(
          await session.ok(
            Command.DecryptOaep,
            concatBytes(hex('0500'), Uint8Array.of(mgf1), oaep, labelHash),
          ),
        ),
      ).toBe(toHex(secret));
      const otherLabel = createHash(hash).update('other').digest();
      expect(
        await session.error(
          Command.DecryptOaep,
          concatBytes(hex('0500'), Uint8Array.of(mgf1), oaep, otherLabel),
        ),
      ).toBe(DeviceErrorCode.INVALID_DATA);
    }
    // A PKCS#1 ciphertext is not OAEP, nor the other way round: both are padding faults.
    const oaep = publicEncrypt(
      { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      secret,
    );
    expect(await session.error(Command.DecryptPkcs1, concatBytes(hex('0500'), oaep))).toBe(
      DeviceErrorCode.INVALID_DATA,
    );
    const emptyLabel = createHash('sha256').update(new Uint8Array(0)).digest();
    expect(
      await session.error(
        Command.DecryptOaep,
        concatBytes(hex('0500'), Uint8Array.of(Algorithm.Mgf1Sha256), pkcs1, emptyLabel),
      ),
    ).toBe(DeviceErrorCode.INVALID_DATA);
    expect(
      toHex(
        await session.ok(
          Command.DecryptOaep,
          concatBytes(hex('0500'), Uint8Array.of(Algorithm.Mgf1Sha256), oaep, emptyLabel),
        ),
      ),
    ).toBe(toHex(secret));
  });
});

describe('symmetric AES keys', () => {
  it('encrypts and decrypts ECB and CBC as node does, and survives export and import', async () => {
    const session = await adminSession();
    const caps = capabilities(
      'encrypt-ecb',
      'decrypt-ecb',
      'encrypt-cbc',
      'decrypt-cbc',
      'exportable-under-wrap',
    );
    const key = new Uint8Array(32).map((_, i) => i);
    await session.ok(
      Command.PutSymmetricKey,
      concatBytes(creationPrefix(0x600, 'aes', 1, caps, Algorithm.Aes256), key),
    );
    const data = new Uint8Array(48).map((_, i) => i * 3);
    const iv = new Uint8Array(16).fill(0x24);
    const ecb = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false).update(data);
    const cbc = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false).update(data);
    expect(toHex(await session.ok(Command.EncryptEcb, concatBytes(hex('0600'), data)))).toBe(
      toHex(ecb),
    );
    expect(toHex(await session.ok(Command.DecryptEcb, concatBytes(hex('0600'), ecb)))).toBe(
      toHex(data),
    );
    expect(toHex(await session.ok(Command.EncryptCbc, concatBytes(hex('0600'), iv, data)))).toBe(
      toHex(cbc),
    );
    expect(toHex(await session.ok(Command.DecryptCbc, concatBytes(hex('0600'), iv, cbc)))).toBe(
      toHex(data),
    );
    expect(
      await session.error(Command.EncryptEcb, concatBytes(hex('0600'), new Uint8Array(15))),
    ).toBe(DeviceErrorCode.INVALID_DATA);
    expect(
      await session.error(
        Command.PutSymmetricKey,
        concatBytes(creationPrefix(0x601, 'aes', 1, caps, Algorithm.Aes128), key),
      ),
    ).toBe(DeviceErrorCode.INVALID_DATA);

    await session.ok(
      Command.GenerateSymmetricKey,
      creationPrefix(0x602, 'aes', 1, caps, Algorithm.Aes192),
    );
    const info = await session.ok(Command.GetObjectInfo, hex('0602 08'));
    expect((info[10]! << 8) | info[11]!).toBe(24);
    const all = 0xffff_ffff_ffff_ffffn;
    await session.ok(
      Command.PutWrapKey,
      concatBytes(
        creationPrefix(0x603, 'w', 1, all, Algorithm.Aes128CcmWrap),
        capabilityBytes(all),
        new Uint8Array(16).fill(1),
      ),
    );
    const blob = await session.ok(Command.ExportWrapped, hex('0603 08 0600'));
    await session.ok(Command.DeleteObject, hex('0600 08'));
    expect(toHex(await session.ok(Command.ImportWrapped, concatBytes(hex('0603'), blob)))).toBe(
      '080600',
    );
    expect(toHex(await session.ok(Command.EncryptEcb, concatBytes(hex('0600'), data)))).toBe(
      toHex(ecb),
    );
  });
});
