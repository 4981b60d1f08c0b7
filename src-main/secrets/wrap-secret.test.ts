import { describe, expect, it } from 'vitest';
import { WRAP_SECRET_HEX, fromHex, hex, seededBytes } from './spec-vectors';
import {
  checkWrapSecret,
  combineRandomness,
  decodeWrapSecret,
  delegatedProfile,
  encodeWrapSecret,
  wrapKeyAlgorithm,
  type WrapSecret,
} from './wrap-secret';

const key = Uint8Array.from({ length: 32 }, (_, i) => i);
const setupSecret: WrapSecret = {
  wrapKeyId: 2,
  domains: 0x0001,
  capabilities: 0x3000n,
  delegatedCapabilities: 0x010539f0n,
  key,
};

describe('wrap secret layout (spec §3.2)', () => {
  it('encodes ID, domains, capabilities, delegated capabilities and key big-endian, as the spec vector', () => {
    expect(hex(encodeWrapSecret(setupSecret))).toBe(WRAP_SECRET_HEX);
  });

  it('decodes the spec vector back, for AES-256 and the shorter manager keys', () => {
    const decoded = decodeWrapSecret(fromHex(WRAP_SECRET_HEX));
    expect(decoded).toEqual(setupSecret);
    for (const length of [16, 24]) {
      const short = { ...setupSecret, key: key.slice(0, length) };
      const back = decodeWrapSecret(encodeWrapSecret(short));
      expect(back).toEqual(short);
      expect(wrapKeyAlgorithm(back.key)).toBe(
        length === 16 ? 'aes128-ccm-wrap' : 'aes192-ccm-wrap',
      );
    }
  });

  it('refuses lengths that hold no AES key, with a sentence', () => {
    expect(() => decodeWrapSecret(new Uint8Array(51))).toThrow(
      'The recombined secret has 51 bytes, but a wrap-key secret has 36, 44 or 52',
    );
    expect(() => encodeWrapSecret({ ...setupSecret, key: new Uint8Array(31) })).toThrow(
      /16, 24 or 32/,
    );
    expect(() => encodeWrapSecret({ ...setupSecret, wrapKeyId: 0x10000 })).toThrow(/0..65535/);
  });
});

describe('sanity checks on a recovered secret (spec §3.7)', () => {
  it('finds nothing wrong with what yubihsm-setup and yubihsm-manager write', () => {
    for (const delegated of [
      0x01013070n,
      0x010138f0n,
      0x010539f0n,
      0x01053ff0n,
      0x010139f0n,
      0x01013ff0n,
    ]) {
      expect(checkWrapSecret({ ...setupSecret, delegatedCapabilities: delegated })).toEqual([]);
    }
    expect(delegatedProfile(0x010539f0n)).toBe('yubihsm-setup 2.3.3 or later');
    expect(delegatedProfile(0x010139f0n)).toBe('yubihsm-manager 1.0');
    expect(delegatedProfile(0x1n)).toBeUndefined();
  });

  it('calls ID 0 and no domains errors', () => {
    const codes = checkWrapSecret({ ...setupSecret, wrapKeyId: 0, domains: 0 }).map((f) => [
      f.severity,
      f.code,
    ]);
    expect(codes).toEqual([
      ['error', 'zero-id'],
      ['error', 'no-domains'],
    ]);
  });

  it('warns about policies no known tool sets, and about bits yubihsm-setup would drop', () => {
    const findings = checkWrapSecret({
      ...setupSecret,
      capabilities: 0x13000n,
      delegatedCapabilities: 0x010539f0n | (1n << 50n),
    });
    expect(findings.map((f) => [f.severity, f.code])).toEqual([
      ['warning', 'dropped-by-yubihsm-setup'],
      ['warning', 'unusual-capabilities'],
      ['warning', 'unusual-delegated'],
    ]);
    expect(findings[1]!.message).toContain('0x00013000');
  });

  it('calls a random 52-byte secret (a mistyped share recombined) an error', () => {
    const random = seededBytes(99);
    for (let i = 0; i < 200; i++) {
      const findings = checkWrapSecret(decodeWrapSecret(random(52)));
      expect(findings.some((f) => f.severity === 'error')).toBe(true);
    }
  });
});

describe('combineRandomness', () => {
  it('XORs the device bytes with the host bytes', () => {
    expect(
      Array.from(
        combineRandomness(Uint8Array.of(0xff, 0x0f, 0x00), Uint8Array.of(0x0f, 0x0f, 0xaa)),
      ),
    ).toEqual([0xf0, 0x00, 0xaa]);
  });

  it('refuses inputs of different or zero length', () => {
    expect(() => combineRandomness(new Uint8Array(32), new Uint8Array(31))).toThrow(
      'the device gave 32 random bytes and the host 31',
    );
    expect(() => combineRandomness(new Uint8Array(0), new Uint8Array(0))).toThrow(
      /no random bytes/,
    );
  });
});
