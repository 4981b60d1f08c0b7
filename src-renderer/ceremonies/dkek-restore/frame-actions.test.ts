import { describe, expect, it } from 'vitest';
import type { DkekRestoreSnapshot } from '../../../shared/ceremony/dkek-clone-snapshot';
import { cancelWarning, forwardAction } from './frame-actions';

function snapshot(over: Partial<DkekRestoreSnapshot> = {}): DkekRestoreSnapshot {
  return {
    ceremonyId: 'c',
    airGapWarnings: [],
    mode: 'clone',
    rehearsal: true,
    steps: { current: 'folder', done: [], skipped: [] },
    shares: { total: 2, imported: [] },
    files: [],
    finished: false,
    ...over,
  };
}

const turn = {
  shareNumber: 1,
  file: 'dkek-share-1.pbe',
  holders: { kind: 'password' as const, custodian: 'Alice' },
  phase: 'handover' as const,
  passwordSharesIn: [],
  idleSeconds: 60,
};

describe('the DKEK clone frame', () => {
  it('offers nothing where the screen has its own buttons: folder, device, a holder’s turn', () => {
    expect(forwardAction(snapshot())).toBeNull();
    expect(
      forwardAction(snapshot({ steps: { current: 'device', done: [], skipped: [] } })),
    ).toBeNull();
    expect(
      forwardAction(
        snapshot({
          steps: { current: 'shares', done: [], skipped: [] },
          shares: { total: 2, imported: [], next: 1, turn },
        }),
      ),
    ).toBeNull();
  });

  it('with every share in but no turn (a resumed clone) offers the KCV comparison, then the unwrap, then done', () => {
    const resumed = snapshot({
      steps: { current: 'shares', done: [], skipped: [] },
      shares: { total: 2, imported: [1, 2] },
    });
    expect(forwardAction(resumed)).toMatchObject({ intent: 'check-kcv', blocked: null });
    expect(forwardAction({ ...resumed, busy: 'Checking the DKEK' })?.blocked).toBe(
      'Wait until Custos has finished.',
    );
    const unwrap = snapshot({ steps: { current: 'unwrap', done: [], skipped: [] } });
    expect(forwardAction(unwrap)).toMatchObject({ intent: 'unwrap', label: 'Unwrap the keys' });
    const partial = {
      ...unwrap,
      files: [{ file: 'key-001-a.wrapped', outcome: 'unwrapped' as const }],
    };
    expect(forwardAction(partial)?.label).toBe('Unwrap the remaining keys');
    expect(forwardAction({ ...partial, finished: true })).toMatchObject({ intent: 'done' });
    expect(
      forwardAction(
        snapshot({ stopped: { status: 'abandoned', reason: 'x', deviceTouched: false } }),
      ),
    ).toMatchObject({ intent: 'done', label: 'Close' });
  });

  it('says what a cancel leaves behind, in the clone and in the sequential import', () => {
    expect(cancelWarning(null)).toBe('Nothing has been read or written yet.');
    expect(cancelWarning(snapshot())).toBe('Nothing has been written to the secondary yet.');
    expect(
      cancelWarning(
        snapshot({
          steps: { current: 'shares', done: [], skipped: [] },
          shares: { total: 2, imported: [1] },
        }),
      ),
    ).toContain('keeps the 1 share imported');
    expect(
      cancelWarning(snapshot({ steps: { current: 'unwrap', done: [], skipped: [] } })),
    ).toContain('keys already unwrapped stay on it');
    expect(
      cancelWarning(snapshot({ mode: 'import', shares: { total: 3, imported: [1, 2] } })),
    ).toContain('The 2 shares already on the device stay there');
    expect(cancelWarning(snapshot({ busy: 'Importing share 1 of 2' }))).toBeNull();
  });
});
