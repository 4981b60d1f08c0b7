import { describe, expect, it } from 'vitest';
import { slotsText, statusWords } from './device-labels';

describe('device status words', () => {
  it('gives every status a label and a sentence, using main’s reason for an unreachable device', () => {
    expect(statusWords({ kind: 'factory-fresh', usedSlots: 1, totalSlots: 256 }).label).toBe(
      'Factory-fresh',
    );
    expect(
      statusWords({
        kind: 'unreachable',
        reason: 'The device stopped answering. Unplug it and plug it back in.',
      }),
    ).toEqual({
      label: 'Unreachable',
      detail: 'The device stopped answering. Unplug it and plug it back in.',
    });
    for (const status of [
      { kind: 'checking' },
      { kind: 'configured' },
      { kind: 'factory-key-present', usedSlots: 3, totalSlots: 256 },
    ] as const) {
      expect(statusWords(status).detail).toMatch(/\.$/);
    }
  });

  it('shows used and total object slots only where the factory key can read them', () => {
    expect(slotsText({ kind: 'factory-key-present', usedSlots: 7, totalSlots: 256 })).toBe(
      '7 of 256 used',
    );
    expect(slotsText({ kind: 'configured' })).toMatch(/application key/);
    expect(slotsText({ kind: 'checking' })).toBe('Not known yet');
  });
});
