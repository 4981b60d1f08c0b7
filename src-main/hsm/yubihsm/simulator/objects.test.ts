// Object storage (spec §4.3, §5, §7, §10.6–§10.7): factory state, storage info, LIST OBJECTS
// filters in storage order, GET OBJECT INFO, DELETE, ids, OBJECT_EXISTS and the storage limits.

import { describe, expect, it } from 'vitest';
import { Algorithm } from '../protocol/algorithms';
import { ALL_CAPABILITIES, capabilities } from '../protocol/capabilities';
import { Command } from '../protocol/commands';
import { DeviceErrorCode } from '../protocol/device-errors';
import { ObjectType } from '../protocol/object-types';
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

const OPAQUE_CAPS = capabilities('exportable-under-wrap');

function putOpaque(
  session: RawSession,
  id: number,
  data: Uint8Array,
  options: { label?: string; domains?: number; caps?: bigint } = {},
) {
  return concatBytes(
    creationPrefix(
      id,
      options.label ?? `opaque ${id}`,
      options.domains ?? 1,
      options.caps ?? OPAQUE_CAPS,
      Algorithm.OpaqueData,
    ),
    data,
  );
}

function listEntries(payload: Uint8Array): { id: number; type: number; sequence: number }[] {
  const entries = [];
  for (let i = 0; i < payload.length; i += 4)
    entries.push({
      id: (payload[i]! << 8) | payload[i + 1]!,
      type: payload[i + 2]!,
      sequence: payload[i + 3]!,
    });
  return entries;
}

describe('factory state (spec §7)', () => {
  it('holds exactly the default authentication key, as V6 shows it', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    expect(listEntries(await session.ok(Command.ListObjects))).toEqual([
      { id: 1, type: ObjectType.AuthenticationKey, sequence: 0 },
    ]);
    const label = toHex(new TextEncoder().encode('DEFAULT AUTHKEY CHANGE THIS ASAP')).padEnd(
      80,
      '0',
    );
    expect(toHex(await session.ok(Command.GetObjectInfo, hex('0001 02')))).toBe(
      'ffffffffffffffff' +
        '0001' +
        '0028' +
        'ffff' +
        '02' +
        '26' +
        '00' +
        '02' +
        label +
        'ffffffffffffffff',
    );
  });

  it('reports 256/255 records and 1024/1023 pages of 126 bytes', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    expect(toHex(await session.ok(Command.GetStorageInfo))).toBe(
      '0100' + '00ff' + '0400' + '03ff' + '007e',
    );
  });
});

