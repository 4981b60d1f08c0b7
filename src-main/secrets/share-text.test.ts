import { describe, expect, it } from 'vitest';
import { splitForManager } from './manager-share';
import { guessShareFormat, parseShare } from './share-text';
import { SETUP_2_OF_3, WRAP_SECRET_HEX, fromHex, seededBytes } from './spec-vectors';

const managerLine = splitForManager(fromHex(WRAP_SECRET_HEX), 2, 3, seededBytes(6))[0]!;

describe('reading a share of either format', () => {
  it('tells the two formats apart by their data', () => {
    expect(guessShareFormat(SETUP_2_OF_3[0]!)).toBe('yubihsm-setup');
    expect(guessShareFormat(managerLine)).toBe('yubihsm-manager');
    // A manager share with a digit missing is still recognised, so its problem is described as one.
    expect(guessShareFormat(managerLine.slice(0, -1))).toBe('yubihsm-manager');
  });

  it('parses each with its own rules, or with the format the record names', () => {
    expect(parseShare(SETUP_2_OF_3[0]!)).toMatchObject({
      ok: true,
      share: { format: 'yubihsm-setup' },
    });
    expect(parseShare(managerLine)).toMatchObject({
      ok: true,
      share: { format: 'yubihsm-manager' },
    });
    const forced = parseShare(managerLine, { format: 'yubihsm-setup' });
    expect(forced).toMatchObject({ ok: false, problem: { code: 'wrong-payload-length' } });
    const short = parseShare(managerLine.slice(0, -1));
    expect(!short.ok && short.problem.message).toMatch(/103 hex digits/);
  });
});
