// The rotation's screens rendered from snapshots shaped as main sends them: the new share only in
// its custodian's reveal, main's sentences shown as they came, the devices with how far each got
// and the device whose turn it is, the old backups to destroy at the end.

import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { RotationSnapshot } from '../../../shared/ceremony/rotation-snapshot';
import type { DeviceView } from '../../../shared/ipc/devices';
import { toCheckedLines } from '../../../shared/shares/checked-lines';
import { createCeremonyStore } from '../../stores/ceremony-store';
import { createStores, StoresProvider } from '../../stores/context';
import { simulatedDevice } from '../../testing/devices';
import { UNREACHABLE_API } from '../init/testing/snapshots';
import { RotationIntents } from './intents';
import { RotationProvider } from './rotation-context';
import { RotationFrame } from './RotationWizard';

const SHARE = '2-1-Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6QUJDRA';
const PRIMARY = simulatedDevice('primary', 7550001, { kind: 'configured' });
const SECONDARY = simulatedDevice('secondary', 7550002, { kind: 'configured' });

function render(snapshot: RotationSnapshot, devices: readonly DeviceView[] = [PRIMARY, SECONDARY]) {
  const store = createCeremonyStore(snapshot, { refusal: null, note: null });
  const screen: ReactNode = <RotationFrame onLeave={() => undefined} />;
  return renderToStaticMarkup(
    <StoresProvider stores={createStores(devices)}>
      <RotationProvider store={store} intents={new RotationIntents(store, UNREACHABLE_API)}>
        {screen}
      </RotationProvider>
    </StoresProvider>,
  );
}

function snapshot(view: RotationSnapshot['view'], more: Partial<RotationSnapshot> = {}) {
  return {
    ceremonyId: 'rotation-1',
    rehearsal: true,
    steps: { current: view.step, done: [], skipped: [] },
    ceremony: {
      folder: '/ceremonies/payments',
      name: 'Payments',
      primarySerial: 7550001,
      kcv: 'ABC123',
      wrapKeyId: 2,
      threshold: 2,
      custodians: [
        { index: 1, name: 'Ada Lovelace' },
        { index: 2, name: 'Grace Hopper' },
      ],
      resuming: false,
    },
    view,
    ...more,
  } satisfies RotationSnapshot;
}

function turn(phase: 'handover' | 'reveal' | 'confirm' | 'cleared', withShare: boolean) {
  return {
    step: 'new-shares' as const,
    newWrapKeyId: 6,
    turn: {
      step: 'shares' as const,
      custodian: { index: 1, name: 'Ada Lovelace' },
      custodianCount: 2,
      threshold: 2,
      kcv: 'DEF456',
      phase,
      ...(withShare
        ? {
            share: {
              canonical: SHARE,
              lines: toCheckedLines(SHARE),
              qr: { size: 1, modules: '1' },
            },
          }
        : {}),
      ...(phase === 'confirm'
        ? {
            confirmation: {
              mode: 'spot-check' as const,
              groups: [{ line: 1, group: 2 }],
              lineLengths: [],
            },
          }
        : {}),
      hideSeconds: 60,
    },
  };
}

const groupsOf = (text: string) => toCheckedLines(text).flatMap((line) => line.groups);

describe('the rotation screens', () => {
  it('shows the new share only in its custodian’s reveal, never at the handover, check or cleared screen', () => {
    const shown = render(snapshot(turn('reveal', true)));
    for (const group of groupsOf(SHARE)) expect(shown).toContain(group);
    for (const phase of ['handover', 'confirm', 'cleared'] as const) {
      const markup = render(snapshot(turn(phase, false)));
      for (const group of groupsOf(SHARE).filter((g) => g.length === 4))
        expect(markup, phase).not.toContain(`>${group}<`);
    }
    expect(render(snapshot(turn('confirm', false)))).toContain('Line 1, group 2');
    // An event's reveal carries no share: nothing is drawn.
    expect(render(snapshot(turn('reveal', false)))).toContain('rotate-share-off-screen');
  });

  it('shows main’s sentence for a refused current share, and the turn buttons of those still waiting', () => {
    const markup = render(
      snapshot({
        step: 'authorize',
        set: 'current',
        phase: 'entry',
        threshold: 2,
        waiting: [{ index: 2, name: 'Grace Hopper' }],
        accepted: [1],
        atKeyboard: { index: 2, name: 'Grace Hopper' },
        refusal: { message: 'Grace Hopper (share 2): This custodian holds share 2.' },
        setProblems: [],
      }),
    );
    expect(markup).toContain('Grace Hopper (share 2): This custodian holds share 2.');
    expect(markup).toContain('data-testid="rotate-share-text"');
  });

  it('lists every device with how far it got, behind the gate for the device whose turn it is', () => {
    const devices = snapshot({
      step: 'devices',
      newKcv: 'DEF456',
      backupFolder: 'wrap-key-DEF456-x',
      canRetry: false,
      said: ['The new wrap key 0x0006 was put on the primary (serial 7550001).'],
      devices: [
        { role: 'primary', serial: 7550001, stage: 'new-key', exported: true, next: 'done' },
        {
          role: 'secondary',
          serial: 7550002,
          stage: 'old-key',
          exported: false,
          next: 'put-new-key',
        },
      ],
    });
    const here = render(devices);
    expect(here).toContain('data-serial="7550002" data-stage="old-key"');
    expect(here).toContain('Rotate the secondary');
    expect(here).toContain('The new wrap key 0x0006 was put on the primary');
    // The secondary is not plugged in: the gate asks for it instead of the step.
    const away = render(devices, [PRIMARY]);
    expect(away).not.toContain('Rotate the secondary');
    expect(away).toContain('data-testid="device-gate"');
  });

  it('names the old backups to destroy at the end', () => {
    const markup = render(
      snapshot({
        step: 'finished',
        newKcv: 'DEF456',
        newWrapKeyId: 6,
        backupFolder: 'wrap-key-DEF456-x',
        files: ['0x0003-authentication-key.yhw'],
        notExported: [],
        toDestroy: ['0x0003-authentication-key.yhw', '0x0004-authentication-key.yhw'],
        audits: [],
        transcriptHead: 'ab'.repeat(32),
      }),
    );
    expect(markup).toContain('data-testid="rotate-to-destroy"');
    expect(markup).toContain('0x0004-authentication-key.yhw');
    expect(markup).toContain('collect and destroy them');
  });
});
