// The custodian's sheet in a window of its own, while their share is on screen: in the browser
// host, the one-time page main offered (opened here, watched here, closed here); in either host,
// a print or save dialog that main put up. Opening either moves the focus away from this window,
// which would otherwise hide the share (components/custodian-turn/use-turn-guard.ts): while one is open the guard asks
// this object instead, and this object watches for the custodian leaving both windows, pressing
// Esc in the sheet, or moving in it (which counts as being at the screen).

import type { TurnGuardCompanion } from '../../../components/custodian-turn/use-turn-guard';

export type LeaveReason = 'blur' | 'escape';

/**
 * How the last sheet page this turn ended, as this window saw it: the browser's print dialog
 * came up over it, or the window was closed without one. Main only knows that the page was
 * handed to the browser, not whether anything was printed.
 */
export type PageOutcome = 'print-dialog' | 'closed-without-printing';

export interface SheetWindowOptions {
  /** The page's own window (read when first needed, so a render without a DOM never touches it). */
  host: () => Window;
  /** The custodian left both windows, or pressed Esc in the sheet: hide the share. */
  onLeave: (reason: LeaveReason) => void;
  /** The custodian closed the sheet window (after printing, or by hand). */
  onClosed: () => void;
}

/**
 * Focus moves between two windows as a blur, then a focus (a window manager may take a moment):
 * judge once it has settled.
 */
export const FOCUS_SETTLE_MS = 500;
/** How often the window is looked at: closed yet? loaded yet? */
export const WATCH_EVERY_MS = 250;
export const SHEET_WINDOW_NAME = 'custos-share-sheet';
const ACTIVITY = ['pointermove', 'pointerdown', 'wheel'] as const;

export class SheetWindow implements TurnGuardCompanion {
  private popup: Window | null = null;
  private path = '';
  private wired: Window | null = null;
  private dialogs = 0;
  /** The browser's print preview is up over the sheet: it holds the focus, rightly. */
  private printing = false;
  private watch: ReturnType<typeof setInterval> | undefined;
  private settle: ReturnType<typeof setTimeout> | undefined;
  private readonly activity = new Set<() => void>();
  private dialogSeen = false;
  private ended: PageOutcome | undefined;
  private readonly outcomeListeners = new Set<() => void>();

  constructor(private readonly options: SheetWindowOptions) {}

  holdsFocus(): boolean {
    return this.popup !== null || this.dialogs > 0;
  }

  onActivity(listener: () => void): () => void {
    this.activity.add(listener);
    return () => void this.activity.delete(listener);
  }

  get isOpen(): boolean {
    return this.popup !== null;
  }

  /** How the last sheet page ended; undefined while none has (or none was opened). */
  get outcome(): PageOutcome | undefined {
    return this.ended;
  }

  /** Calls `listener` when `outcome` changes; returns the unsubscribe. */
  onOutcome(listener: () => void): () => void {
    this.outcomeListeners.add(listener);
    return () => void this.outcomeListeners.delete(listener);
  }

  /**
   * Opens main's one-time sheet page in a new window. Returns false when the browser blocked it
   * (the caller says how to allow it); the page is then never fetched and simply expires.
   */
  openPage(path: string): boolean {
    this.close();
    const host = this.options.host();
    const popup = host.open(path, SHEET_WINDOW_NAME, 'popup,width=900,height=1000');
    if (!popup) return false;
    this.popup = popup;
    this.path = path;
    this.dialogSeen = false;
    this.setOutcome(undefined);
    host.addEventListener('blur', this.judgeFocus);
    this.watch = setInterval(() => this.look(), WATCH_EVERY_MS);
    return true;
  }

  /** Runs one of main's print or save dialogs; while it is up, losing the focus is expected. */
  async withDialog<T>(work: () => Promise<T>): Promise<T> {
    this.dialogs += 1;
    try {
      return await work();
    } finally {
      this.dialogs -= 1;
    }
  }

  /** Closes the sheet window, if one is open (the share left the screen). */
  close(): void {
    clearInterval(this.watch);
    clearTimeout(this.settle);
    this.watch = undefined;
    const popup = this.popup;
    this.popup = null;
    this.wired = null;
    this.printing = false;
    if (!popup) return;
    this.setOutcome(this.dialogSeen ? 'print-dialog' : 'closed-without-printing');
    this.options.host().removeEventListener('blur', this.judgeFocus);
    if (!popup.closed) popup.close();
  }

  private setOutcome(outcome: PageOutcome | undefined): void {
    if (this.ended === outcome) return;
    this.ended = outcome;
    for (const listener of this.outcomeListeners) listener();
  }

  /** Closed by the custodian? Loaded, so its events can be heard? */
  private look(): void {
    const popup = this.popup;
    if (!popup) return;
    if (popup.closed) {
      this.close();
      this.options.onClosed();
      return;
    }
    if (this.wired !== popup && this.showsSheet(popup)) this.wire(popup);
  }

  private showsSheet(popup: Window): boolean {
    try {
      return popup.location.pathname === this.path && popup.document.readyState === 'complete';
    } catch {
      // Not (or no longer) same-origin: nothing of ours is in it.
      return false;
    }
  }

  /** Listens inside the sheet's window; it runs no script of its own (its CSP forbids it). */
  private wire(popup: Window): void {
    this.wired = popup;
    popup.addEventListener('blur', this.judgeFocus);
    popup.addEventListener('keydown', (event: KeyboardEvent) => {
      if (event.key === 'Escape') this.leave('escape');
      else this.moved();
    });
    for (const type of ACTIVITY)
      popup.addEventListener(type, () => this.moved(), { passive: true });
    popup.addEventListener('beforeprint', () => {
      this.printing = true;
      this.dialogSeen = true;
    });
    // Printed (or the dialog was dismissed): the sheet's window has done its job.
    popup.addEventListener('afterprint', () => {
      this.close();
      this.options.onClosed();
    });
  }

  private readonly judgeFocus = (): void => {
    clearTimeout(this.settle);
    this.settle = setTimeout(() => {
      if (
        this.popup &&
        !this.printing &&
        !this.options.host().document.hasFocus() &&
        !this.popupHasFocus()
      )
        this.leave('blur');
    }, FOCUS_SETTLE_MS);
  };

  private popupHasFocus(): boolean {
    try {
      return this.popup?.document.hasFocus() ?? false;
    } catch {
      return false;
    }
  }

  private moved(): void {
    for (const listener of this.activity) listener();
  }

  private leave(reason: LeaveReason): void {
    this.close();
    this.options.onLeave(reason);
  }
}