describe('creating and listing objects', () => {
  it('answers a put with the id used, picks a free id for 0, and refuses a taken (type, id)', async () => {
    const device = await SimulatedYubiHsm.create({
      randomBytes: scriptedRandom(hex('0001'), hex('abcd')),
    });
    const session = await openRawSession(device);
    expect(toHex(await session.ok(Command.PutOpaque, putOpaque(session, 0x0010, hex('01'))))).toBe(
      '0010',
    );
    // The device's first random choice (0x0001) is taken by the default key: it draws again.
    expect(toHex(await session.ok(Command.PutOpaque, putOpaque(session, 0, hex('02'))))).toBe(
      'abcd',
    );
    expect(await session.error(Command.PutOpaque, putOpaque(session, 0x0010, hex('03')))).toBe(
      DeviceErrorCode.OBJECT_EXISTS,
    );
    // Another type may use the same id.
    expect(
      toHex(
        await session.ok(
          Command.PutAuthenticationKey,
          concatBytes(
            creationPrefix(0x0010, 'k', 1, 0n, Algorithm.Aes128YubicoAuthentication),
            capabilityBytes(0n),
            new Uint8Array(32).fill(1),
          ),
        ),
      ),
    ).toBe('0010');
  });

  it('lists in storage order with each filter, reusing freed slots', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    await session.ok(Command.PutOpaque, putOpaque(session, 0x0300, hex('01'), { domains: 0x0002 }));
    await session.ok(
      Command.PutOpaque,
      putOpaque(session, 0x0100, hex('01'), { label: 'findme', caps: capabilities('get-opaque') }),
    );
    await session.ok(
      Command.PutOpaque,
      putOpaque(session, 0x0200, concatBytes(hex('01')), { domains: 0x0003 }),
    );
    await session.ok(
      Command.PutHmacKey,
      concatBytes(
        creationPrefix(0x0100, 'mac', 1, capabilities('sign-hmac'), Algorithm.HmacSha256),
        new Uint8Array(32).fill(7),
      ),
    );
    const all = listEntries(await session.ok(Command.ListObjects));
    expect(all.map((e) => e.id)).toEqual([0x0001, 0x0300, 0x0100, 0x0200, 0x0100]);

    const ids = async (filters: Uint8Array) =>
      listEntries(await session.ok(Command.ListObjects, filters)).map(
        (e) => `${e.id.toString(16)}/${e.type}`,
      );
    expect(await ids(hex('01 0100'))).toEqual(['100/1', '100/5']);
    expect(await ids(hex('02 01'))).toEqual(['300/1', '100/1', '200/1']);
    expect(await ids(hex('03 0002'))).toEqual(['1/2', '300/1', '200/1']);
    // The default key has every capability, so it matches any capability filter.
    expect(
      await ids(concatBytes(hex('04'), capabilityBytes(capabilities('get-opaque', 'sign-hmac')))),
    ).toEqual(['1/2', '100/1', '100/5']);
    expect(await ids(hex('05 14'))).toEqual(['100/5']);
    const label = new Uint8Array(40);
    label.set(new TextEncoder().encode('findme'));
    expect(await ids(concatBytes(hex('06'), label))).toEqual(['100/1']);
    expect(await ids(hex('01 0100 02 05'))).toEqual(['100/5']);
    expect(await session.error(Command.ListObjects, hex('07 00'))).toBe(
      DeviceErrorCode.INVALID_DATA,
    );
    expect(await session.error(Command.ListObjects, hex('01 01'))).toBe(
      DeviceErrorCode.WRONG_LENGTH,
    );

    // Deleting frees a slot in the middle; the next object fills it.
    await session.ok(Command.DeleteObject, hex('0300 01'));
    await session.ok(Command.PutOpaque, putOpaque(session, 0x0400, hex('01')));
    expect(listEntries(await session.ok(Command.ListObjects)).map((e) => e.id)).toEqual([
      0x0001, 0x0400, 0x0100, 0x0200, 0x0100,
    ]);
  });

  it('counts sequence per (type, id): re-created objects come back one higher', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    await session.ok(Command.PutOpaque, putOpaque(session, 0x0020, hex('01')));
    await session.ok(Command.DeleteObject, hex('0020 01'));
    await session.ok(Command.PutOpaque, putOpaque(session, 0x0020, hex('01')));
    const info = await session.ok(Command.GetObjectInfo, hex('0020 01'));
    expect(info[16]).toBe(1);
    expect(listEntries(await session.ok(Command.ListObjects, hex('01 0020')))).toEqual([
      { id: 0x20, type: 1, sequence: 1 },
    ]);
  });

  it('reports object lengths as the device does (spec §6.3)', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    const length = async (type: number, id: number) => {
      const info = await session.ok(
        Command.GetObjectInfo,
        concatBytes(u16(id), Uint8Array.of(type)),
      );
      return (info[10]! << 8) | info[11]!;
    };
    await session.ok(Command.PutOpaque, putOpaque(session, 0x30, new Uint8Array(300)));
    await session.ok(
      Command.GenerateWrapKey,
      concatBytes(creationPrefix(0x31, 'w', 1, 0n, Algorithm.Aes256CcmWrap), capabilityBytes(0n)),
    );
    await session.ok(
      Command.GenerateAsymmetricKey,
      creationPrefix(0x32, 'ec', 1, 0n, Algorithm.EcP384),
    );
    await session.ok(
      Command.GenerateAsymmetricKey,
      creationPrefix(0x33, 'ed', 1, 0n, Algorithm.Ed25519),
    );
    await session.ok(
      Command.GenerateHmacKey,
      creationPrefix(0x34, 'h', 1, 0n, Algorithm.HmacSha512),
    );
    await session.ok(
      Command.GenerateAsymmetricKey,
      creationPrefix(0x35, 'rsa', 1, 0n, Algorithm.Rsa2048),
    );
    expect(await length(ObjectType.Opaque, 0x30)).toBe(300);
    expect(await length(ObjectType.WrapKey, 0x31)).toBe(40);
    expect(await length(ObjectType.AsymmetricKey, 0x32)).toBe(144);
    expect(await length(ObjectType.AsymmetricKey, 0x33)).toBe(128);
    expect(await length(ObjectType.HmacKey, 0x34)).toBe(256);
    expect(await length(ObjectType.AsymmetricKey, 0x35)).toBe(896);
    // 1 (default key) + 3 (300 bytes) + 1 + 2 (144) + 2 (128) + 3 (256) + 8 (896) pages used.
    expect(toHex(await session.ok(Command.GetStorageInfo))).toBe(
      '0100' + '00f9' + '0400' + u16hex(1024 - 20) + '007e',
    );
  });

  it('deletes with the type delete capability and answers an empty payload', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    await session.ok(Command.PutOpaque, putOpaque(session, 0x40, hex('01')));
    expect((await session.ok(Command.DeleteObject, hex('0040 01'))).length).toBe(0);
    expect(await session.error(Command.DeleteObject, hex('0040 01'))).toBe(
      DeviceErrorCode.OBJECT_NOT_FOUND,
    );
    expect(await session.error(Command.GetOpaque, hex('0040'))).toBe(
      DeviceErrorCode.OBJECT_NOT_FOUND,
    );
    expect(await session.error(Command.DeleteObject, hex('0040 0f'))).toBe(
      DeviceErrorCode.INVALID_DATA,
    );
  });

  it('refuses id 0xFFFF (reserved) with INVALID_ID and an empty domain set with INVALID_DATA', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    expect(await session.error(Command.PutOpaque, putOpaque(session, 0xffff, hex('01')))).toBe(
      DeviceErrorCode.INVALID_ID,
    );
    expect(
      await session.error(Command.PutOpaque, putOpaque(session, 0x50, hex('01'), { domains: 0 })),
    ).toBe(DeviceErrorCode.INVALID_DATA);
    expect(
      await session.error(Command.PutOpaque, putOpaque(session, 0x50, new Uint8Array(0))),
    ).toBe(DeviceErrorCode.INVALID_DATA);
  });
});

