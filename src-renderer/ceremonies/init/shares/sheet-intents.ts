// The custodian's intents about their share sheet, one method per `init/*` sheet channel. Like
// every intent (../intents.ts), each answer's snapshot goes straight into the store; opening the
// sheet also answers how to show it, which the caller acts on at once and does not keep.

import type {
  InitSnapshot,
  SheetOpened,
  SheetPaper,
} from '../../../../shared/ceremony/init-snapshot';
import type { CustosApi } from '../../../../shared/ipc/api';
import type { Result } from '../../../../shared/ipc/result';
import type { InitStore } from '../../../stores/init-store';
import { sendIntent } from '../../../stores/init-store';

export type SheetApi = Pick<
  CustosApi,
  'initOpenSheet' | 'initPrintSheet' | 'initSaveSheetPdf' | 'initCloseSheet' | 'initScanBack'
>;

export class SheetIntents {
  constructor(
    private readonly store: InitStore,
    /** Read at call time: render tests never call main, so they need no API. */
    private readonly api: () => SheetApi,
  ) {}

  /** Opens the sheet; resolves with how to show it, or null when main refused (its sentence is in the store). */
  async openSheet(paper: SheetPaper): Promise<SheetOpened | null> {
    let opened: SheetOpened | null = null;
    const snapshot = await sendIntent(
      this.store,
      async (): Promise<Result<InitSnapshot>> => {
        const answer = await this.api().initOpenSheet({ paper });
        if (!answer.ok) return answer;
        opened = answer.data.opened;
        return { ok: true, data: answer.data.snapshot };
      },
      'your share sheet',
    );
    return snapshot ? opened : null;
  }

  printSheet() {
    return sendIntent(this.store, () => this.api().initPrintSheet({}), 'the sheet to be printed');
  }

  saveSheetPdf() {
    return sendIntent(
      this.store,
      () => this.api().initSaveSheetPdf({}),
      'the sheet to be saved as a PDF',
    );
  }

  closeSheet() {
    return sendIntent(this.store, () => this.api().initCloseSheet({}), 'the sheet to be closed');
  }

  /** What the scanner or the custodian typed goes to main and nowhere else. */
  scanBack(text: string) {
    return sendIntent(
      this.store,
      () => this.api().initScanBack({ text }),
      'a check of the scanned sheet',
    );
  }
}
