import { describe, expect, it } from 'vitest';
import type {
  DkekBackupKey,
  DkekBackupSnapshot,
  DkekBackupStepId,
} from '../../../shared/ceremony/dkek-clone-snapshot';
import { cancelWarning, forwardAction } from './frame-actions';

const key = (keyReference: number, more: Partial<DkekBackupKey> = {}): DkekBackupKey => ({
  keyReference,
  type: 'EC P-256',
  file: `key-00${keyReference}.wrapped`,
  status: 'to-wrap',
  ...more,
});

const at = (current: DkekBackupStepId, more: Partial<DkekBackupSnapshot> = {}) =>
  ({
    ceremonyId: 'b1',
    rehearsal: true,
    steps: { current, done: [], skipped: [] },
    keys: [],
    finished: false,
    ...more,
  }) satisfies DkekBackupSnapshot;

describe('the DKEK back-up frame actions', () => {
  it('offers nothing on the folder and device steps, whose forms have their own buttons', () => {
    expect(forwardAction(at('folder'))).toBeNull();
    expect(forwardAction(at('device'))).toBeNull();
  });

  it('wraps the keys under review, counted, and holds back with none or while busy', () => {
    expect(forwardAction(at('review', { keys: [key(1), key(2)] }))).toEqual({
      intent: 'run',
      label: 'Wrap the 2 keys under the DKEK',
      blocked: null,
    });
    expect(forwardAction(at('review', { keys: [key(1)] }))?.label).toBe(
      'Wrap the key under the DKEK',
    );
    expect(forwardAction(at('review'))?.blocked).toMatch(/holds no keys/);
    expect(forwardAction(at('review', { keys: [key(1)], busy: 'Reading' }))?.blocked).toMatch(
      /Wait/,
    );
  });

  it('runs again after a wrap stopped part-way, and is done once finished', () => {
    const partial = at('wrap', { keys: [key(1, { status: 'written', blobKcv: 'AB' }), key(2)] });
    expect(forwardAction(partial)).toMatchObject({ intent: 'run', blocked: null });
    expect(forwardAction({ ...partial, busy: 'Wrapping' })?.blocked).toMatch(/Wait/);
    expect(forwardAction({ ...partial, finished: true })).toEqual({
      intent: 'done',
      label: 'Done',
      blocked: null,
    });
  });

  it('closes a stopped back-up', () => {
    const stopped = at('review', {
      stopped: { status: 'abandoned', reason: 'The back-up was cancelled.', deviceTouched: false },
    });
    expect(forwardAction(stopped)).toEqual({ intent: 'done', label: 'Close', blocked: null });
    expect(cancelWarning(stopped)).toBeNull();
  });

  it('says what cancelling costs before and during the wrap, and offers no cancel once done', () => {
    expect(cancelWarning(null)).toMatch(/Nothing has been read/);
    expect(cancelWarning(at('review'))).toMatch(/Nothing has been wrapped yet/);
    expect(cancelWarning(at('wrap'))).toMatch(/already wrapped stay in the ceremony folder/);
    expect(cancelWarning(at('wrap', { finished: true }))).toBeNull();
    expect(cancelWarning(at('wrap', { busy: 'Wrapping' }))).toBeNull();
  });
});
