import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type {
  DkekBackupKey,
  DkekBackupSnapshot,
} from '../../../shared/ceremony/dkek-clone-snapshot';
import type { SmartCardList } from '../../../shared/ipc/smartcards';
import { createCeremonyStore } from '../../stores/ceremony-store';
import { createStores, StoresProvider } from '../../stores/context';
import { UNREACHABLE_API } from '../init/testing/snapshots';
import { DkekBackupProvider } from './dkek-backup-context';
import { DkekBackupFrame } from './DkekBackupWizard';
import { DkekBackupIntents } from './intents';

const CARDS: SmartCardList = {
  cards: ['primary', 'secondary'].map((role) => ({
    id: `sim-schsm:${role}`,
    name: `Simulated SmartCard-HSM ${role}`,
    transport: 'simulator' as const,
    simulated: true,
    status: {
      kind: 'ready' as const,
      version: 'SmartCard-HSM version 3.5',
      dkek: { state: 'complete' as const, total: 2, kcv: '911F4F7256156CDE' },
    },
  })),
};

const KEYS: DkekBackupKey[] = [
  {
    keyReference: 1,
    label: 'issuing-ca-2026',
    type: 'EC P-256',
    certificateSubject: 'CN=Issuing CA 2026',
    file: 'key-001-issuing-ca-2026.wrapped',
    status: 'to-wrap',
  },
  {
    keyReference: 2,
    label: 'code-signing',
    type: 'RSA-2048',
    file: 'key-002-code-signing.wrapped',
    status: 'to-wrap',
  },
];

const snapshot = (more: Partial<DkekBackupSnapshot>): DkekBackupSnapshot => ({
  ceremonyId: 'b1',
  rehearsal: true,
  steps: { current: 'review', done: ['folder', 'device'], skipped: [] },
  folder: '/ceremonies/domain-2026',
  device: {
    deviceId: 'sim-schsm:primary',
    serial: 'DESIM0000001',
    version: 'SmartCard-HSM version 3.5',
    simulated: true,
  },
  kcv: '911F4F7256156CDE',
  keys: KEYS,
  finished: false,
  ...more,
});

function render(shown: DkekBackupSnapshot, refusal: string | null = null): string {
  const store = createCeremonyStore(shown, { refusal });
  return renderToStaticMarkup(
    <StoresProvider stores={createStores([], CARDS)}>
      <DkekBackupProvider store={store} intents={new DkekBackupIntents(store, UNREACHABLE_API)}>
        <DkekBackupFrame onLeave={() => undefined} />
      </DkekBackupProvider>
    </StoresProvider>,
  );
}

describe('the DKEK back-up screens', () => {
  it('lists the SmartCard list’s devices with a masked, empty PIN field on the device step', () => {
    const markup = render(
      snapshot({ steps: { current: 'device', done: ['folder'], skipped: [] }, keys: [] }),
    );
    expect(markup).toContain('data-testid="dkek-backup-device-card-sim-schsm:primary"');
    expect(markup).toContain('data-testid="dkek-backup-device-card-sim-schsm:secondary"');
    expect(markup).toMatch(/<input[^>]*type="password"[^>]*data-testid="dkek-backup-device-pin"/);
    expect(markup).not.toMatch(/data-testid="dkek-backup-device-pin"[^>]*value=/);
    expect(markup).not.toContain('data-testid="wizard-next"');
  });

  it('reviews each key with its reference, type, label, certificate subject and file, then offers the wrap', () => {
    const markup = render(snapshot({}));
    expect(markup).toContain('data-count="2"');
    for (const text of [
      'issuing-ca-2026',
      'EC P-256',
      'CN=Issuing CA 2026',
      'key-001-issuing-ca-2026.wrapped',
      'RSA-2048',
      'key-002-code-signing.wrapped',
    ])
      expect(markup).toContain(text);
    expect(markup).toContain('data-action="run"');
    expect(markup).toContain('Wrap the 2 keys under the DKEK');
    expect(markup).toContain('data-serial="DESIM0000001"');
  });

  it('shows each key’s outcome and blob KCV after the wrap, and the key that could not be wrapped with its reason', () => {
    const markup = render(
      snapshot({
        steps: { current: 'wrap', done: ['folder', 'device', 'review'], skipped: [] },
        finished: true,
        keys: [
          { ...KEYS[0]!, status: 'written', blobKcv: 'A1B2C3D4E5F60718' },
          { ...KEYS[1]!, status: 'not-wrapped', reason: 'the key is not exportable' },
        ],
        summary:
          '1 key wrapped into the ceremony folder; key 2 (code-signing) not wrapped: the key is not exportable.',
      }),
    );
    expect(markup).toContain('data-status="written"');
    expect(markup).toContain('A1B2C3D4E5F60718');
    const refused = markup.slice(markup.indexOf('data-testid="dkek-backup-not-wrapped"'));
    expect(refused).toContain('Key 2 (code-signing): the key is not exportable');
    expect(markup).toContain('data-testid="dkek-backup-summary"');
    expect(markup).toContain('data-action="done"');
  });

  it('shows main’s sentence for a blocked PIN above the same card and PIN form, to go on from', () => {
    const blocked =
      'The user PIN of the primary is blocked after too many wrong tries, so nothing on it can be used.';
    const markup = render(
      snapshot({ steps: { current: 'device', done: ['folder'], skipped: [] }, keys: [] }),
      blocked,
    );
    expect(markup).toContain('data-testid="ceremony-refusal"');
    expect(markup).toContain(blocked);
    expect(markup).toContain('data-testid="dkek-backup-device-submit"');
  });

  it('after a card pulled mid-wrap, says how far it got and offers to wrap the remaining keys', () => {
    const markup = render(
      snapshot({
        steps: { current: 'wrap', done: ['folder', 'device', 'review'], skipped: [] },
        keys: [{ ...KEYS[0]!, status: 'written', blobKcv: 'A1B2C3D4E5F60718' }, KEYS[1]!],
        problem: {
          message:
            'The primary was taken out of the reader. Put it back and run the step again. 1 key was handled before it stopped.',
        },
      }),
    );
    expect(markup).toContain('data-testid="ceremony-problem"');
    expect(markup).toContain('1 key was handled before it stopped');
    expect(markup).toContain('data-action="run"');
    expect(markup).toContain('Wrap the remaining keys');
    expect(markup).toContain('data-finished="false"');
  });
});
