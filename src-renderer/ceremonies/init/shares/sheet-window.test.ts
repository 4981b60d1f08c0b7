import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FOCUS_SETTLE_MS, SHEET_WINDOW_NAME, SheetWindow, WATCH_EVERY_MS } from './sheet-window';
import type { LeaveReason } from './sheet-window';

/** A browser window as far as the sheet window uses one: events, focus, open and close. */
class FakeWindow extends EventTarget {
  closed = false;
  focused = false;
  blocksPopups = false;
  opened: { url: string; target: string; features: string; popup: FakeWindow }[] = [];
  readonly location = { pathname: 'about:blank' };
  readonly document = { readyState: 'loading', hasFocus: () => this.focused };

  open(url: string, target: string, features: string): FakeWindow | null {
    if (this.blocksPopups) return null;
    const popup = new FakeWindow();
    this.opened.push({ url, target, features, popup });
    this.focused = false;
    popup.focused = true;
    return popup;
  }

  close(): void {
    this.closed = true;
  }

  /** The sheet page finished loading in this window. */
  load(path: string): void {
    this.location.pathname = path;
    this.document.readyState = 'complete';
  }

  /** Focus leaves this window (to another window, or to another app). */
  blur(): void {
    this.focused = false;
    this.dispatchEvent(new Event('blur'));
  }
}

const PATH = '/print/sheet/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

let host: FakeWindow;
let left: LeaveReason[];
let closedByPerson: number;
let sheet: SheetWindow;

beforeEach(() => {
  vi.useFakeTimers();
  host = new FakeWindow();
  host.focused = true;
  left = [];
  closedByPerson = 0;
  sheet = new SheetWindow({
    host: () => host as unknown as Window,
    onLeave: (reason) => left.push(reason),
    onClosed: () => (closedByPerson += 1),
  });
});

afterEach(() => {
  sheet.close();
  vi.useRealTimers();
});

/** Opens the page and lets it load, as the browser would. */
function openLoaded(): FakeWindow {
  expect(sheet.openPage(PATH)).toBe(true);
  const popup = host.opened.at(-1)!.popup;
  popup.load(PATH);
  vi.advanceTimersByTime(WATCH_EVERY_MS);
  return popup;
}

describe('the sheet window in the browser host', () => {
  it('opens main’s path once in a named pop-up window, and says when the browser blocked it', () => {
    host.blocksPopups = true;
    expect(sheet.openPage(PATH)).toBe(false);
    expect(sheet.holdsFocus()).toBe(false);
    host.blocksPopups = false;
    expect(sheet.openPage(PATH)).toBe(true);
    expect(host.opened.map(({ url, target, features }) => ({ url, target, features }))).toEqual([
      { url: PATH, target: SHEET_WINDOW_NAME, features: 'popup,width=900,height=1000' },
    ]);
    expect(sheet.holdsFocus()).toBe(true);
  });

  it('does not count focus moving into the sheet as leaving, but hides the share when both windows lose it', () => {
    const popup = openLoaded();
    host.blur();
    vi.advanceTimersByTime(FOCUS_SETTLE_MS);
    expect(left).toEqual([]);
    // The custodian switches to another application.
    popup.blur();
    vi.advanceTimersByTime(FOCUS_SETTLE_MS);
    expect(left).toEqual(['blur']);
    expect(popup.closed).toBe(true);
    expect(sheet.holdsFocus()).toBe(false);
  });

  it('lets the focus come back to Custos from the sheet without hiding anything', () => {
    const popup = openLoaded();
    popup.blur();
    host.focused = true;
    vi.advanceTimersByTime(FOCUS_SETTLE_MS);
    expect(left).toEqual([]);
    expect(popup.closed).toBe(false);
  });

  it('hides the share on Esc in the sheet, and counts moving or typing there as being at the screen', () => {
    const popup = openLoaded();
    const activity = vi.fn();
    const stop = sheet.onActivity(activity);
    popup.dispatchEvent(new Event('pointermove'));
    popup.dispatchEvent(Object.assign(new Event('keydown'), { key: 'a' }));
    expect(activity).toHaveBeenCalledTimes(2);
    stop();
    popup.dispatchEvent(new Event('wheel'));
    expect(activity).toHaveBeenCalledTimes(2);
    popup.dispatchEvent(Object.assign(new Event('keydown'), { key: 'Escape' }));
    expect(left).toEqual(['escape']);
    expect(popup.closed).toBe(true);
  });

  it('lets the browser’s print preview take the focus from the sheet', () => {
    const popup = openLoaded();
    host.blur();
    popup.dispatchEvent(new Event('beforeprint'));
    popup.blur();
    vi.advanceTimersByTime(FOCUS_SETTLE_MS);
    expect(left).toEqual([]);
    expect(popup.closed).toBe(false);
  });

  it('closes itself once printing ends, and tells main when the custodian closed it', () => {
    const printed = openLoaded();
    printed.dispatchEvent(new Event('afterprint'));
    expect(printed.closed).toBe(true);
    expect(closedByPerson).toBe(1);

    const second = openLoaded();
    second.closed = true;
    vi.advanceTimersByTime(WATCH_EVERY_MS);
    expect(closedByPerson).toBe(2);
    expect(sheet.holdsFocus()).toBe(false);
    expect(left).toEqual([]);
  });

  it('is closed by Custos when the share leaves the screen, without telling main it was closed by hand', () => {
    const popup = openLoaded();
    sheet.close();
    expect(popup.closed).toBe(true);
    vi.advanceTimersByTime(WATCH_EVERY_MS * 4);
    host.blur();
    vi.advanceTimersByTime(FOCUS_SETTLE_MS);
    expect(closedByPerson).toBe(0);
    expect(left).toEqual([]);
  });

  it('listens in the sheet only once it shows the sheet', () => {
    expect(sheet.openPage(PATH)).toBe(true);
    const popup = host.opened[0]!.popup;
    vi.advanceTimersByTime(WATCH_EVERY_MS);
    popup.dispatchEvent(Object.assign(new Event('keydown'), { key: 'Escape' }));
    expect(left).toEqual([]);
    popup.load(PATH);
    vi.advanceTimersByTime(WATCH_EVERY_MS);
    popup.dispatchEvent(Object.assign(new Event('keydown'), { key: 'Escape' }));
    expect(left).toEqual(['escape']);
  });
});

describe('print and save dialogs (either host)', () => {
  it('hold the focus while they are up, and only then', async () => {
    let finish!: () => void;
    const dialog = sheet.withDialog(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(sheet.holdsFocus()).toBe(true);
    finish();
    await dialog;
    expect(sheet.holdsFocus()).toBe(false);
    await expect(sheet.withDialog(() => Promise.reject(new Error('gone')))).rejects.toThrow('gone');
    expect(sheet.holdsFocus()).toBe(false);
  });
});