describe('storage limits (spec §5.1)', () => {
  it('stores 256 objects and answers the 257th with STORAGE_FAILED', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    for (let id = 2; id <= 256; id++)
      await session.ok(Command.PutOpaque, putOpaque(session, id, hex('01')));
    expect(toHex((await session.ok(Command.GetStorageInfo)).subarray(0, 4))).toBe('01000000');
    expect(await session.error(Command.PutOpaque, putOpaque(session, 257, hex('01')))).toBe(
      DeviceErrorCode.STORAGE_FAILED,
    );
    await session.ok(Command.DeleteObject, hex('0100 01'));
    expect(toHex(await session.ok(Command.PutOpaque, putOpaque(session, 257, hex('01'))))).toBe(
      '0101',
    );
  });

  it('answers STORAGE_FAILED when the pages run out before the records', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    // 2000-byte opaques take 16 pages each: 63 of them use 1008 of the 1023 free pages.
    for (let id = 2; id < 65; id++)
      await session.ok(Command.PutOpaque, putOpaque(session, id, new Uint8Array(2000)));
    expect(
      await session.error(Command.PutOpaque, putOpaque(session, 65, new Uint8Array(2000))),
    ).toBe(DeviceErrorCode.STORAGE_FAILED);
    expect(
      toHex(await session.ok(Command.PutOpaque, putOpaque(session, 65, new Uint8Array(1800)))),
    ).toBe('0041');
  });
});

describe('CHANGE AUTHENTICATION KEY (spec §4.3)', () => {
  it('changes only the session key; another id is INVALID_ID', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    await session.ok(
      Command.PutAuthenticationKey,
      concatBytes(
        creationPrefix(2, 'other', 0xffff, ALL_CAPABILITIES, Algorithm.Aes128YubicoAuthentication),
        capabilityBytes(ALL_CAPABILITIES),
        new Uint8Array(32).fill(2),
      ),
    );
    expect(
      await session.error(
        Command.ChangeAuthenticationKey,
        concatBytes(hex('0002 26'), new Uint8Array(32)),
      ),
    ).toBe(DeviceErrorCode.INVALID_ID);
    const newKeys = {
      encryptionKey: new Uint8Array(16).fill(0x11),
      macKey: new Uint8Array(16).fill(0x22),
    };
    expect(
      toHex(
        await session.ok(
          Command.ChangeAuthenticationKey,
          concatBytes(hex('0001 26'), newKeys.encryptionKey, newKeys.macKey),
        ),
      ),
    ).toBe('0001');
    await expect(openRawSession(device)).rejects.toThrow('7f000104');
    const again = await openRawSession(device, { keys: newKeys });
    const info = await again.ok(Command.GetObjectInfo, hex('0001 02'));
    expect(toHex(info.subarray(0, 8))).toBe('ffffffffffffffff');
  });
});

function u16hex(value: number): string {
  return value.toString(16).padStart(4, '0');
}
