import { describe, expect, it } from 'vitest';
import { ALL_CAPABILITIES } from '../protocol/capabilities';
import { YubiHsmProtocolError } from '../protocol/device-errors';
import { YubiHsmArgumentError } from '../session/errors';
import { fromHex, toHex } from '../session/test-support/vectors';
import { encodeObjectFilter, parseObjectInfo, parseObjectList } from './object-info';

const label = (text: string, junk = '') => {
  const bytes = new Uint8Array(40);
  bytes.set(new TextEncoder().encode(text));
  bytes.set(fromHex(junk), text.length + 1);
  return toHex(bytes);
};

describe('GET OBJECT INFO (spec §4.3, vector V6)', () => {
  it('parses the factory authentication key', () => {
    const payload = fromHex(
      `ffffffffffffffff 0001 0028 ffff 02 26 00 02 ${label('DEFAULT AUTHKEY CHANGE THIS ASAP')} ffffffffffffffff`,
    );
    expect(payload.length).toBe(66);
    expect(parseObjectInfo(payload)).toEqual({
      id: 1,
      type: 2,
      algorithm: 38,
      capabilities: ALL_CAPABILITIES,
      delegatedCapabilities: ALL_CAPABILITIES,
      domains: 0xffff,
      length: 40,
      sequence: 0,
      origin: 2,
      label: 'DEFAULT AUTHKEY CHANGE THIS ASAP',
    });
  });

  it('reads the label only up to its first NUL, as the python sample with junk after it needs', () => {
    const payload = fromHex(
      `0000000000010000 0064 000c 0001 01 1e 00 02 ${label('test', 'deadbeef')} 0000000000000000`,
    );
    expect(parseObjectInfo(payload).label).toBe('test');
  });

  it('decodes a UTF-8 label and fills a full 40-byte label without a NUL', () => {
    const utf8 = 'clé de chiffrement';
    expect(
      parseObjectInfo(fromHex(`${'00'.repeat(18)}${label(utf8)}${'00'.repeat(8)}`)).label,
    ).toBe(utf8);
    expect(
      parseObjectInfo(fromHex(`${'00'.repeat(18)}${'41'.repeat(40)}${'00'.repeat(8)}`)).label,
    ).toBe('A'.repeat(40));
  });

  it('refuses a response that is not 66 bytes', () => {
    expect(() => parseObjectInfo(new Uint8Array(65))).toThrow(YubiHsmProtocolError);
    expect(() => parseObjectInfo(new Uint8Array(65))).toThrow(
      /^GET OBJECT INFO: expected a 66-byte response, got 65 bytes/,
    );
  });
});

describe('LIST OBJECTS (spec §4.3, vector V6)', () => {
  it('parses the python sample in storage order with sequence numbers', () => {
    const list = parseObjectList(
      fromHex('0001 02 00 648f 03 00 0001 03 00 0004 05 00 0005 05 00 0005 03 00'),
    );
    expect(list).toEqual([
      { id: 0x0001, type: 2, sequence: 0 },
      { id: 0x648f, type: 3, sequence: 0 },
      { id: 0x0001, type: 3, sequence: 0 },
      { id: 0x0004, type: 5, sequence: 0 },
      { id: 0x0005, type: 5, sequence: 0 },
      { id: 0x0005, type: 3, sequence: 0 },
    ]);
  });

  it('refuses a list whose length is not whole entries', () => {
    expect(() => parseObjectList(fromHex('0001 02'))).toThrow(
      /^LIST OBJECTS: a 3-byte response is not a list of 4-byte entries/,
    );
  });

  it('encodes the python filter example', () => {
    const filter = encodeObjectFilter({
      id: 2,
      type: 1,
      domains: 0xffff,
      capabilities: 0x00ff_ffff_ffff_ffffn,
      algorithm: 0x15,
    });
    expect(toHex(filter)).toBe('01000202010' + '3ffff0400ffffffffffffff0515');
  });

  it('encodes a label filter as 40 zero-padded bytes and leaves out empty filters', () => {
    expect(toHex(encodeObjectFilter({ label: 'wrap' }))).toBe(`06${label('wrap')}`);
    expect(toHex(encodeObjectFilter({ id: 0, domains: 0, label: '' }))).toBe('');
    expect(toHex(encodeObjectFilter())).toBe('');
  });

  it('validates filter values', () => {
    expect(() => encodeObjectFilter({ type: 12 })).toThrow(YubiHsmArgumentError);
    expect(() => encodeObjectFilter({ id: 0x10000 })).toThrow(/not a valid object id/);
    expect(() => encodeObjectFilter({ label: 'x'.repeat(41) })).toThrow(
      /41 bytes in UTF-8; the device holds at most 40/,
    );
  });
});
