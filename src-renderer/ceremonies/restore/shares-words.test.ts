import { describe, expect, it } from 'vitest';
import { idlePeriod, rebuiltFromSentence } from './shares-words';

describe('the shares step in words', () => {
  it('names whose shares rebuilt the key, by custodian with a record and by number without one', () => {
    expect(
      rebuiltFromSentence([
        { number: 1, custodian: 'Alice Andersen' },
        { number: 2, custodian: 'Bob Brandt' },
      ]),
    ).toBe('Rebuilt from the shares of Alice Andersen (1) and Bob Brandt (2).');
    expect(
      rebuiltFromSentence([
        { number: 1, custodian: 'Alice' },
        { number: 3, custodian: 'Carol' },
        { number: 4, custodian: 'Dan' },
      ]),
    ).toBe('Rebuilt from the shares of Alice (1), Carol (3) and Dan (4).');
    expect(rebuiltFromSentence([{ number: 2 }, { number: 3 }])).toBe(
      'Rebuilt from shares 2 and 3.',
    );
    expect(rebuiltFromSentence([{ number: 1 }])).toBe('Rebuilt from share 1.');
    expect(rebuiltFromSentence([])).toBe('');
  });

  it('says the idle period in minutes when it is whole minutes, in seconds otherwise', () => {
    expect(idlePeriod(60)).toBe('1 minute');
    expect(idlePeriod(120)).toBe('2 minutes');
    expect(idlePeriod(45)).toBe('45 seconds');
    expect(idlePeriod(90)).toBe('90 seconds');
  });
});
