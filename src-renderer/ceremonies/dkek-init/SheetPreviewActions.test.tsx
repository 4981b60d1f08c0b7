import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DkekInitSnapshot } from '../../../shared/ceremony/dkek-init-snapshot';
import { createCeremonyStore } from '../../stores/ceremony-store';
import { SheetWindow } from '../init/shares/sheet-window';
import { UNREACHABLE_API } from '../init/testing/snapshots';
import { DkekInitProvider } from './dkek-init-context';
import { DkekInitIntents } from './intents';
import { SheetPreviewActions, type DkekSheetFacts } from './SheetPreviewActions';

const CLOSED: DkekSheetFacts = {
  sheets: true,
  sheetOpen: false,
  sheetPrinting: false,
  sheetPrinted: false,
};

function render(sheet: DkekSheetFacts): string {
  const store = createCeremonyStore<DkekInitSnapshot>();
  const sheetWindow = new SheetWindow({
    host: () => {
      throw new Error('a render test opened a window');
    },
    onLeave: () => undefined,
    onClosed: () => undefined,
  });
  return renderToStaticMarkup(
    <DkekInitProvider store={store} intents={new DkekInitIntents(store, UNREACHABLE_API)}>
      <SheetPreviewActions sheet={sheet} sheetWindow={sheetWindow} />
    </DkekInitProvider>,
  );
}

describe("the DKEK sheet's preview actions", () => {
  it('offers Print and Save as PDF only while the preview window is open', () => {
    const open = render({ ...CLOSED, sheetOpen: true, sheetView: 'preview-window' });
    expect(open).toContain('data-testid="dkek-sheet-print"');
    expect(open).toContain('data-testid="dkek-sheet-save-pdf"');
    expect(open).toContain('A PDF on disk is a copy of your password share');
    // The browser host's page prints from its own window; a closed sheet offers nothing here.
    for (const sheet of [CLOSED, { ...CLOSED, sheetOpen: true, sheetView: 'page' as const }])
      expect(render(sheet)).not.toContain('dkek-sheet-preview');
  });

  it('waits while a dialog is up, and says where a saved PDF went', () => {
    const busy = render({
      ...CLOSED,
      sheetOpen: true,
      sheetView: 'preview-window',
      sheetPrinting: true,
    });
    expect(busy).toContain('data-testid="dkek-sheet-printing"');
    expect(busy.match(/<button[^>]*disabled=""/g)).toHaveLength(2);
    const saved = render({ ...CLOSED, sheetPrinted: true, sheetPdfPath: '/media/usb/sheet.pdf' });
    expect(saved).toContain('data-testid="dkek-sheet-printed"');
    expect(saved).toContain('/media/usb/sheet.pdf');
    expect(saved).not.toContain('dkek-sheet-print"');
  });
});
