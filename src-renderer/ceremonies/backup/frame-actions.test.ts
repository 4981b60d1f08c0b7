import { describe, expect, it } from 'vitest';
import { isBackupOver } from './BackupWizard';
import {
  cancelWarning,
  forwardAction,
  stoppedFolderSentence,
  stoppedTitle,
  stoppedWithNothingToSay,
} from './frame-actions';
import { backupSnapshot, PLANNED, reviewView } from './testing/snapshots';

const exported = PLANNED.map((object) => ({
  ...object,
  status:
    object.status === 'export'
      ? ('written' as const)
      : object.status === 'exists'
        ? ('kept' as const)
        : ('not-exported' as const),
}));

describe('the back-up frame’s buttons', () => {
  it('leaves the folder and the primary to their own forms', () => {
    expect(forwardAction(backupSnapshot({ step: 'source' }))).toBeNull();
    expect(forwardAction(backupSnapshot({ step: 'primary', suggestedAuthKeyId: 3 }))).toBeNull();
  });

  it('exports from the review, saying how many objects, and waits while the primary is busy', () => {
    expect(forwardAction(backupSnapshot(reviewView()))).toEqual({
      intent: 'run',
      label: 'Export 1 object',
      blocked: null,
    });
    expect(
      forwardAction(
        backupSnapshot(
          reviewView({ objects: PLANNED.filter((object) => object.status !== 'export') }),
        ),
      )?.label,
    ).toBe('Record the back-up (nothing new to export)');
    expect(
      forwardAction(backupSnapshot(reviewView(), { busy: 'Generating rehearsal keys' }))?.blocked,
    ).toMatch(/Wait until/);
  });

  it('ends with Done, and offers to run the export again only after it stopped part-way', () => {
    const finished = backupSnapshot({
      step: 'export',
      objects: exported,
      finished: true,
      summary: 'Back-up done.',
    });
    expect(forwardAction(finished)).toEqual({ intent: 'done', label: 'Done', blocked: null });
    const running = backupSnapshot(
      { step: 'export', objects: PLANNED, finished: false, summary: 'Exporting…' },
      { busy: 'Exporting under the wrap key' },
    );
    expect(forwardAction(running)).toBeNull();
    const stopped = backupSnapshot(
      { step: 'export', objects: PLANNED, finished: false, summary: 'Exporting…' },
      { problem: { message: 'The primary was unplugged.' } },
    );
    expect(forwardAction(stopped)).toEqual({
      intent: 'run',
      label: 'Run the export again',
      blocked: null,
    });
  });

  it('says what cancelling means, and offers no Cancel once the back-up is done or while it exports', () => {
    expect(cancelWarning(backupSnapshot(reviewView()))).toBe(
      'Nothing has been exported: the ceremony folder is unchanged.',
    );
    expect(
      cancelWarning(
        backupSnapshot(reviewView({ sampleKeys: { offered: true, generated: [0x100] } })),
      ),
    ).toMatch(/rehearsal keys .* stay on it/);
    expect(
      cancelWarning(
        backupSnapshot({ step: 'export', objects: exported, finished: true, summary: 'Done.' }),
      ),
    ).toBeNull();
    expect(
      cancelWarning(
        backupSnapshot(
          { step: 'export', objects: PLANNED, finished: false, summary: '…' },
          { busy: 'Exporting' },
        ),
      ),
    ).toBeNull();
  });

  it('offers nothing but the way home once the back-up has stopped, and does not pick it up again', () => {
    const stopped = backupSnapshot(
      { step: 'export', objects: PLANNED, finished: false, summary: 'Stopped part-way.' },
      {
        problem: { message: 'The primary was unplugged.' },
        stopped: {
          status: 'failed',
          reason: 'The back-up was cancelled after it stopped part-way.',
          deviceTouched: false,
          written: ['0x0100-asymmetric-key.yhw'],
          notWritten: [],
        },
      },
    );
    expect(forwardAction(stopped)).toBeNull();
    expect(cancelWarning(stopped)).toBeNull();
    expect(isBackupOver(stopped)).toBe(true);
    expect(isBackupOver(backupSnapshot(reviewView()))).toBe(false);
  });

  it('says what a stopped back-up left in the folder, and goes straight home only when it left nothing', () => {
    const base = {
      status: 'abandoned' as const,
      reason: 'The back-up was cancelled.',
      deviceTouched: false,
      written: [],
      notWritten: ['a.yhw'],
    };
    expect(stoppedTitle(base)).toBe('This back-up was cancelled');
    expect(stoppedFolderSentence(base)).toBe('Nothing was written to the ceremony folder.');
    expect(stoppedWithNothingToSay(base)).toBe(true);
    expect(stoppedWithNothingToSay({ ...base, deviceTouched: true })).toBe(false);
    const part = {
      ...base,
      status: 'failed' as const,
      written: ['a.yhw'],
      notWritten: ['b.yhw', 'c.yhw'],
    };
    expect(stoppedTitle(part)).toBe('This back-up stopped part-way');
    expect(stoppedFolderSentence(part)).toMatch(
      /^1 of the 3 files this back-up was to write was written to the ceremony folder before it stopped\. They stay there, and the record and the transcript list them\./,
    );
    expect(stoppedWithNothingToSay(part)).toBe(false);
  });
});
