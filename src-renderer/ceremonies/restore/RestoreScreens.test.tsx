import { describe, expect, it } from 'vitest';
import type { RestoreSnapshot } from '../../../shared/ceremony/restore-snapshot';
import { RestoreFrame } from './RestoreWizard';
import { BOTH_DEVICES, renderRestore } from './testing/render';
import { restoreSnapshot, sharesView } from './testing/snapshots';

const frame = (snapshot: RestoreSnapshot, devices = BOTH_DEVICES) =>
  renderRestore(snapshot, <RestoreFrame onLeave={() => undefined} />, { devices });

type DeviceStepsView = Extract<RestoreSnapshot['view'], { step: 'device-steps' }>;

const STOPPED_STEPS: DeviceStepsView = {
  step: 'device-steps',
  tasks: [
    {
      id: 'session',
      title: 'Open a session on the secondary with the factory key',
      status: 'done',
    },
    { id: 'wrap-key', title: 'Put the wrap key 0x0002 on the secondary', status: 'done' },
    { id: 'import', title: 'Import the .yhw backups', status: 'failed' },
    {
      id: 'application-key',
      title: 'Check the application key is on the secondary',
      status: 'pending',
    },
    { id: 'factory-key', title: 'Delete the factory key', status: 'pending' },
  ],
  files: [
    {
      file: '0x0003-authentication-key.yhw',
      status: 'imported',
      objectId: 3,
      type: 'authentication-key',
      label: 'Application auth key',
    },
    { file: '0x0100-asymmetric-key.yhw', status: 'pending' },
  ],
  applicationKey: { passwordGiven: false },
  factoryKey: {
    decision: 'pending',
    reason: 'The factory key is deleted only once the application key is on the secondary.',
  },
  deviceState: 'The secondary holds the factory key, the wrap key and 1 object from the backups.',
  canRetry: true,
};

