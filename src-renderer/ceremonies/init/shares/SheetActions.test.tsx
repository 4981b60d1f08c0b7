import { describe, expect, it } from 'vitest';
import { toCheckedLines } from '../../../../shared/shares/checked-lines';
import { renderInit } from '../testing/render';
import { SHARE, sharesView, snapshotAt } from '../testing/snapshots';
import { SharesStep } from './SharesStep';
import { usualPaper } from './SheetActions';
import type { SharesView } from './views';

type Sheet = NonNullable<SharesView['sheet']>;
const CLOSED: Sheet = { available: true, open: false, printing: false, printed: false };

function render(view: SharesView, problem?: { field: string; message: string }): string {
  return renderInit(snapshotAt(view, problem ? { problem } : {}), <SharesStep view={view} />);
}

/** Every group of the share but its "2-1-" prefix, which names only its threshold and number. */
const SECRET_GROUPS = toCheckedLines(SHARE)
  .flatMap((line) => line.groups)
  .filter((group) => group !== '2-1-');

describe('printing on the reveal step', () => {
  it('offers the custodian’s own sheet on A4 or US Letter while the share is shown', () => {
    const markup = render(sharesView('reveal', { sheet: CLOSED }));
    expect(markup).toContain('data-testid="sheet-actions"');
    expect(markup).toContain('data-testid="sheet-paper-a4"');
    expect(markup).toContain('data-testid="sheet-paper-letter"');
    expect(markup).toContain('data-testid="sheet-open"');
    expect(markup).toContain('no other custodian’s');
  });

  it('offers nothing where the host cannot print, and nothing outside the reveal phase', () => {
    expect(render(sharesView('reveal', { sheet: { ...CLOSED, available: false } }))).not.toContain(
      'sheet-actions',
    );
    expect(render(sharesView('reveal'))).not.toContain('sheet-actions');
    for (const phase of ['handover', 'confirm', 'cleared'] as const)
      expect(render(sharesView(phase, { sheet: CLOSED }))).not.toContain('sheet-actions');
  });

  it('prints, saves or closes the preview window from here, and says what a PDF is', () => {
    const markup = render(
      sharesView('reveal', {
        sheet: { ...CLOSED, open: true, view: 'preview-window', paper: 'letter' },
      }),
    );
    expect(markup).toContain('shows your sheet exactly as it will print (US Letter)');
    expect(markup).toContain('data-testid="sheet-print"');
    expect(markup).toContain('data-testid="sheet-save-pdf"');
    expect(markup).toContain('data-testid="sheet-close"');
    expect(markup).toContain('A PDF on disk is a copy of your share');
    expect(markup).not.toContain('data-testid="sheet-open"');
  });

  it('holds every button while a print dialog is up', () => {
    const markup = render(
      sharesView('reveal', {
        sheet: { ...CLOSED, open: true, view: 'preview-window', paper: 'a4', printing: true },
      }),
    );
    expect(markup).toContain('The print or save dialog is open.');
    for (const id of ['sheet-print', 'sheet-save-pdf', 'sheet-close'])
      expect(markup).toMatch(new RegExp(`data-testid="${id}" disabled=""`));
  });

  it('points to the sheet’s own window in the browser host', () => {
    const markup = render(
      sharesView('reveal', { sheet: { ...CLOSED, open: true, view: 'page', paper: 'a4' } }),
    );
    expect(markup).toContain('Press Ctrl+P there');
    expect(markup).toContain('data-testid="sheet-close"');
    expect(markup).not.toContain('data-testid="sheet-print"');
  });

  it('says where a saved PDF is, as a copy of the share to destroy', () => {
    const markup = render(
      sharesView('reveal', {
        sheet: {
          ...CLOSED,
          printed: true,
          paper: 'a4',
          pdfPath: '/media/usb/share-sheet-1-a4.pdf',
        },
      }),
    );
    expect(markup).toContain('data-testid="sheet-printed"');
    expect(markup).toContain(
      '/media/usb/share-sheet-1-a4.pdf</span>. It is a copy of your share: print it, then delete it.',
    );
  });

  it('picks US Letter where it is the usual paper, A4 elsewhere', () => {
    expect(usualPaper('en-US')).toBe('letter');
    expect(usualPaper('es-MX')).toBe('letter');
    expect(usualPaper('en-GB')).toBe('a4');
    expect(usualPaper('de')).toBe('a4');
    expect(usualPaper(undefined)).toBe('a4');
  });
});

describe('scan-back in the confirm phase', () => {
  it('offers a box for the scanner once a sheet was printed this turn, beside the usual check', () => {
    const markup = render(
      sharesView('confirm', { sheet: { ...CLOSED, printed: true }, scanBack: { available: true } }),
    );
    expect(markup).toContain('data-testid="scan-back"');
    expect(markup).toContain('data-testid="scan-back-entry"');
    expect(markup).toContain('data-testid="share-confirm-entry"');
    expect(markup).not.toMatch(/data-testid="scan-back-entry"[^>]*value="[^"]/);
    for (const group of SECRET_GROUPS) expect(markup).not.toContain(group);
  });

  it('is the way on when the plan asks no check, and says so; a sheet not yet out is waited for', () => {
    const markup = render(
      sharesView('confirm', {
        confirmation: undefined,
        sheet: { ...CLOSED, printed: true },
        scanBack: { available: true },
      }),
    );
    expect(markup).toContain('data-testid="scan-back-entry"');
    expect(markup).not.toContain('data-testid="share-confirm-entry"');
    expect(markup).toContain(
      'The plan asks no typed check, but a sheet that was printed is checked before you leave.',
    );
    expect(markup).not.toContain('share-sheet-awaited');
    const printing = render(
      sharesView('confirm', {
        confirmation: undefined,
        sheet: { ...CLOSED, printing: true },
        scanBack: { available: false },
      }),
    );
    expect(printing).toMatch(
      /data-testid="share-sheet-awaited"[^>]*>Your sheet is still printing\./,
    );
    const cancelled = render(
      sharesView('confirm', {
        confirmation: undefined,
        sheet: CLOSED,
        scanBack: { available: false },
      }),
    );
    expect(cancelled).toContain(
      'Your sheet was not printed. Show your share again to print it, or to finish your turn without a sheet.',
    );
    expect(cancelled).toContain('data-testid="share-show-again"');
  });

  it('is not offered without a printed sheet', () => {
    expect(
      render(sharesView('confirm', { sheet: CLOSED, scanBack: { available: false } })),
    ).not.toContain('data-testid="scan-back"');
    expect(render(sharesView('confirm'))).not.toContain('data-testid="scan-back"');
  });

  it('marks the box when main refused the scan (main’s sentence says where it differs)', () => {
    const markup = render(sharesView('confirm', { scanBack: { available: true } }), {
      field: 'scanBack',
      message: 'The scanned text differs from your share at character 37.',
    });
    expect(markup).toMatch(
      /data-testid="scan-back-entry"[^>]*aria-invalid="true"[^>]*aria-describedby="ceremony-problem"/,
    );
  });
});
