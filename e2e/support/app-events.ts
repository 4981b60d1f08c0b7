// The app's named events, heard in the test process: the window raises `custos:settled` once
// main has answered every intent the screen sent (src-renderer/stores/settled.ts). A page action
// that sends an intent waits for it instead of polling the page for what the answer changed.

import type { Page } from 'playwright-core';

const SETTLED_BINDING = '__custosSettled';

const hubs = new WeakMap<Page, AppEvents>();

export function appEventsOf(page: Page): AppEvents | undefined {
  return hubs.get(page);
}

export class AppEvents {
  private waiting: (() => void)[] = [];

  static async install(page: Page): Promise<AppEvents> {
    const events = new AppEvents();
    await page.exposeBinding(SETTLED_BINDING, () => events.settled());
    await page.addInitScript((binding) => {
      window.addEventListener('custos:settled', () =>
        (window as unknown as Record<string, () => void>)[binding]!(),
      );
    }, SETTLED_BINDING);
    hubs.set(page, events);
    return events;
  }

  /** Does `action` (which sends an intent) and resolves once main's answer has settled. */
  async settling(action: () => Promise<void>): Promise<void> {
    const settled = new Promise<void>((resolve) => this.waiting.push(resolve));
    await action();
    await settled;
  }

  private settled(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

/** `action`, then main's answer settled; just `action` on a page opened without the events. */
export async function settling(page: Page, action: () => Promise<void>): Promise<void> {
  const events = appEventsOf(page);
  if (events) await events.settling(action);
  else await action();
}
