import { describe, expect, it } from 'vitest';
import type {
  DkekVerifySnapshot,
  DkekVerifyStepId,
} from '../../../shared/ceremony/dkek-clone-snapshot';
import { cancelWarning, forwardAction } from './frame-actions';

const at = (current: DkekVerifyStepId, more: Partial<DkekVerifySnapshot> = {}) =>
  ({
    ceremonyId: 'v1',
    rehearsal: true,
    steps: { current, done: [], skipped: [] },
    finished: false,
    ...more,
  }) satisfies DkekVerifySnapshot;

describe('the DKEK verification frame actions', () => {
  it('offers nothing before the result (the folder and PIN forms have their own buttons), then Done', () => {
    expect(forwardAction(at('folder'))).toBeNull();
    expect(forwardAction(at('device'))).toBeNull();
    expect(forwardAction(at('result', { finished: true }))).toEqual({
      intent: 'done',
      label: 'Done',
      blocked: null,
    });
  });

  it('closes a stopped verification', () => {
    const stopped = at('device', {
      stopped: {
        status: 'abandoned',
        reason: 'The verification was cancelled.',
        deviceTouched: false,
      },
    });
    expect(forwardAction(stopped)).toEqual({ intent: 'done', label: 'Close', blocked: null });
    expect(cancelWarning(stopped)).toBeNull();
  });

  it('says cancelling writes nothing until the result, and offers no cancel while comparing or after', () => {
    expect(cancelWarning(null)).toMatch(/only reads the clone/);
    expect(cancelWarning(at('device'))).toMatch(/Nothing has been compared yet/);
    expect(cancelWarning(at('device', { busy: 'Comparing the clone with the record' }))).toBeNull();
    expect(cancelWarning(at('result', { finished: true }))).toBeNull();
  });
});
