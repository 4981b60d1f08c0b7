import { describe, expect, it } from 'vitest';
import type { DeviceTask, InitSnapshot } from '../../../shared/ceremony/init-snapshot';
import { canCancel, canGoBack, cancelWarning, forwardAction } from './frame-actions';
import { sharesView, snapshotAt } from './testing/snapshots';

const network = { airGapped: true, interfaces: [] };
const fresh = {
  state: 'factory-fresh' as const,
  deviceId: 'sim:primary',
  serial: 7550001,
  firmware: '2.4.0',
  simulated: true,
  objects: [],
};

function deviceSteps(
  statuses: DeviceTask['status'][],
  extra: Partial<InitSnapshot> = {},
): InitSnapshot {
  const tasks = statuses.map((status, index) => ({
    id: `task-${index}`,
    title: `Task ${index}`,
    status,
  }));
  return snapshotAt(
    {
      step: 'device-steps',
      tasks,
      deviceState:
        'The primary now holds the wrap key 0x0002 and its factory authentication key 0x0001.',
      canRetry: false,
    },
    extra,
  );
}

describe('the frame’s buttons', () => {
  it('goes on from preflight only once the primary is factory-fresh', () => {
    expect(forwardAction(snapshotAt({ step: 'preflight', network }))).toMatchObject({
      intent: 'to-plan',
      blocked: 'Choose a factory-fresh primary first.',
    });
    expect(forwardAction(snapshotAt({ step: 'preflight', network, primary: fresh }))).toMatchObject(
      { intent: 'to-plan', blocked: null },
    );
  });

  it('holds the review back while the plan has errors, and says how many', () => {
    const plan = (errors: number) =>
      snapshotAt({
        step: 'plan',
        plan: {},
        errors: Array.from({ length: errors }, (_, i) => ({ field: `f${i}`, message: 'wrong' })),
        warnings: [],
        passwords: { application: true, audit: false },
      });
    expect(forwardAction(plan(2))?.blocked).toBe(
      '2 things in the plan need fixing first; each is marked where it is.',
    );
    expect(forwardAction(plan(1))?.blocked).toBe(
      'One thing in the plan needs fixing first; each is marked where it is.',
    );
    expect(forwardAction(plan(0))).toEqual({
      intent: 'to-review',
      label: 'Review the plan',
      blocked: null,
    });
  });

  it('offers "Begin ceremony" as the review’s one way forward, and no frame button during the turns', () => {
    expect(
      forwardAction(snapshotAt({ step: 'review', sections: [], warnings: [], folder: '/c' })),
    ).toEqual({ intent: 'begin', label: 'Begin ceremony', blocked: null });
    for (const phase of ['handover', 'reveal', 'confirm', 'cleared'] as const)
      expect(forwardAction(snapshotAt(sharesView(phase)))).toBeNull();
  });

  it('writes to the primary only from an untouched task list, and not while main is busy', () => {
    expect(forwardAction(deviceSteps(['pending', 'pending', 'skipped']))?.intent).toBe(
      'run-device-steps',
    );
    expect(forwardAction(deviceSteps(['pending'], { busy: 'Writing to the primary' }))).toBeNull();
    expect(forwardAction(deviceSteps(['done', 'failed']))).toBeNull();
  });

  it('opens Back only at the plan and the review', () => {
    expect(
      canGoBack(snapshotAt({ step: 'review', sections: [], warnings: [], folder: '/c' })),
    ).toBe(true);
    expect(canGoBack(snapshotAt({ step: 'preflight', network }))).toBe(false);
    expect(canGoBack(snapshotAt(sharesView('handover')))).toBe(false);
  });

  it('does not offer Cancel while a device command runs, after the record, or once stopped', () => {
    expect(canCancel(deviceSteps(['done', 'running', 'pending']))).toBe(false);
    expect(canCancel(deviceSteps(['done', 'failed', 'pending']))).toBe(true);
    expect(
      canCancel(
        snapshotAt({
          step: 'record',
          folder: '/c',
          kcv: 'ABCDEF',
          transcriptHead: 'ab',
          inventory: [],
          files: [],
        }),
      ),
    ).toBe(false);
    expect(
      canCancel(
        snapshotAt(sharesView('handover'), {
          stopped: { status: 'abandoned', reason: 'x', deviceTouched: false },
        }),
      ),
    ).toBe(false);
  });
});

describe('what cancelling means', () => {
  it('loses nothing but the typed plan before the shares are made', () => {
    expect(cancelWarning(snapshotAt({ step: 'preflight', network }))).toMatch(
      /^Nothing has been created yet/,
    );
  });

  it('makes the shares worthless once they exist, with nothing on the device', () => {
    expect(cancelWarning(snapshotAt(sharesView('cleared')))).toMatch(
      /Nothing has been written to the primary, but shares have been made.*destroy any copy/,
    );
    expect(cancelWarning(deviceSteps(['pending', 'pending']))).toMatch(
      /Nothing has been written to the primary/,
    );
  });

  it('leaves the primary partly set up once a device task has run, and says what is on it', () => {
    expect(cancelWarning(deviceSteps(['done', 'failed', 'pending']))).toBe(
      'The primary is partly set up. The primary now holds the wrap key 0x0002 and its factory authentication key 0x0001. Cancelling leaves it like that: the record will say the ceremony failed, and the primary must be reset before it is initialized again.',
    );
  });
});
