import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { BackupSnapshot } from '../../../shared/ceremony/backup-snapshot';
import { createStores, StoresProvider } from '../../stores/context';
import { createCeremonyStore } from '../../stores/ceremony-store';
import { simulatedDevice } from '../../testing/devices';
import { UNREACHABLE_API } from '../init/testing/snapshots';
import { BackupProvider } from './backup-context';
import { groupObjects } from './BackupObjectTables';
import { BackupFrame } from './BackupWizard';
import { BackupIntents } from './intents';
import { backupSnapshot, PLANNED, reviewView } from './testing/snapshots';

function render(snapshot: BackupSnapshot): string {
  const store = createCeremonyStore(snapshot);
  return renderToStaticMarkup(
    <StoresProvider
      stores={createStores([simulatedDevice('primary', 7550001, { kind: 'configured' })])}
    >
      <BackupProvider store={store} intents={new BackupIntents(store, UNREACHABLE_API)}>
        <BackupFrame onLeave={() => undefined} />
      </BackupProvider>
    </StoresProvider>,
  );
}

/** The <table> with this test id. */
function table(markup: string, testId: string): string {
  const start = markup.indexOf(`data-testid="${testId}"`);
  if (start < 0) return '';
  return markup.slice(start, markup.indexOf('</table>', start));
}

describe('the back-up screens', () => {
  it('reviews what will be exported, what is already in the folder (with a replace choice), and what cannot be exported and why', () => {
    const markup = render(backupSnapshot(reviewView()));
    expect(table(markup, 'dump-objects-export')).toContain('0x0100-asymmetric-key.yhw');
    const exists = table(markup, 'dump-objects-exists');
    expect(exists).toContain('0x0003-authentication-key.yhw');
    expect(exists).toContain(
      'data-testid="dump-replace" data-file="0x0003-authentication-key.yhw"',
    );
    const notExportable = table(markup, 'dump-objects-not-exportable');
    expect(notExportable).toContain(
      'This is the wrap key itself; it is never exported under itself.',
    );
    expect(notExportable).not.toContain('dump-replace');
    expect(markup).toContain('data-action="run"');
  });

  it('offers rehearsal keys only on a simulated primary, and lists the ones generated', () => {
    expect(render(backupSnapshot(reviewView()))).toContain(
      'data-testid="dump-generate-sample-keys"',
    );
    const generated = render(
      backupSnapshot(
        reviewView({ sampleKeys: { offered: true, generated: [0x100, 0x101, 0x102] } }),
      ),
    );
    expect(generated).toContain('Generated: <span class="mono">0x0100, 0x0101, 0x0102</span>');
    expect(
      render(backupSnapshot(reviewView({ sampleKeys: { offered: false, generated: [] } }))),
    ).not.toContain('dump-generate-sample-keys');
  });

  it('asks for the application key with its id filled in from the record and the password field empty', () => {
    const markup = render(
      backupSnapshot({ step: 'primary', suggestedAuthKeyId: 3, deviceId: 'sim:primary' }),
    );
    expect(markup).toContain('data-testid="dump-primary-chosen"');
    expect(markup).toMatch(/data-testid="dump-auth-id"[^>]*value="0x0003"/);
    expect(markup).toMatch(/type="password"[^>]*data-testid="dump-auth-password"/);
    expect(markup).not.toMatch(/data-testid="dump-auth-password"[^>]*value=/);
  });

  it('reports the export in words: exported, kept because the file was there, not exported, failed', () => {
    const objects = [
      { ...PLANNED[0]!, status: 'not-exported' as const },
      { ...PLANNED[1]!, status: 'kept' as const },
      { ...PLANNED[2]!, status: 'written' as const },
      {
        objectId: 0x101,
        type: 'asymmetric-key',
        algorithm: 'ecp256',
        label: 'Signing',
        file: '0x0101-asymmetric-key.yhw',
        status: 'failed' as const,
        reason: 'The primary refused to export 0x0101.',
      },
    ];
    const markup = render(
      backupSnapshot({
        step: 'export',
        objects,
        finished: true,
        summary:
          'Back-up done: 1 file written, 1 file already there and kept, 1 object not exportable.',
        transcriptHead: 'ab'.repeat(32),
      }),
    );
    expect(table(markup, 'dump-objects-exported')).toContain('0x0100-asymmetric-key.yhw');
    expect(table(markup, 'dump-objects-kept')).toContain('0x0003-authentication-key.yhw');
    expect(table(markup, 'dump-objects-not-exported')).toContain('Wrap key');
    expect(table(markup, 'dump-objects-failed')).toContain('The primary refused to export 0x0101.');
    expect(markup).toContain('data-testid="dump-summary"');
    expect(markup).toContain('data-action="done"');
  });

  it('shows a back-up stopped part-way: why, how many of its files were written, which, and only a way home', () => {
    const stopped = {
      status: 'failed' as const,
      reason:
        'The back-up was cancelled after it stopped part-way: the primary stopped answering (it was unplugged, or its connection dropped).',
      deviceTouched: true,
      written: [
        '0x0100-asymmetric-key.yhw',
        '0x0101-asymmetric-key.yhw',
        '0x0102-asymmetric-key.yhw',
      ],
      notWritten: [
        '0x0103-asymmetric-key.yhw',
        '0x0104-asymmetric-key.yhw',
        '0x0105-asymmetric-key.yhw',
      ],
    };
    const markup = render(
      backupSnapshot(
        { step: 'export', objects: PLANNED, finished: false, summary: 'Stopped part-way.' },
        { stopped },
      ),
    );
    expect(markup).toContain('data-testid="ceremony-stopped"');
    expect(markup).toContain('This back-up stopped part-way');
    expect(markup).toContain(
      'the primary stopped answering (it was unplugged, or its connection dropped).',
    );
    expect(markup).toContain(
      '3 of the 6 files this back-up was to write were written to the ceremony folder before it stopped.',
    );
    expect(markup).toContain('The rehearsal keys generated on the simulated primary stay on it.');
    expect(markup).toContain('data-testid="dump-stopped-written" data-count="3"');
    expect(markup).toContain('data-file="0x0102-asymmetric-key.yhw"');
    expect(markup).toContain('data-testid="dump-stopped-not-written" data-count="3"');
    expect(markup).toContain('data-testid="ceremony-close"');
    expect(markup).not.toContain('data-testid="wizard-next"');
    expect(markup).not.toContain('data-testid="wizard-cancel"');
    expect(markup).not.toContain('data-testid="dump-export"');
  });

  it('shows a back-up cancelled before the export as cancelled, with nothing written', () => {
    const markup = render(
      backupSnapshot(reviewView(), {
        stopped: {
          status: 'abandoned',
          reason: 'The back-up was cancelled.',
          deviceTouched: false,
          written: [],
          notWritten: ['0x0100-asymmetric-key.yhw'],
        },
      }),
    );
    expect(markup).toContain('This back-up was cancelled');
    expect(markup).toContain('Nothing was written to the ceremony folder.');
    expect(markup).not.toContain('dump-stopped-written');
  });

  it('groups a run under way: objects not reached yet wait, files planned to be kept are kept', () => {
    const groups = groupObjects(PLANNED, 'result').map((group) => [
      group.group,
      group.objects.map((object) => object.objectId),
    ]);
    expect(groups).toEqual([
      ['kept', [3]],
      ['not-exported', [2]],
      ['waiting', [0x100]],
    ]);
  });
});
