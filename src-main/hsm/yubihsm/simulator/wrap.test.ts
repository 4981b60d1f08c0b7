// Wrapped export and import (spec §6, §10.4, §10.8) against V7, yubihsm-wrap-style blobs, and
// the permission rules python-yubihsm's device tests exercise.

import { ed25519 } from '@noble/curves/ed25519.js';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aesCcmSeal } from '../crypto/aes';
import { Algorithm } from '../protocol/algorithms';
import { capabilities, type CapabilityName } from '../protocol/capabilities';
import { Command } from '../protocol/commands';
import { DeviceErrorCode } from '../protocol/device-errors';
import { concatBytes, u16 } from '../protocol/bytes';
import { SimulatedYubiHsm } from './simulated-yubihsm';
import {
  capabilityBytes,
  creationPrefix,
  hex,
  openRawSession,
  scriptedRandom,
  toHex,
  type RawSession,
} from './test-support';

const V7_KEY = hex('00112233445566778899aabbccddeeff');
const V7_NONCE = hex('000102030405060708090a0b0c');
const V7_BLOB = concatBytes(
  V7_NONCE,
  hex(`6f77a76fccb11276b84583a35726684e28c2b7de69befcbc7077967a3851309953d9909fb0b21ae61c1c8d3bc5b871
       36fa85b289b98c3b33cc4716bc596228c331d0260195005b8d37526f684f38aa009674eede16f6e0`),
);
const V7_BASE64 =
  'AAECAwQFBgcICQoLDG93p2/MsRJ2uEWDo1cmaE4owrfeab78vHB3lno4UTCZU9mQn7CyGuYcHI07xbhxNvqFsom5jDszzEcWvFliKMMx0CYBlQBbjTdSb2hPOKoAlnTu3hb24A==';

const WRAP_ID = 0x0010;

function putWrapKey(
  id: number,
  key: Uint8Array,
  caps: CapabilityName[],
  delegated: CapabilityName[],
  algorithm: number = Algorithm.Aes128CcmWrap,
): Uint8Array {
  return concatBytes(
    creationPrefix(id, 'wrap', 0xffff, capabilities(...caps), algorithm),
    capabilityBytes(capabilities(...delegated)),
    key,
  );
}

async function sessionWithWrapKey(
  options: {
    randomBytes?: (n: number) => Uint8Array;
    caps?: CapabilityName[];
    delegated?: CapabilityName[];
  } = {},
): Promise<RawSession> {
  const device = await SimulatedYubiHsm.create(
    options.randomBytes ? { randomBytes: options.randomBytes } : {},
  );
  const session = await openRawSession(device);
  await session.ok(
    Command.PutWrapKey,
    putWrapKey(
      WRAP_ID,
      V7_KEY,
      options.caps ?? ['export-wrapped', 'import-wrapped'],
      options.delegated ?? ['exportable-under-wrap'],
    ),
  );
  return session;
}

const V7_OPAQUE = concatBytes(
  creationPrefix(
    0x0064,
    'test',
    0x0001,
    capabilities('exportable-under-wrap'),
    Algorithm.OpaqueData,
  ),
  new TextEncoder().encode('hello world!'),
);

