import { describe, expect, it } from 'vitest';
import { parseTlvs, readTlv, tlv, TlvFormatError } from './tlv';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('BER-TLV', () => {
  it('one- and two-byte tags, short and long lengths', () => {
    expect(hex(tlv(0x92, Uint8Array.of(2)))).toBe('920102');
    expect(hex(tlv(0x5f29, Uint8Array.of(0)))).toBe('5f290100');
    const long = tlv(0x04, new Uint8Array(200));
    expect(hex(long.subarray(0, 3))).toBe('0481c8');
    const longer = tlv(0x7f49, new Uint8Array(300));
    expect(hex(longer.subarray(0, 5))).toBe('7f4982012c');
    const items = parseTlvs(Uint8Array.from([...tlv(0x80, Uint8Array.of(0, 1)), ...longer]));
    expect(items.map((item) => item.tag)).toEqual([0x80, 0x7f49]);
    expect(items[1]!.value.length).toBe(300);
  });

  it('refuses a TLV that runs past the data', () => {
    expect(() => readTlv(Uint8Array.of(0x81, 0x05, 1, 2), 0)).toThrow(TlvFormatError);
    expect(() => parseTlvs(Uint8Array.of(0x5f))).toThrow(/ends inside/);
  });
});
