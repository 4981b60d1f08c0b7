import { describe, expect, it } from 'vitest';
import { parseVpcdAddress } from './vpcd-address';
import { VpcdReader, vpcdFrame } from './vpcd-framing';

describe('vpcd framing (spec §7.2)', () => {
  it('prefixes a 2-byte big-endian length', () => {
    expect([...vpcdFrame(Uint8Array.of(0x90, 0x00))]).toEqual([0x00, 0x02, 0x90, 0x00]);
    expect([...vpcdFrame(new Uint8Array(0x1234)).subarray(0, 2)]).toEqual([0x12, 0x34]);
    expect(() => vpcdFrame(new Uint8Array(0x10000))).toThrow(/at most 65535/);
  });

  it('splits a stream cut anywhere into control codes and APDUs', () => {
    const stream = Uint8Array.of(
      0,
      1,
      0x04,
      0,
      1,
      0x01,
      0,
      5,
      0x00,
      0xa4,
      0x04,
      0x00,
      0x00,
      0,
      1,
      0x02,
    );
    for (let cut = 0; cut <= stream.length; cut += 1) {
      const reader = new VpcdReader();
      const messages = [
        ...reader.push(stream.subarray(0, cut)),
        ...reader.push(stream.subarray(cut)),
      ];
      expect(messages).toEqual([
        { kind: 'control', code: 0x04 },
        { kind: 'control', code: 0x01 },
        { kind: 'apdu', apdu: Uint8Array.of(0x00, 0xa4, 0x04, 0x00, 0x00) },
        { kind: 'control', code: 0x02 },
      ]);
    }
  });

  it('forgets a half-received message when the connection is gone', () => {
    const reader = new VpcdReader();
    expect(reader.push(Uint8Array.of(0, 5, 0x00))).toEqual([]);
    reader.clear();
    expect(reader.push(Uint8Array.of(0, 1, 0x04))).toEqual([{ kind: 'control', code: 4 }]);
  });
});

describe('vpcd address', () => {
  it('accepts loopback only', () => {
    expect(parseVpcdAddress('127.0.0.1:35963')).toEqual({ host: '127.0.0.1', port: 35963 });
    expect(parseVpcdAddress('[::1]:35963')).toEqual({ host: '::1', port: 35963 });
    expect(() => parseVpcdAddress('192.168.1.5:35963')).toThrow(
      'the virtual card connects to vpcd on this computer only; use 127.0.0.1:35963, not 192.168.1.5',
    );
    expect(() => parseVpcdAddress('35963')).toThrow(/--vpcd must be host:port/);
    expect(() => parseVpcdAddress('127.0.0.1:0')).toThrow(/from 1 to 65535/);
  });
});