describe('V7 (spec §9)', () => {
  it('exports V7’s opaque object as exactly V7’s blob', async () => {
    const session = await sessionWithWrapKey({ randomBytes: scriptedRandom(V7_NONCE) });
    await session.ok(Command.PutOpaque, V7_OPAQUE);
    const blob = await session.ok(Command.ExportWrapped, concatBytes(u16(WRAP_ID), hex('01 0064')));
    expect(toHex(blob)).toBe(toHex(V7_BLOB));
    expect(Buffer.from(blob).toString('base64')).toBe(V7_BASE64);
  });

  it('imports V7’s blob: type and id back, origin imported:imported_wrapped, data intact', async () => {
    const session = await sessionWithWrapKey();
    expect(toHex(await session.ok(Command.ImportWrapped, concatBytes(u16(WRAP_ID), V7_BLOB)))).toBe(
      '010064',
    );
    const info = await session.ok(Command.GetObjectInfo, hex('0064 01'));
    expect(toHex(info.subarray(0, 18))).toBe(
      '0000000000010000' + '0064' + '000c' + '0001' + '01' + '1e' + '00' + '12',
    );
    expect(Buffer.from(info.subarray(18, 22)).toString()).toBe('test');
    expect(Buffer.from(await session.ok(Command.GetOpaque, hex('0064'))).toString()).toBe(
      'hello world!',
    );
  });

  it('wraps data as V7’s WRAP DATA vector and unwraps it again', async () => {
    const session = await sessionWithWrapKey({
      randomBytes: scriptedRandom(V7_NONCE),
      caps: ['wrap-data', 'unwrap-data'],
    });
    const wrapped = await session.ok(
      Command.WrapData,
      concatBytes(u16(WRAP_ID), new TextEncoder().encode('Hello world!')),
    );
    expect(toHex(wrapped)).toBe(
      '000102030405060708090a0b0c' + '723fc203a0de3301d7378bc77a0c14340a82f864d708c979e84ea835fb',
    );
    expect(
      Buffer.from(
        await session.ok(Command.UnwrapData, concatBytes(u16(WRAP_ID), wrapped)),
      ).toString(),
    ).toBe('Hello world!');
  });
});

