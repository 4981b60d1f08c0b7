import { describe, expect, it } from 'vitest';
import { YubiHsmProtocolError } from '../protocol/device-errors';
import { fromHex, toHex } from '../session/test-support/vectors';
import { logEntryDigest, verifyAuditChain } from './audit-chain';
import { parseAuditLog, parseLogEntry, type LogEntry } from './audit-log';

const entry = (hex: string): LogEntry => parseLogEntry(fromHex(hex));

// V5 (python-yubihsm TestLogCorrect).
const boot = entry('0002 00 0000 ffff 0000 0000 00 00000000 f696906e5b3929c63ca6f10a83d2a0cc');
const createSession = entry(
  '0003 03 000a ffff 0001 ffff 83 00000023 2264d451b5eff5dfa94c544f33b787a9',
);

describe('audit log entries (spec §8.1)', () => {
  it('parses every field of the yubihsm.rs sample (GET OBJECT INFO failing with OBJECT_NOT_FOUND)', () => {
    const parsed = entry('00084e00030001000fffff0b00001578 b59b4d9ce1aa4f618abcddb0d6f787c2');
    expect({ ...parsed, digest: toHex(parsed.digest), raw: parsed.raw.length }).toEqual({
      number: 8,
      command: 0x4e,
      length: 3,
      sessionKey: 1,
      targetKey: 0x000f,
      secondKey: 0xffff,
      result: 0x0b,
      systick: 0x1578,
      digest: 'b59b4d9ce1aa4f618abcddb0d6f787c2',
      raw: 32,
    });
  });

  it('parses a GET LOG ENTRIES response and refuses one whose count does not match', () => {
    const payload = new Uint8Array([0x00, 0x01, 0x00, 0x02, 2, ...boot.raw, ...createSession.raw]);
    const log = parseAuditLog(payload);
    expect(log.unloggedBoots).toBe(1);
    expect(log.unloggedAuthentications).toBe(2);
    expect(log.entries.map((e) => e.number)).toEqual([2, 3]);
    expect(() => parseAuditLog(payload.subarray(0, 60))).toThrow(YubiHsmProtocolError);
    expect(() => parseAuditLog(payload.subarray(0, 60))).toThrow(
      /^GET LOG ENTRIES: the response announces 2 entries/,
    );
  });
});

describe('verifyAuditChain (spec §8.1, vector V5)', () => {
  it('accepts the python pair', () => {
    expect(verifyAuditChain([boot, createSession])).toEqual({ valid: true, checked: 1 });
  });

  it('accepts a boot entry chained from the reset entry of a real device, given as anchor', () => {
    const reset = { ...entry(`0001${'ff'.repeat(14)}33012657537e4842f57fa6ed3b09b25b`) };
    const realBoot = entry(
      '0002 00 0000 ffff 0000 0000 00 00000000 fc153091560e18bca82621522c85bdba',
    );
    expect(verifyAuditChain([realBoot], reset)).toEqual({ valid: true, checked: 1 });
    // The same boot bytes under the python digest do not follow that reset entry.
    expect(verifyAuditChain([boot], reset).valid).toBe(false);
  });

  it('names an altered entry', () => {
    const altered = entry(
      '0003 03 000a ffff 0002 ffff 83 00000023 2264d451b5eff5dfa94c544f33b787a9',
    );
    expect(verifyAuditChain([boot, altered])).toEqual({
      valid: false,
      entryNumber: 3,
      problem: 'the digest of entry 3 does not chain from entry 2; the log was altered',
    });
  });

  it('names a gap in the numbering', () => {
    const result = verifyAuditChain([boot, entry(`0004${'00'.repeat(30)}`)]);
    expect(result).toMatchObject({ valid: false, entryNumber: 4 });
  });

  it('follows the numbering across the wrap at 0xFFFF', () => {
    const last = entry(`ffff${'00'.repeat(14)}${'11'.repeat(16)}`);
    const head = fromHex(`0000 01 0000 ffff ffff ffff 81 00000001`);
    const first = parseLogEntry(
      new Uint8Array([...head, ...logEntryDigest({ raw: head }, last.digest)]),
    );
    expect(verifyAuditChain([first], last)).toEqual({ valid: true, checked: 1 });
  });

  it('treats an empty or single-entry log as nothing to check', () => {
    expect(verifyAuditChain([])).toEqual({ valid: true, checked: 0 });
    expect(verifyAuditChain([boot])).toEqual({ valid: true, checked: 0 });
  });
});
