import { describe, expect, it } from 'vitest';
import { cmac } from '@noble/ciphers/aes.js';
import { combineShares, dkekMacKey } from './dkek-keys';
import {
  buildWrappedKey,
  domainMismatch,
  KeyAlgorithmOid,
  openWrappedKey,
  parseWrappedKeyHeader,
  WrappedKeyFormatError,
  WrappedKeyType,
} from './wrapped-key';
import { tlv } from './tlv';
import { buildWrapFile, parseWrapFile } from './wrap-file';

const bytes = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));
const hex = (value: Uint8Array) => Buffer.from(value).toString('hex');

// V7 (spec §8): the shares of the two sc-hsm-tool files (the second one decrypted from its
// .pbe with password testpw2 at the real 10^7 rounds, once, while writing this test).
const V7_SHARE_1 = bytes('78a2671e4cfa2e2d16f929d8360649fa49166d4e13685e485eddb502a9a265f4');
const V7_SHARE_2 = bytes('11ba0cbffcc4a79db201b151ae3bb5f628081ea806bf433122f40f1805015211');

const ecContent = {
  keyType: WrappedKeyType.EC,
  algorithmOid: KeyAlgorithmOid.ECDSA_SHA256,
  allowedAlgorithms: new Uint8Array(0),
  keySize: 256,
  fields: [1, 2, 3, 4, 65, 32, 65].map((length, i) => new Uint8Array(length).fill(i + 1)),
};

describe('wrapped key blob (spec §6)', () => {
  it('V7: a blob under the two-share DKEK starts with its KCV, type 12 and the ECDSA OID', () => {
    const dkek = combineShares([V7_SHARE_1, V7_SHARE_2]);
    const blob = buildWrappedKey(dkek, ecContent, new Uint8Array(8).fill(9));
    expect(hex(blob.subarray(0, 8 + 1 + 12 + 6))).toBe(
      '911f4f7256156cde' + '0c' + '000a04007f00070202020203' + '0000' + '0000' + '0000',
    );
  });

  it('V7 construction: the last 16 bytes are AES-CMAC under SHA-256(DKEK ‖ 00000002)', () => {
    const dkek = new Uint8Array(32);
    const blob = buildWrappedKey(dkek, ecContent, new Uint8Array(8));
    const body = blob.subarray(0, blob.length - 16);
    expect(hex(blob.subarray(blob.length - 16))).toBe(hex(cmac(body, dkekMacKey(dkek))));
    expect(hex(blob.subarray(0, 8))).toBe('66687aadf862bd77');
  });

  it('round trip: build then open gives the same fields, sized by lengths', () => {
    const dkek = Uint8Array.from({ length: 32 }, (_, i) => i);
    const blob = buildWrappedKey(dkek, ecContent, new Uint8Array(8).fill(0xaa));
    const header = parseWrappedKeyHeader(blob);
    expect(header.keyType).toBe(12);
    expect((blob.length - header.encryptedOffset - 16) % 16).toBe(0);
    const opened = openWrappedKey(blob, dkek);
    expect(opened.keySize).toBe(256);
    expect(opened.fields).toEqual(ecContent.fields);
  });

  it('opens a blob without the trailing 0x80 pad block (Pico pads none when aligned)', () => {
    // Plain: 8 random + 2 size + (2 + 20) = 32 bytes, already aligned.
    const dkek = new Uint8Array(32).fill(3);
    const content = {
      keyType: WrappedKeyType.AES,
      algorithmOid: KeyAlgorithmOid.AES,
      allowedAlgorithms: new Uint8Array(0),
      keySize: 20,
      fields: [new Uint8Array(20).fill(5)],
    };
    const padded = buildWrappedKey(dkek, content, new Uint8Array(8));
    const header = parseWrappedKeyHeader(padded);
    expect(padded.length - header.encryptedOffset - 16).toBe(48);
    expect(openWrappedKey(padded, dkek).fields[0]).toEqual(content.fields[0]);
  });

  it('names a blob from another domain by both check values, before any device is involved', () => {
    const blob = buildWrappedKey(new Uint8Array(32).fill(1), ecContent, new Uint8Array(8));
    const header = parseWrappedKeyHeader(blob);
    expect(domainMismatch(header, bytes('72cd6e8422c407fb'))).toBeUndefined();
    expect(domainMismatch(header, bytes('66687aadf862bd77'))).toMatch(
      /check value 72CD6E8422C407FB.*check value 66687AADF862BD77.*another security domain/,
    );
    expect(() => openWrappedKey(blob, new Uint8Array(32))).toThrow(/another security domain/);
  });

  it('a flipped byte fails the CMAC; a malformed header is named', () => {
    const dkek = new Uint8Array(32).fill(1);
    const blob = buildWrappedKey(dkek, ecContent, new Uint8Array(8));
    const altered = blob.slice();
    altered[40]! ^= 1;
    expect(() => openWrappedKey(altered, dkek)).toThrow(/integrity check/);
    const wrongType = blob.slice();
    wrongType[8] = 7;
    expect(() => parseWrappedKeyHeader(wrongType)).toThrow(/key type 7/);
    expect(() => parseWrappedKeyHeader(blob.subarray(0, blob.length - 3))).toThrow(
      WrappedKeyFormatError,
    );
    expect(() => parseWrappedKeyHeader(new Uint8Array(20))).toThrow(/too short/);
  });

  it('the sc-hsm-tool file: 30 { 04 blob, A0 PRKD, certificate } both ways', () => {
    const blob = buildWrappedKey(new Uint8Array(32), ecContent, new Uint8Array(8));
    const prkd = bytes('a00a300304010130030c0141');
    const certificate = bytes('67037f2100');
    const file = buildWrapFile({ blob, prkd, certificate });
    expect(hex(file.subarray(0, 2))).toBe('3082');
    expect(parseWrapFile(file)).toEqual({ blob, prkd, certificate });
    expect(parseWrapFile(buildWrapFile({ blob, prkd: undefined, certificate: undefined }))).toEqual(
      { blob, prkd: undefined, certificate: undefined },
    );
    expect(() => parseWrapFile(bytes('0400'))).toThrow(/SEQUENCE/);
    // An RSA key's PRKD starts with 30, like an X.509 certificate: position and shape decide.
    const rsaPrkd = tlv(
      0x30,
      tlv(0x30, tlv(0x0c, bytes('52'))),
      tlv(0x30, tlv(0x04, bytes('01')), tlv(0x02, bytes('02'))),
      tlv(0xa1, tlv(0x30, tlv(0x30, tlv(0x04, bytes(''))))),
    );
    const x509 = tlv(0x30, tlv(0x30), tlv(0x30, tlv(0x06, bytes('2a'))), tlv(0x03, bytes('00')));
    expect(parseWrapFile(buildWrapFile({ blob, prkd: rsaPrkd, certificate: x509 }))).toEqual({
      blob,
      prkd: rsaPrkd,
      certificate: x509,
    });
    expect(
      parseWrapFile(buildWrapFile({ blob, prkd: rsaPrkd, certificate: undefined })).prkd,
    ).toEqual(rsaPrkd);
    expect(parseWrapFile(buildWrapFile({ blob, prkd: undefined, certificate: x509 }))).toEqual({
      blob,
      prkd: undefined,
      certificate: x509,
    });
    expect(
      parseWrapFile(buildWrapFile({ blob, prkd: undefined, certificate })).certificate,
    ).toEqual(certificate);
    expect(() => parseWrapFile(bytes('3005040301'))).toThrow(/not a wrapped-key file/);
  });
});