describe('export and import rules (spec §10.4, §10.8)', () => {
  it('uses a fresh nonce per export; re-import of a present object is OBJECT_EXISTS, after delete it works', async () => {
    const session = await sessionWithWrapKey();
    await session.ok(Command.PutOpaque, V7_OPAQUE);
    const first = await session.ok(
      Command.ExportWrapped,
      concatBytes(u16(WRAP_ID), hex('01 0064')),
    );
    const second = await session.ok(
      Command.ExportWrapped,
      concatBytes(u16(WRAP_ID), hex('01 0064')),
    );
    expect(toHex(first)).not.toBe(toHex(second));
    expect(first.length).toBe(100);
    expect(await session.error(Command.ImportWrapped, concatBytes(u16(WRAP_ID), first))).toBe(
      DeviceErrorCode.OBJECT_EXISTS,
    );
    await session.ok(Command.DeleteObject, hex('0064 01'));
    expect(toHex(await session.ok(Command.ImportWrapped, concatBytes(u16(WRAP_ID), second)))).toBe(
      '010064',
    );
    expect((await session.ok(Command.GetObjectInfo, hex('0064 01')))[17]).toBe(0x12);
  });

  it('needs export-wrapped on the wrap key, exportable-under-wrap on the object, and delegated coverage', async () => {
    const session = await sessionWithWrapKey({
      caps: ['import-wrapped'],
      delegated: ['exportable-under-wrap', 'sign-ecdsa'],
    });
    await session.ok(Command.PutOpaque, V7_OPAQUE);
    expect(
      await session.error(Command.ExportWrapped, concatBytes(u16(WRAP_ID), hex('01 0064'))),
    ).toBe(DeviceErrorCode.INSUFFICIENT_PERMISSIONS);

    await session.ok(Command.PutWrapKey, putWrapKey(0x11, V7_KEY, ['export-wrapped'], []));
    expect(await session.error(Command.ExportWrapped, hex('0011 01 0064'))).toBe(
      DeviceErrorCode.INSUFFICIENT_PERMISSIONS,
    );

    await session.ok(
      Command.PutWrapKey,
      putWrapKey(0x12, V7_KEY, ['export-wrapped'], ['exportable-under-wrap', 'sign-ecdsa']),
    );
    await session.ok(
      Command.PutOpaque,
      concatBytes(
        creationPrefix(0x65, 'no export', 1, capabilities('get-opaque'), Algorithm.OpaqueData),
        hex('01'),
      ),
    );
    expect(await session.error(Command.ExportWrapped, hex('0012 01 0065'))).toBe(
      DeviceErrorCode.INSUFFICIENT_PERMISSIONS,
    );
    expect(await session.error(Command.ExportWrapped, hex('0013 01 0064'))).toBe(
      DeviceErrorCode.OBJECT_NOT_FOUND,
    );
    expect(await session.error(Command.ExportWrapped, hex('0012 01 0066'))).toBe(
      DeviceErrorCode.OBJECT_NOT_FOUND,
    );
    expect((await session.ok(Command.ExportWrapped, hex('0012 01 0064'))).length).toBe(100);
  });

  it('needs import-wrapped on the wrap key and refuses objects beyond its delegated capabilities', async () => {
    const session = await sessionWithWrapKey({
      delegated: ['exportable-under-wrap', 'sign-ecdsa'],
    });
    await session.ok(
      Command.GenerateAsymmetricKey,
      creationPrefix(
        0x70,
        'ec',
        1,
        capabilities('sign-ecdsa', 'exportable-under-wrap'),
        Algorithm.EcP256,
      ),
    );
    const blob = await session.ok(Command.ExportWrapped, concatBytes(u16(WRAP_ID), hex('03 0070')));
    await session.ok(Command.DeleteObject, hex('0070 03'));

    await session.ok(
      Command.PutWrapKey,
      putWrapKey(0x11, V7_KEY, ['export-wrapped'], ['exportable-under-wrap', 'sign-ecdsa']),
    );
    expect(await session.error(Command.ImportWrapped, concatBytes(hex('0011'), blob))).toBe(
      DeviceErrorCode.INSUFFICIENT_PERMISSIONS,
    );
    await session.ok(
      Command.PutWrapKey,
      putWrapKey(0x12, V7_KEY, ['import-wrapped'], ['exportable-under-wrap']),
    );
    expect(await session.error(Command.ImportWrapped, concatBytes(hex('0012'), blob))).toBe(
      DeviceErrorCode.INSUFFICIENT_PERMISSIONS,
    );
    expect(await session.error(Command.ImportWrapped, concatBytes(hex('0013'), blob))).toBe(
      DeviceErrorCode.OBJECT_NOT_FOUND,
    );
    expect(toHex(await session.ok(Command.ImportWrapped, concatBytes(u16(WRAP_ID), blob)))).toBe(
      '030070',
    );
  });

  it('refuses a blob that was altered, is under another key, or names another wrap algorithm', async () => {
    const session = await sessionWithWrapKey();
    const tampered = V7_BLOB.slice();
    tampered[40]! ^= 1;
    expect(await session.error(Command.ImportWrapped, concatBytes(u16(WRAP_ID), tampered))).toBe(
      DeviceErrorCode.INVALID_DATA,
    );
    await session.ok(
      Command.PutWrapKey,
      putWrapKey(0x11, new Uint8Array(16).fill(9), ['import-wrapped'], ['exportable-under-wrap']),
    );
    expect(await session.error(Command.ImportWrapped, concatBytes(hex('0011'), V7_BLOB))).toBe(
      DeviceErrorCode.INVALID_DATA,
    );
    // A plaintext whose first byte claims aes256-ccm-wrap, sealed under the 128-bit key.
    const plaintext = hex('2a 0000000000010000 0065 0001 0001 01 1e 00 02').slice();
    const blob = concatBytes(
      V7_NONCE,
      aesCcmSeal(V7_KEY, V7_NONCE, concatBytes(plaintext, new Uint8Array(40), hex('aa'))),
    );
    expect(await session.error(Command.ImportWrapped, concatBytes(u16(WRAP_ID), blob))).toBe(
      DeviceErrorCode.INVALID_DATA,
    );
    expect(
      await session.error(
        Command.ImportWrapped,
        concatBytes(u16(WRAP_ID), V7_BLOB.subarray(0, 60)),
      ),
    ).toBe(DeviceErrorCode.INVALID_DATA);
  });
});

