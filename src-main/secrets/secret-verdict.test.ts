import { describe, expect, it } from 'vitest';
import { judgeSecret, plausibleWrapSecret } from './secret-verdict';
import { WRAP_SECRET_HEX, fromHex } from './spec-vectors';

const policy = {
  wrapKeyId: 2,
  domains: 1,
  capabilities: 0x3000n,
  delegatedCapabilities: 0x010539f0n,
};

function withByte(index: number, value: number): Uint8Array {
  const bytes = fromHex(WRAP_SECRET_HEX);
  bytes[index] = value;
  return bytes;
}

describe('judging a recombined secret', () => {
  it('accepts the spec secret against its record and wipes the input', () => {
    const bytes = fromHex(WRAP_SECRET_HEX);
    const verdict = judgeSecret(bytes, { kcv: 'f29000', policy });
    expect(verdict).toMatchObject({ ok: true, kcv: 'F29000', findings: [], secret: policy });
    expect(bytes.every((b) => b === 0)).toBe(true);
  });

  it('names each record check that fails', () => {
    expect(judgeSecret(withByte(40, 0xff), { kcv: 'F29000' })).toMatchObject({
      ok: false,
      problems: [{ code: 'kcv-mismatch' }],
    });
    const verdict = judgeSecret(withByte(3, 0x03), { kcv: 'F29000', policy }, ' Add a share.');
    expect(verdict).toEqual({
      ok: false,
      problems: [
        {
          code: 'policy-mismatch',
          message:
            'The shares recombine to a wrap key that differs from the recorded one in its domains: a share is mistyped near its start, or it is from another ceremony. Add a share.',
        },
      ],
    });
    expect(judgeSecret(withByte(4, 0xf0), {})).toMatchObject({
      ok: false,
      problems: [{ code: 'not-a-wrap-key' }],
    });
    expect(judgeSecret(new Uint8Array(40), {})).toMatchObject({
      ok: false,
      problems: [{ code: 'not-a-wrap-key' }],
    });
  });

  it('finds a secret plausible from the record when there is one, else from the 0x3000 capabilities', () => {
    expect(plausibleWrapSecret(fromHex(WRAP_SECRET_HEX), {})).toBe(true);
    expect(plausibleWrapSecret(withByte(10, 0x31), {})).toBe(false);
    expect(plausibleWrapSecret(withByte(40, 0xff), {})).toBe(true);
    expect(plausibleWrapSecret(withByte(40, 0xff), { kcv: 'F29000' })).toBe(false);
    expect(plausibleWrapSecret(withByte(1, 0x07), { policy })).toBe(false);
    expect(plausibleWrapSecret(withByte(10, 0x31), { kcv: 'F29000' })).toBe(true);
    expect(plausibleWrapSecret(new Uint8Array(10), {})).toBe(false);
  });
});