describe('the restore screens', () => {
  it('says in interop mode which checks a folder without a record cannot make', () => {
    const snapshot = restoreSnapshot({ step: 'secondary' });
    const interop = {
      ...snapshot,
      source: {
        folder: '/dumps/yubihsm-setup',
        mode: 'interop' as const,
        note: 'This folder has no Custos ceremony record, so shares cannot be checked against commitments.',
        files: [
          { file: 'broken.yhw', problem: 'broken.yhw is neither base64 nor a wrapped blob.' },
        ],
      },
    };
    const markup = frame(interop);
    expect(markup).toContain('data-testid="restore-interop-note"');
    expect(markup).toContain('shares cannot be checked against commitments');
    expect(markup).toContain('broken.yhw is neither base64 nor a wrapped blob.');
  });

  it('refuses the primary as the secondary with main’s sentence, and offers another choice', () => {
    const check = {
      state: 'refused' as const,
      deviceId: 'sim:primary',
      serial: 7550001,
      reason: 'is-primary' as const,
      message: 'This device (serial 7550001) is the primary of this ceremony.',
    };
    const markup = frame(restoreSnapshot({ step: 'secondary', check }));
    expect(markup).toContain('data-state="refused" data-reason="is-primary"');
    expect(markup).toContain('This device (serial 7550001) is the primary of this ceremony.');
    expect(markup).toContain('data-testid="device-gate-choose-again"');
    expect(markup).toMatch(/data-testid="wizard-next"[^>]*disabled/);
  });

  it('offers to resume onto a secondary holding a partial restore of this ceremony', () => {
    const check = {
      state: 'resume' as const,
      deviceId: 'sim:secondary',
      serial: 7550002,
      firmware: '2.4.0',
      simulated: true,
      objects: [],
      message: 'This device holds a partial restore of this ceremony; the restore will resume.',
    };
    const markup = frame(
      restoreSnapshot(
        { step: 'secondary', check },
        { secondary: { deviceId: 'sim:secondary', serial: 7550002, simulated: true } },
      ),
    );
    expect(markup).toContain('data-state="resume"');
    expect(markup).toContain('Resume: go on to the shares');
  });

  it('puts the device gate before the device steps: with the secondary unplugged, the screen says to plug it in', () => {
    const markup = frame(restoreSnapshot(STOPPED_STEPS), [BOTH_DEVICES[0]!]);
    expect(markup).toMatch(/data-testid="device-gate" data-prompt="wrong-device"/);
    expect(markup).toContain('serial 7550002');
    expect(markup).not.toContain('data-testid="restore-device-steps"');
  });

  it('with the secondary back after a stop, shows what is on it, the files so far, the password field, and Resume', () => {
    const markup = frame(restoreSnapshot(STOPPED_STEPS));
    expect(markup).toContain('data-testid="restore-device-steps" data-can-retry="true"');
    expect(markup).toContain('data-task-id="import" data-status="failed"');
    expect(markup).toContain(
      'The secondary holds the factory key, the wrap key and 1 object from the backups.',
    );
    expect(markup).toContain('data-testid="restore-app-key-form"');
    expect(markup).toContain('data-action="run-device-steps"');
    expect(markup).toContain('Resume the device steps');
    expect(markup).toContain('data-file="0x0100-asymmetric-key.yhw" data-status="pending"');
  });

  it('when the factory key was kept for the application key password, asks for it again and offers to run the device steps again', () => {
    const kept: DeviceStepsView = {
      ...STOPPED_STEPS,
      tasks: STOPPED_STEPS.tasks.map((task) => ({
        ...task,
        status:
          task.id === 'application-key' ? 'failed' : task.id === 'factory-key' ? 'skipped' : 'done',
      })),
      files: [STOPPED_STEPS.files[0]!],
      applicationKey: { id: 3, passwordGiven: false, passwordNeeded: true },
      factoryKey: {
        decision: 'kept',
        reason:
          'The factory key 0x0001 was kept: application key 0x0003 was imported, but the password given does not open a session with it.',
      },
    };
    const markup = frame(restoreSnapshot(kept));
    expect(markup).toContain('data-testid="restore-password-hint"');
    expect(markup).toContain('the custodians need not come back');
    expect(markup).not.toContain('data-testid="restore-resume-hint"');
    expect(markup).toContain('data-testid="restore-app-key-form"');
    expect(markup).toContain('the last one given did not open a session with it');
    expect(markup).toContain('Give the password again');
    expect(markup).toContain('Run the device steps again');
    expect(markup).toMatch(/data-testid="wizard-next"[^>]*disabled/);
  });

  it('ends by saying what was imported, skipped and failed, and why the factory key was kept', () => {
    const finished = restoreSnapshot({
      step: 'finished',
      status: 'incomplete',
      summary:
        'The restore is incomplete (1 imported, 1 skipped, 1 failed; the factory key was kept).',
      files: [
        {
          file: '0x0003-authentication-key.yhw',
          status: 'imported',
          objectId: 3,
          type: 'authentication-key',
          label: 'Application auth key',
        },
        {
          file: 'other.yhw',
          status: 'skipped',
          reason: 'other.yhw was not wrapped under this ceremony’s wrap key.',
        },
        {
          file: '0x0100-asymmetric-key.yhw',
          status: 'failed',
          reason: '0x0100-asymmetric-key.yhw differs from the file this ceremony recorded.',
        },
      ],
      factoryKey: {
        decision: 'kept',
        reason:
          'The factory key 0x0001 was kept: the password given does not open a session with it.',
      },
    });
    const markup = frame(finished);
    expect(markup).toContain('The restore is incomplete');
    expect(markup).toContain('data-testid="restore-factory-key" data-decision="kept"');
    expect(markup).toContain('<strong>Factory key kept.</strong> The factory key 0x0001 was kept');
    expect(markup).toContain('1 imported, 1 skipped, 1 failed');
    expect(markup).toContain('other.yhw was not wrapped under this ceremony’s wrap key.');
    expect(markup).toContain('differs from the file this ceremony recorded.');
  });

  it('offers the KSP hand-off only after a completed restore from a record, and lists what was written', () => {
    const base = {
      step: 'finished' as const,
      status: 'completed' as const,
      summary: 'The secondary is restored.',
      files: [],
      factoryKey: { decision: 'deleted' as const, reason: 'The factory key 0x0001 was deleted.' },
    };
    expect(frame(restoreSnapshot(base))).not.toContain('data-testid="ksp-handoff"');
    const offered = frame(restoreSnapshot({ ...base, canWriteKspHandoff: true }));
    expect(offered).toContain('data-testid="ksp-handoff-write"');
    expect(offered).toContain('port 12345 on the CA server');
    expect(offered).not.toMatch(/type="password"/);
    const written = frame(
      restoreSnapshot({
        ...base,
        canWriteKspHandoff: true,
        kspHandoff: {
          summary: 'Written for YubiHSM 2 serial 7550002: ConnectorURL http://127.0.0.1:12345.',
          files: ['ksp-handoff-7550002.reg', 'ksp-handoff-7550002.html'],
        },
      }),
    );
    expect(written).toContain('data-testid="ksp-handoff-written"');
    expect(written).toContain('ksp-handoff-7550002.reg');
    expect(written).toContain('Written for YubiHSM 2 serial 7550002');
  });

  it('names the set’s problems after a failed recombination, at the next handover', () => {
    const markup = frame(
      restoreSnapshot(
        sharesView('handover', {
          setProblems: ['share 2 (Bob Brandt): the share does not match its commitment.'],
        }),
      ),
    );
    expect(markup).toContain('data-testid="restore-set-problems"');
    expect(markup).toContain('share 2 (Bob Brandt): the share does not match its commitment.');
  });

  it('says whose shares rebuilt the wrap key, by name and share number (by number alone without a record)', () => {
    const rebuilt = {
      kcv: 'E676BF',
      matchesRecord: true,
      wrapKeyId: 2,
      domains: [1],
      capabilities: ['export-wrapped'],
      delegatedCapabilities: [],
      confirmedBy: [],
      warnings: [],
    };
    const named = frame(
      restoreSnapshot(
        sharesView('recombined', {
          recombined: {
            ...rebuilt,
            used: [
              { number: 1, custodian: 'Alice Andersen' },
              { number: 3, custodian: 'Carol Cruz' },
            ],
          },
        }),
      ),
    );
    expect(named).toContain(
      'data-testid="restore-used-shares" data-shares="1 3">Rebuilt from the shares of Alice Andersen (1) and Carol Cruz (3).</p>',
    );
    const numbered = frame(
      restoreSnapshot(
        sharesView('recombined', {
          recombined: { ...rebuilt, matchesRecord: null, used: [{ number: 2 }, { number: 3 }] },
        }),
      ),
    );
    expect(numbered).toContain('Rebuilt from shares 2 and 3.');
  });

  it('says plainly when the rebuilt key does not match the record, and offers no password and no write', () => {
    const recombined = {
      kcv: '000000',
      matchesRecord: false,
      wrapKeyId: 2,
      domains: [1],
      capabilities: ['export-wrapped'],
      delegatedCapabilities: [],
      confirmedBy: [],
      warnings: [],
      used: [
        { number: 1, custodian: 'Alice Andersen' },
        { number: 2, custodian: 'Bob Brandt' },
      ],
    };
    const markup = frame(restoreSnapshot(sharesView('recombined', { recombined })));
    expect(markup).toContain('The rebuilt wrap key does not match the record');
    expect(markup).toContain('The record says E676BF');
    expect(markup).not.toContain('restore-app-key-form');
    expect(markup).toMatch(/data-testid="wizard-next"[^>]*disabled/);
  });

  it('shows a stopped restore with what it means for the secondary, and only a way home', () => {
    const stopped = restoreSnapshot(STOPPED_STEPS, {
      stopped: {
        status: 'failed',
        reason: 'The backup officer cancelled the restore.',
        deviceTouched: true,
      },
    });
    const markup = frame(stopped);
    expect(markup).toContain('This restore failed');
    expect(markup).toContain('Start a new restore onto it to resume');
    expect(markup).toContain('data-testid="ceremony-close"');
    expect(markup).not.toContain('data-testid="wizard-cancel"');
    expect(markup).not.toContain('data-testid="wizard-next"');
  });
});

describe('the air-gap survey in the restore', () => {
  const airGapWarnings = ['Wireless network interfaces are active (wlan0); switch them off.'];

  it('warns on the first screen and lets the restore go on', () => {
    const markup = frame(restoreSnapshot({ step: 'source' }, { airGapWarnings }));
    expect(markup).toContain('data-testid="air-gap-warnings"');
    expect(markup).toContain('Wireless network interfaces are active (wlan0); switch them off.');
    expect(markup).toContain('This machine may not be air-gapped.');
  });

  it('does not repeat the warning past the first screen', () => {
    const markup = frame(restoreSnapshot(sharesView('handover'), { airGapWarnings }));
    expect(markup).not.toContain('air-gap-warnings');
  });
});