describe('yubihsm-wrap-style blobs (spec §6.4)', () => {
  it('imports an Ed25519 key built offline (96-byte body, sequence 0, origin imported) and signs with it', async () => {
    const session = await sessionWithWrapKey({
      delegated: ['sign-eddsa', 'exportable-under-wrap'],
    });
    const seed = new Uint8Array(32).map((_, i) => i * 7 + 1);
    const h = createHash('sha512').update(seed).digest();
    h[0]! &= 248;
    h[31]! &= 127;
    h[31]! |= 64;
    const publicKey = ed25519.getPublicKey(seed);
    const body = concatBytes(
      Uint8Array.from(h.subarray(0, 32)).reverse(),
      h.subarray(32, 64),
      publicKey,
    );
    const label = new Uint8Array(40);
    label.set(new TextEncoder().encode('offline ed25519'));
    const header = concatBytes(
      Uint8Array.of(Algorithm.Aes128CcmWrap),
      capabilityBytes(capabilities('sign-eddsa')),
      hex('0123'),
      u16(96),
      hex('0001'),
      Uint8Array.of(0x03, Algorithm.Ed25519, 0x00, 0x02),
      label,
    );
    const nonce = new Uint8Array(13).fill(0x42);
    const blob = concatBytes(nonce, aesCcmSeal(V7_KEY, nonce, concatBytes(header, body)));

    expect(toHex(await session.ok(Command.ImportWrapped, concatBytes(u16(WRAP_ID), blob)))).toBe(
      '030123',
    );
    const info = await session.ok(Command.GetObjectInfo, hex('0123 03'));
    expect(info[17]).toBe(0x12);
    expect(toHex(await session.ok(Command.GetPublicKey, hex('0123')))).toBe(
      '2e' + toHex(publicKey),
    );
    const message = new TextEncoder().encode('ceremony transcript');
    const signature = await session.ok(Command.SignEddsa, concatBytes(hex('0123'), message));
    expect(signature.length).toBe(64);
    const nodeKey = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') },
      format: 'jwk',
    });
    expect(verify(null, message, nodeKey, signature)).toBe(true);
    expect(toHex(signature)).toBe(toHex(ed25519.sign(message, seed)));
  });
});

