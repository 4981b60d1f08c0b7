import { describe, expect, it } from 'vitest';
import { describeStatusWord, SmartCardHsmStatusError, StatusWord, triesLeft } from './status-words';

describe('status words as typed errors (spec §5.4)', () => {
  it('every known status word has its own sentence', () => {
    const sentences = new Set<string>();
    for (const sw of Object.values(StatusWord)) {
      const sentence = describeStatusWord(sw);
      expect(sentence).not.toMatch(/does not know/);
      sentences.add(sentence);
    }
    expect(sentences.size).toBe(Object.values(StatusWord).length);
  });

  it('63Cx says how many tries are left', () => {
    expect(describeStatusWord(0x63c2)).toBe('wrong PIN: 2 tries are left before it is blocked');
    expect(describeStatusWord(0x63c1)).toMatch(/1 try is left/);
    expect(describeStatusWord(0x63c0)).toMatch(/blocked/);
    expect(triesLeft(0x63c2)).toBe(2);
    expect(triesLeft(0x9000)).toBeUndefined();
  });

  it('an error names the command, the meaning and the hex status', () => {
    const error = new SmartCardHsmStatusError('UNWRAP KEY', 0x6a80);
    expect(error.message).toMatch(/^UNWRAP KEY: .*another security domain.*\(status 6A80\)$/);
    expect(error.swName).toBe('WRONG_DATA');
    expect(new SmartCardHsmStatusError('VERIFY', 0x63c1)).toMatchObject({
      swName: 'WRONG_PIN',
      triesLeft: 1,
    });
    expect(new SmartCardHsmStatusError('X', 0x6f12).message).toMatch(/does not know.*6F12/);
  });
});
