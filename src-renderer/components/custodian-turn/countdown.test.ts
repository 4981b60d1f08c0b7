import { describe, expect, it } from 'vitest';
import { countdownSeconds } from './use-turn-guard';

describe('the countdown before a shown share hides', () => {
  it('lasts a third of the period, at least 5 and at most 20 seconds', () => {
    expect(countdownSeconds(10)).toBe(5);
    expect(countdownSeconds(30)).toBe(10);
    expect(countdownSeconds(60)).toBe(20);
    expect(countdownSeconds(600)).toBe(20);
  });
});