describe('every object type survives export, delete and import', () => {
  it('keeps each key usable and its metadata intact', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    const all = 0xffff_ffff_ffff_ffffn;
    await session.ok(
      Command.PutWrapKey,
      concatBytes(
        creationPrefix(WRAP_ID, 'wrap', 0xffff, all, Algorithm.Aes256CcmWrap),
        capabilityBytes(all),
        new Uint8Array(32).fill(0x5e),
      ),
    );
    const use = capabilities(
      'sign-ecdsa',
      'sign-eddsa',
      'sign-pkcs',
      'sign-hmac',
      'exportable-under-wrap',
      'wrap-data',
      'unwrap-data',
    );
    const authKeys = {
      encryptionKey: new Uint8Array(16).fill(0x31),
      macKey: new Uint8Array(16).fill(0x32),
    };
    await session.ok(
      Command.PutAuthenticationKey,
      concatBytes(
        creationPrefix(0x21, 'app', 0x0003, use, Algorithm.Aes128YubicoAuthentication),
        capabilityBytes(use),
        authKeys.encryptionKey,
        authKeys.macKey,
      ),
    );
    await session.ok(
      Command.GenerateWrapKey,
      concatBytes(
        creationPrefix(0x22, 'inner wrap', 1, use, Algorithm.Aes192CcmWrap),
        capabilityBytes(capabilities('sign-ecdsa')),
      ),
    );
    await session.ok(
      Command.GenerateAsymmetricKey,
      creationPrefix(0x23, 'ec', 1, use, Algorithm.EcP384),
    );
    await session.ok(
      Command.GenerateAsymmetricKey,
      creationPrefix(0x24, 'ed', 1, use, Algorithm.Ed25519),
    );
    await session.ok(
      Command.GenerateHmacKey,
      creationPrefix(0x25, 'mac', 1, use, Algorithm.HmacSha384),
    );
    await session.ok(
      Command.GenerateAsymmetricKey,
      creationPrefix(0x26, 'rsa', 1, use, Algorithm.Rsa2048),
    );

    const handles: [number, number][] = [
      [2, 0x21],
      [4, 0x22],
      [3, 0x23],
      [3, 0x24],
      [5, 0x25],
      [3, 0x26],
    ];
    const before = new Map<string, string>();
    const blobs = new Map<string, Uint8Array>();
    const message = new TextEncoder().encode('restore check');
    const data = new Uint8Array(48).fill(1);
    for (const [type, id] of handles) {
      const key = `${type}/${id}`;
      before.set(
        key,
        toHex(await session.ok(Command.GetObjectInfo, concatBytes(u16(id), Uint8Array.of(type)))),
      );
      blobs.set(
        key,
        await session.ok(
          Command.ExportWrapped,
          concatBytes(u16(WRAP_ID), Uint8Array.of(type), u16(id)),
        ),
      );
    }
    const hmacBefore = toHex(await session.ok(Command.SignHmac, concatBytes(hex('0025'), message)));
    const edBefore = toHex(await session.ok(Command.SignEddsa, concatBytes(hex('0024'), message)));
    const ecPublic = toHex(await session.ok(Command.GetPublicKey, hex('0023')));
    const rsaSignature = toHex(
      await session.ok(
        Command.SignPkcs1,
        concatBytes(hex('0026'), createHash('sha256').update(message).digest()),
      ),
    );
    const edSeeded = await session.ok(
      Command.ExportWrapped,
      concatBytes(u16(WRAP_ID), hex('03 0024 01')),
    );

    for (const [type, id] of handles)
      await session.ok(Command.DeleteObject, concatBytes(u16(id), Uint8Array.of(type)));
    for (const [type, id] of handles) {
      const key = `${type}/${id}`;
      expect(
        toHex(await session.ok(Command.ImportWrapped, concatBytes(u16(WRAP_ID), blobs.get(key)!))),
      ).toBe(toHex(concatBytes(Uint8Array.of(type), u16(id))));
      const info = await session.ok(
        Command.GetObjectInfo,
        concatBytes(u16(id), Uint8Array.of(type)),
      );
      // Everything but the origin byte (offset 17) is as before; origin gains imported_wrapped.
      const expected = before.get(key)!;
      expect(toHex(info.subarray(0, 17))).toBe(expected.slice(0, 34));
      expect(info[17]).toBe(parseInt(expected.slice(34, 36), 16) | 0x10);
      expect(toHex(info.subarray(18))).toBe(expected.slice(36));
    }
    expect(toHex(await session.ok(Command.SignHmac, concatBytes(hex('0025'), message)))).toBe(
      hmacBefore,
    );
    expect(toHex(await session.ok(Command.SignEddsa, concatBytes(hex('0024'), message)))).toBe(
      edBefore,
    );
    expect(toHex(await session.ok(Command.GetPublicKey, hex('0023')))).toBe(ecPublic);
    expect(
      toHex(
        await session.ok(
          Command.SignPkcs1,
          concatBytes(hex('0026'), createHash('sha256').update(message).digest()),
        ),
      ),
    ).toBe(rsaSignature);
    const wrapped = await session.ok(Command.WrapData, concatBytes(hex('0022'), data));
    expect(toHex(await session.ok(Command.UnwrapData, concatBytes(hex('0022'), wrapped)))).toBe(
      toHex(data),
    );
    const restored = await openRawSession(device, { authKeyId: 0x21, keys: authKeys });
    expect(toHex(await restored.ok(Command.Echo, hex('aa')))).toBe('aa');

    // Format 1 carries the Ed25519 seed (128-byte body); it imports and signs the same way.
    await session.ok(Command.DeleteObject, hex('0024 03'));
    await session.ok(Command.ImportWrapped, concatBytes(u16(WRAP_ID), edSeeded));
    expect(toHex(await session.ok(Command.SignEddsa, concatBytes(hex('0024'), message)))).toBe(
      edBefore,
    );
    expect(edSeeded.length).toBe(13 + 59 + 128 + 16);
    expect(blobs.get('3/36')!.length).toBe(13 + 59 + 96 + 16);
  }, 60_000);
});
