import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type {
  DkekHolderTurnView,
  DkekRestoreSnapshot,
} from '../../../shared/ceremony/dkek-clone-snapshot';
import type { SmartCardList } from '../../../shared/ipc/smartcards';
import { createCeremonyStore } from '../../stores/ceremony-store';
import { createStores, StoresProvider } from '../../stores/context';
import { UNREACHABLE_API } from '../init/testing/snapshots';
import { DkekRestoreProvider } from './dkek-restore-context';
import { DkekRestoreFrame } from './DkekRestoreWizard';
import { DkekRestoreIntents } from './intents';

const CARDS: SmartCardList = {
  cards: ['primary', 'secondary'].map((role) => ({
    id: `sim-schsm:${role}`,
    name: `Simulated SmartCard-HSM ${role}`,
    transport: 'simulator' as const,
    simulated: true,
    status: {
      kind: 'ready' as const,
      version: 'SmartCard-HSM version 3.5',
      dkek: { state: 'no-dkek' as const },
    },
  })),
};

const split: DkekHolderTurnView = {
  shareNumber: 2,
  file: 'dkek-share-2.pbe',
  holders: { kind: 'password-split', custodians: ['Bob', 'Carol', 'Dan'], threshold: 2 },
  phase: 'entry',
  passwordSharesIn: ['Bob'],
  idleSeconds: 60,
};

const snapshot = (more: Partial<DkekRestoreSnapshot>): DkekRestoreSnapshot => ({
  ceremonyId: 'r1',
  airGapWarnings: [],
  mode: 'clone',
  rehearsal: true,
  steps: { current: 'shares', done: ['folder', 'device'], skipped: [] },
  folder: '/ceremonies/domain-2026',
  kcv: '911F4F7256156CDE',
  shares: { total: 2, imported: [1], next: 2, turn: split },
  files: [],
  finished: false,
  ...more,
});

function render(shown: DkekRestoreSnapshot, mode: 'clone' | 'import' = 'clone'): string {
  const store = createCeremonyStore(shown);
  return renderToStaticMarkup(
    <StoresProvider stores={createStores([], CARDS)}>
      <DkekRestoreProvider store={store} intents={new DkekRestoreIntents(store, UNREACHABLE_API)}>
        <DkekRestoreFrame mode={mode} onLeave={() => undefined} />
      </DkekRestoreProvider>
    </StoresProvider>,
  );
}

describe('the DKEK clone screens', () => {
  it('asks for the secondary with masked, empty user PIN and SO-PIN fields', () => {
    const markup = render(
      snapshot({
        steps: { current: 'device', done: ['folder'], skipped: [] },
        shares: { total: 2, imported: [] },
      }),
    );
    expect(markup).toContain('data-testid="dkek-restore-device-card-sim-schsm:secondary"');
    for (const field of ['dkek-restore-device-pin', 'dkek-restore-device-so-pin']) {
      expect(markup).toMatch(new RegExp(`<input[^>]*type="password"[^>]*data-testid="${field}"`));
      expect(markup).not.toMatch(new RegExp(`data-testid="${field}"[^>]*value=`));
    }
    expect(markup).toContain('2 shares, check value');
  });

  it('shows total / imported / next and a split’s entry: who is in, empty fields, no forward button', () => {
    const markup = render(snapshot({}));
    expect(markup).toContain('Shares: 2 total, 1 imported (1), 1 outstanding; next: share 2.');
    expect(markup).toContain('Password shares in: 1 of the 2 needed (Bob)');
    expect(markup).toContain('data-testid="dkek-restore-password-share-value"');
    expect(markup).not.toMatch(/data-testid="dkek-restore-password-share-[a-zA-Z]+"[^>]*value=/);
    expect(markup).not.toContain('data-testid="wizard-next"');
  });

  it('names who steps up at the handover and why the last entry was cleared; an import lets the holder say which share', () => {
    const handover = {
      ...split,
      phase: 'handover' as const,
      passwordSharesIn: [],
      cleared: 'The entry was cleared because Esc was pressed.',
    };
    const markup = render(
      snapshot({ shares: { total: 2, imported: [1], next: 2, turn: handover } }),
    );
    expect(markup).toContain('hand the screen to 2 of Bob, Carol, Dan');
    expect(markup).toContain('The entry was cleared because Esc was pressed.');
    expect(markup).not.toContain('dkek-restore-turn-share');
    const imported = render(
      snapshot({ mode: 'import', shares: { total: 2, imported: [1], next: 2, turn: handover } }),
      'import',
    );
    expect(imported).toContain('data-ceremony="dkek-import"');
    expect(imported).toContain('Share 1 (already on the device)');
  });

  it('reports each file after the unwrap, with the skipped one’s sentence', () => {
    const markup = render(
      snapshot({
        steps: { current: 'unwrap', done: ['folder', 'device', 'shares'], skipped: [] },
        shares: { total: 2, imported: [1, 2] },
        files: [
          { file: 'key-001-a.wrapped', keyReference: 1, label: 'a', outcome: 'unwrapped' },
          {
            file: 'key-009-x.wrapped',
            outcome: 'skipped',
            reason: 'it is a file of another domain',
          },
        ],
        summary: '1 key unwrapped, 1 file skipped.',
      }),
    );
    expect(markup).toMatch(
      /data-testid="dkek-restore-file-key-001-a.wrapped" data-outcome="unwrapped"/,
    );
    expect(markup).toContain('skipped: it is a file of another domain');
    expect(markup).toContain('data-action="unwrap"');
  });
});
