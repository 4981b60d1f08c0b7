import { describe, expect, it } from 'vitest';
import type { RestoreSnapshot } from '../../../shared/ceremony/restore-snapshot';
import { cancelWarning, canGoBack, forwardAction, stoppedDeviceSentence } from './frame-actions';
import { restoreSnapshot, sharesView } from './testing/snapshots';

const FRESH_CHECK = {
  state: 'factory-fresh' as const,
  deviceId: 'sim:secondary',
  serial: 7550002,
  firmware: '2.4.0',
  simulated: true,
};
const TASKS: RestoreSnapshot['view'] & { step: 'device-steps' } = {
  step: 'device-steps',
  tasks: [
    {
      id: 'session',
      title: 'Open a session on the secondary with the factory key',
      status: 'done',
    },
    { id: 'wrap-key', title: 'Put the wrap key 0x0002 on the secondary', status: 'failed' },
  ],
  files: [],
  applicationKey: { passwordGiven: false },
  factoryKey: {
    decision: 'pending',
    reason: 'The factory key is deleted only once the application key is on the secondary.',
  },
  deviceState: 'The wrap key is not on the secondary yet.',
  canRetry: true,
};

describe('the restore frame’s buttons', () => {
  it('goes on to the shares only with a secondary that passed its check', () => {
    const unchecked = restoreSnapshot({ step: 'secondary' });
    expect(forwardAction(unchecked)).toMatchObject({
      intent: 'to-shares',
      blocked: expect.stringMatching(/factory-fresh secondary/),
    });
    const refused = restoreSnapshot({
      step: 'secondary',
      check: {
        state: 'refused',
        deviceId: 'sim:primary',
        serial: 7550001,
        reason: 'is-primary',
        message: 'This device is the primary.',
      },
    });
    expect(forwardAction(refused)?.blocked).not.toBeNull();
    const fresh = restoreSnapshot(
      { step: 'secondary', check: FRESH_CHECK },
      { secondary: { deviceId: 'sim:secondary', serial: 7550002, simulated: true } },
    );
    expect(forwardAction(fresh)).toEqual({
      intent: 'to-shares',
      label: 'Go on to the shares',
      blocked: null,
    });
  });

  it('leaves each custodian’s turn to the turn’s own buttons, and writes to the secondary only with a key that matches the record', () => {
    for (const phase of ['handover', 'entry', 'cleared'] as const)
      expect(forwardAction(restoreSnapshot(sharesView(phase)))).toBeNull();
    const recombined = (matchesRecord: boolean | null) =>
      restoreSnapshot(
        sharesView('recombined', {
          recombined: {
            kcv: 'E676BF',
            matchesRecord,
            wrapKeyId: 2,
            domains: [1],
            capabilities: [],
            delegatedCapabilities: [],
            confirmedBy: [],
            warnings: [],
            used: [{ number: 1 }, { number: 3 }],
          },
        }),
      );
    expect(forwardAction(recombined(true))).toEqual({
      intent: 'run-device-steps',
      label: 'Write to the secondary',
      blocked: null,
    });
    expect(forwardAction(recombined(null))?.blocked).toBeNull();
    expect(forwardAction(recombined(false))?.blocked).toMatch(/does not match the record/);
  });

  it('offers to resume the device steps after an unplug, and Done at the end', () => {
    expect(forwardAction(restoreSnapshot(TASKS))).toEqual({
      intent: 'run-device-steps',
      label: 'Resume the device steps',
      blocked: null,
    });
    expect(forwardAction(restoreSnapshot({ ...TASKS, canRetry: false }))).toBeNull();
    expect(forwardAction(restoreSnapshot(TASKS, { busy: 'Writing to the secondary' }))).toBeNull();
    const finished = restoreSnapshot({
      step: 'finished',
      status: 'completed',
      summary: 'Restored.',
      files: [],
      factoryKey: { decision: 'deleted', reason: 'x' },
    });
    expect(forwardAction(finished)).toEqual({ intent: 'done', label: 'Done', blocked: null });
  });

  it('after the application key password was refused, runs the device steps again only once the password is given again', () => {
    const kept = {
      ...TASKS,
      factoryKey: {
        decision: 'kept' as const,
        reason:
          'The factory key 0x0001 was kept: the password given does not open a session with it.',
      },
    };
    expect(
      forwardAction(
        restoreSnapshot({
          ...kept,
          applicationKey: { id: 3, passwordGiven: false, passwordNeeded: true },
        }),
      ),
    ).toEqual({
      intent: 'run-device-steps',
      label: 'Run the device steps again',
      blocked: 'Give the application key’s password again first.',
    });
    expect(
      forwardAction(
        restoreSnapshot({
          ...kept,
          applicationKey: { id: 3, passwordGiven: true, passwordNeeded: true },
        }),
      ),
    ).toEqual({ intent: 'run-device-steps', label: 'Run the device steps again', blocked: null });
  });

  it('opens Back until the first share is accepted, as main does', () => {
    expect(canGoBack(restoreSnapshot({ step: 'secondary' }))).toBe(true);
    expect(canGoBack(restoreSnapshot(sharesView('handover', { accepted: [] })))).toBe(true);
    expect(canGoBack(restoreSnapshot(sharesView('handover')))).toBe(false);
    expect(canGoBack(restoreSnapshot(sharesView('entry', { accepted: [] })))).toBe(false);
    expect(canGoBack(restoreSnapshot(TASKS))).toBe(false);
  });

  it('says what cancelling means: nothing written, shares forgotten, or a partly restored secondary', () => {
    expect(cancelWarning(restoreSnapshot({ step: 'secondary' }))).toBe(
      'Nothing has been written to the secondary and no share has been entered.',
    );
    expect(cancelWarning(restoreSnapshot(sharesView('handover')))).toMatch(
      /shares entered so far are forgotten/,
    );
    expect(cancelWarning(restoreSnapshot(TASKS))).toMatch(
      /^The secondary is partly restored\. The wrap key is not on the secondary yet\. Cancelling records the restore as failed/,
    );
    expect(cancelWarning(restoreSnapshot(TASKS, { busy: 'Writing to the secondary' }))).toBeNull();
    const stopped = restoreSnapshot(sharesView('handover'), {
      stopped: { status: 'abandoned', reason: 'Cancelled.', deviceTouched: false },
    });
    expect(cancelWarning(stopped)).toBeNull();
    expect(forwardAction(stopped)).toBeNull();
    expect(stoppedDeviceSentence({ status: 'failed', reason: 'x', deviceTouched: true })).toMatch(
      /Start a new restore onto it to resume/,
    );
  });
});
