import { describe, expect, it } from 'vitest';
import type { CeremonyRecord } from '../../../shared/records/ceremony-record';
import { DEFAULT_SHARE_HIDE_SECONDS, shareHideSeconds } from './record-facts';

const withPlan = (plan: Record<string, unknown>) => ({ plan }) as unknown as CeremonyRecord;

describe('how long a share may stay on screen untouched, from the record', () => {
  it('is the plan’s own shareHideSeconds', () => {
    expect(shareHideSeconds(withPlan({ shareHideSeconds: 45 }))).toBe(45);
    expect(shareHideSeconds(withPlan({ shareHideSeconds: 600 }))).toBe(600);
  });

  it('is 60 seconds without a record, or when the plan does not say or says something a plan cannot hold', () => {
    expect(DEFAULT_SHARE_HIDE_SECONDS).toBe(60);
    expect(shareHideSeconds(undefined)).toBe(60);
    for (const odd of [undefined, '45', 4.5, 5, 601, null])
      expect(shareHideSeconds(withPlan({ shareHideSeconds: odd }))).toBe(60);
  });
});
