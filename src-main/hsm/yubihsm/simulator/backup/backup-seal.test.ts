import { aeskw } from '@noble/ciphers/aes.js';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TempFolders } from '../../../../testing/temp-folders';
import { loadDeviceRecord, pairBackupKeys } from '../persistence';
import { SimulatedYubiHsm } from '../simulated-yubihsm';
import { openBackup, sealBackup, type BackupRefused } from './backup-seal';
import { counterKdf } from './counter-kdf';

const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));
const temp = new TempFolders('custos-backup-seal-');
afterEach(() => temp.removeAll());

describe('SP 800-108 counter-mode KDF with HMAC-SHA256', () => {
  // NIST CAVP KDFCTR, [PRF=HMAC_SHA256] [CTRLOCATION=BEFORE_FIXED] [RLEN=8_BITS].
  const vectors = [
    {
      count: 0,
      ki: '3edc6b5b8f7aadbd713732b482b8f979286e1ea3b8f8f99c30c884cfe3349b83',
      fixed:
        '98e9988bb4cc8b34d7922e1c68ad692ba2a1d9ae15149571675f17a77ad49e80c8d2a85e831a26445b1f0ff44d7084a17206b4896c8112daad18605a',
      ko: '6c037652990674a07844732d0ad985f9',
    },
    {
      count: 10,
      ki: 'f109513435d72f14863660dfc027118e47e13995ad44a02415c9c8f63d38675c',
      fixed:
        '53696208d6f42909136a575010e135e142e31f631d72386a631cc704e5ad4049a889422cd6da7f1805e59a273c6f4fa986bc3082952fca658979f1b0',
      ko: '1aaf080fd51b37585ea464a9c617bc3ab859cc78cbe1f2d5d557148ee36821a0',
    },
    {
      count: 30,
      ki: '63a657fb6c5bacb9a124d3e7db8bbb7d42bfdfaf8f04cb6359cd888c70669652',
      fixed:
        '2697b6ec112cab4d6f1714c991c17d44fb36a0b6ef0b0f5451619ab248950f56f403215c78711aa563683ced05be7246f32574fa294f162dbbeb3dee',
      ko: '1992e75756fa64734d5caecc5f6420fcb28b8b90421eee97dc8b6140ce18518405688bea489d2aaa',
    },
  ];
  for (const vector of vectors)
    it(`gives the CAVP output, COUNT ${vector.count}`, () => {
      const out = counterKdf(hex(vector.ki), hex(vector.fixed), vector.ko.length / 2, 8);
      expect(Buffer.from(out).toString('hex')).toBe(vector.ko);
    });
});

describe('AES key wrap (RFC 3394 §4)', () => {
  const kek256 = '000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F';
  const vectors = [
    {
      section: '4.1',
      kek: '000102030405060708090A0B0C0D0E0F',
      data: '00112233445566778899AABBCCDDEEFF',
      wrapped: '1FA68B0A8112B447 AEF34BD8FB5A7B82 9D3E862371D2CFE5',
    },
    {
      section: '4.3',
      kek: kek256,
      data: '00112233445566778899AABBCCDDEEFF',
      wrapped: '64E8C3F9CE0F5BA2 63E9777905818A2A 93C8191E7D6E8AE7',
    },
    {
      section: '4.6',
      kek: kek256,
      data: '00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F',
      wrapped:
        '28C9F404C4B810F4 CBCCB35CFB87F826 3F5786E2D80ED326 CBC7F0E71A99F43B FB988B9B7A02DD21',
    },
  ];
  for (const vector of vectors)
    it(`wraps and unwraps as §${vector.section} says`, () => {
      const wrapped = aeskw(hex(vector.kek)).encrypt(hex(vector.data));
      expect(Buffer.from(wrapped)).toEqual(Buffer.from(hex(vector.wrapped)));
      expect(Buffer.from(aeskw(hex(vector.kek)).decrypt(wrapped))).toEqual(
        Buffer.from(hex(vector.data)),
      );
    });
});

describe('a simulated device’s saved state', () => {
  const key = new Uint8Array(32).fill(7);
  const other = new Uint8Array(32).fill(9);
  const ad = new TextEncoder().encode('serial 1');

  it('uses a fresh one-time key per save, and refuses another device and any alteration', () => {
    const data = new TextEncoder().encode('objects, options, log');
    const first = sealBackup(key, data, ad);
    const second = sealBackup(key, data, ad);
    expect(Buffer.from(first.wrappedOtk)).not.toEqual(Buffer.from(second.wrappedOtk));
    expect(new TextDecoder().decode(openBackup(key, first, ad))).toBe('objects, options, log');
    expect(() => openBackup(other, first, ad)).toThrow(
      expect.objectContaining({ reason: 'wrong-device' }) as BackupRefused,
    );
    const flipped = Uint8Array.from(first.sealed);
    flipped[20]! ^= 1;
    expect(() => openBackup(key, { ...first, sealed: flipped }, ad)).toThrow(/altered/);
    expect(() => openBackup(key, first, new TextEncoder().encode('serial 2'))).toThrow(/altered/);
  });

  it('restores onto its paired device and onto no other', async () => {
    const folder = temp.make();
    const [a, b, c] = ['a.json', 'b.json', 'c.json'].map((name) => join(folder, name));
    for (const [path, serial] of [
      [a, 1],
      [b, 2],
      [c, 3],
    ] as const)
      await (await SimulatedYubiHsm.create({ statePath: path, serial })).close();
    const saved = readFileSync(a!, 'utf8');
    expect(JSON.parse(saved)).toMatchObject({ formatVersion: 2, wrappedOtk: expect.any(String) });
    await pairBackupKeys(a!, b!);
    // A's saved state, put where B and C keep theirs: B (paired) restores it, C refuses it.
    copyFileSync(a!, b!);
    copyFileSync(a!, c!);
    expect((await loadDeviceRecord(b!))?.record.serial).toBe(1);
    await expect(loadDeviceRecord(c!)).rejects.toThrow(/saved by another device/);
    // An altered state file is refused, and left as it is.
    const altered = JSON.parse(saved) as { sealedState: string };
    const bytes = Buffer.from(altered.sealedState, 'base64');
    bytes[30]! ^= 0xff;
    writeFileSync(a!, JSON.stringify({ ...altered, sealedState: bytes.toString('base64') }));
    await expect(loadDeviceRecord(a!)).rejects.toThrow(/altered after it was written/);
  });
});
