import { describe, expect, it } from 'vitest';
import {
  ApduFormatError,
  encodeCommand,
  encodeResponse,
  parseCommand,
  parseResponse,
} from './apdu';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const bytes = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));

describe('command APDUs, short and extended (ISO 7816-4)', () => {
  it('case 1: the data-less UNWRAP KEY of OpenSC 0.24', () => {
    const apdu = encodeCommand({ cla: 0x80, ins: 0x74, p1: 0x01, p2: 0x93 });
    expect(hex(apdu)).toBe('80740193');
    expect(parseCommand(apdu)).toMatchObject({ data: new Uint8Array(0), le: undefined });
  });

  it('case 2 short: the DKEK status query with Le 00 meaning 256', () => {
    const apdu = encodeCommand({ cla: 0x80, ins: 0x52, p1: 0, p2: 0, le: 256 });
    expect(hex(apdu)).toBe('8052000000');
    expect(parseCommand(apdu)).toMatchObject({ le: 256, extended: false });
    expect(parseCommand(bytes('0084000008')).le).toBe(8);
  });

  it('case 3 short: SELECT by AID', () => {
    const apdu = bytes('00a404000be82b0601040181c31f0201');
    const parsed = parseCommand(apdu);
    expect(hex(parsed.data)).toBe('e82b0601040181c31f0201');
    expect(parsed.le).toBeUndefined();
    expect(hex(encodeCommand({ ...parsed, extended: false }))).toBe(hex(apdu));
  });

  it('case 4 short: share import with its trailing Le 00', () => {
    const share = new Uint8Array(32).fill(0x11);
    const apdu = encodeCommand({ cla: 0x80, ins: 0x52, p1: 0, p2: 0, data: share, le: 256 });
    expect(apdu.length).toBe(5 + 32 + 1);
    expect(apdu[4]).toBe(0x20);
    expect(apdu[37]).toBe(0x00);
    const parsed = parseCommand(apdu);
    expect(parsed.data).toEqual(share);
    expect(parsed.le).toBe(256);
  });

  it('case 2 extended: WRAP KEY with Le 0000 meaning 65536', () => {
    const apdu = encodeCommand({ cla: 0x80, ins: 0x72, p1: 3, p2: 0x92, le: 65536 });
    expect(hex(apdu)).toBe('8072039200' + '0000');
    expect(parseCommand(apdu)).toMatchObject({ le: 65536, extended: true });
  });

  it('case 3 extended: the one-APDU UNWRAP of OpenSC 0.23 with a blob over 256 bytes', () => {
    const blob = Uint8Array.from({ length: 600 }, (_, i) => i & 0xff);
    const apdu = encodeCommand({ cla: 0x80, ins: 0x74, p1: 5, p2: 0x93, data: blob });
    expect(hex(apdu.subarray(0, 7))).toBe('80740593000258');
    expect(apdu.length).toBe(7 + 600);
    const parsed = parseCommand(apdu);
    expect(parsed.data).toEqual(blob);
    expect(parsed.extended).toBe(true);
    expect(parsed.le).toBeUndefined();
  });

  it('case 4 extended: signing with Le 512', () => {
    const data = new Uint8Array(32).fill(7);
    const apdu = encodeCommand({ cla: 0x80, ins: 0x68, p1: 1, p2: 0x73, data, le: 512 });
    expect(hex(apdu.subarray(0, 7))).toBe('80680173000020');
    expect(hex(apdu.subarray(apdu.length - 2))).toBe('0200');
    expect(parseCommand(apdu)).toMatchObject({ le: 512, extended: true });
  });

  it('forced extended length even for a small Le, as OpenSC sends WRAP KEY', () => {
    expect(
      hex(encodeCommand({ cla: 0x80, ins: 0x58, p1: 0, p2: 0, le: 65536, extended: true })),
    ).toBe('80580000000000');
  });

  it('refuses bytes that fit no case, and values that cannot be encoded', () => {
    expect(() => parseCommand(bytes('0084'))).toThrow(ApduFormatError);
    expect(() => parseCommand(bytes('00a4040005e82b06'))).toThrow(/Lc 5/);
    expect(() => parseCommand(bytes('0074059300000301'))).toThrow(/extended/);
    expect(() => encodeCommand({ cla: 0x100, ins: 0, p1: 0, p2: 0 })).toThrow(/CLA/);
    expect(() => encodeCommand({ cla: 0, ins: 0, p1: 0, p2: 0, le: 0 })).toThrow(/Le/);
    expect(() =>
      encodeCommand({ cla: 0, ins: 0, p1: 0, p2: 0, data: new Uint8Array(65536) }),
    ).toThrow(/65535/);
  });
});

describe('response APDUs', () => {
  it('data then SW1 SW2, both ways', () => {
    const response = encodeResponse(Uint8Array.of(1, 2, 3), 0x63c2);
    expect(hex(response)).toBe('01020363c2');
    expect(parseResponse(response)).toEqual({ data: Uint8Array.of(1, 2, 3), sw: 0x63c2 });
    expect(() => parseResponse(Uint8Array.of(0x90))).toThrow(/two status bytes/);
  });
});
