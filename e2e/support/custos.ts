// The fixture every browser spec starts from: build once, start the browser host with a temp
// user-data folder, open its tokenised URL in Chromium, wait for the home screen. `close()`
// tears it all down in reverse. Page errors, console errors, unexpected refusals and
// accessibility violations (axe, on every screen the page shows: support/accessibility.ts) are
// collected so a spec can assert the page ran clean; `close()` fails on any accessibility
// violation, and when axe never ran at all.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeViolation, watchAccessibility } from './accessibility';
import { ensureBuilt } from './build';
import { startHost } from './browser-host';
import type { HostOptions, RunningHost } from './browser-host';
import { launchChromium } from './chromium';
import { HomePage } from './home-page';
import { AppEvents } from './app-events';
import { RefusalWatch } from './refusal-watch';
import { describeHits, searchAfterCeremony, searchForSecrets, type Needle } from './secrets-search';

export interface CustosSession {
  host: RunningHost;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  home: HomePage;
  /**
   * Uncaught page errors, console errors and accessibility violations seen so far, and every
   * refusal no page action read and no `expectRefusal` announced (support/refusal-watch.ts).
   */
  readonly problems: string[];
  /** The spec means to cause a refusal matching this (a shown sentence, or a host log line). */
  expectRefusal(pattern: string | RegExp): void;
  /** The temporary folder the host and the browser used (TMPDIR), the browser profile inside. */
  tempDir: string;
  /** The screen of every axe run so far ("home", "init/plan", "restore/finished"…). */
  accessibilityChecks: string[];
  /**
   * Resolves once axe has finished a run on `screen` (at once if it already has). axe runs
   * after the DOM settles and can take a second under load, so a spec that leaves a screen
   * quickly and wants it checked waits on this first.
   */
  accessibilityChecked(screen: string): Promise<void>;
  /**
   * Secrets this spec's ceremonies used: close() searches the user-data folder, the temporary
   * folder with the browser profile, the ceremony folders given and the host's output for them
   * (support/secrets-search.ts), once the browser has closed, and fails the spec on any hit.
   */
  searchAtClose(needles: readonly Needle[], ceremonyFolders?: readonly string[]): void;
  close(): Promise<void>;
}

export interface CustosOptions extends HostOptions {
  /** Extra Chromium flags for this session's browser only. */
  chromiumArgs?: readonly string[];
}

export async function openCustos(options: CustosOptions = {}): Promise<CustosSession> {
  ensureBuilt();
  const tempDir = mkdtempSync(join(tmpdir(), 'custos-e2e-tmp-'));
  const needles: Needle[] = [];
  const searchFolders: string[] = [];
  const host = await startHost({ tempDir, ...options });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium(options.chromiumArgs, tempDir);
    const context = await browser.newContext({ viewport: { width: 1200, height: 820 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
    });
    const inaccessible: string[] = [];
    const accessibilityChecks: string[] = [];
    const checkWaiters: { screen: string | undefined; done: () => void }[] = [];
    await watchAccessibility(
      context,
      page,
      (violation) => {
        const problem = describeViolation(violation);
        inaccessible.push(problem);
        errors.push(problem);
      },
      (screen) => {
        accessibilityChecks.push(screen);
        for (const waiter of checkWaiters.filter((w) => w.screen === screen || !w.screen)) {
          checkWaiters.splice(checkWaiters.indexOf(waiter), 1);
          waiter.done();
        }
      },
    );
    const refusals = await RefusalWatch.install(page, host.output);
    await AppEvents.install(page);
    await page.goto(host.launchUrl);
    const home = new HomePage(page);
    await home.waitUntilShown();
    const opened = browser;
    return {
      host,
      browser: opened,
      context,
      page,
      home,
      get problems() {
        return [...errors, ...refusals.unexpected()];
      },
      expectRefusal: (pattern) => refusals.expect(pattern),
      tempDir,
      accessibilityChecks,
      accessibilityChecked: (screen) =>
        accessibilityChecks.includes(screen)
          ? Promise.resolve()
          : new Promise<void>((done) => checkWaiters.push({ screen, done })),
      searchAtClose(more, folders = []) {
        needles.push(...more);
        searchFolders.push(...folders);
      },
      async close() {
        // A page closed right after it opened may not have finished its first axe run yet.
        if (accessibilityChecks.length === 0) await firstCheckOrGiveUp(checkWaiters);
        // Before the browser closes: playwright deletes its profile with it.
        const found =
          needles.length > 0
            ? searchAfterCeremony({ host, tempDir }, searchFolders, needles)
            : undefined;
        await opened.close();
        await host.stop();
        if (found) {
          const late = searchForSecrets([], { 'the browser host output': host.output() }, needles);
          const hits = [...found.hits, ...late.hits];
          rmSync(tempDir, { recursive: true, force: true });
          if (hits.length > 0) throw new Error(describeHits(hits));
          // A search that never read the browser profile proves nothing about it.
          if (!found.profileSearched)
            throw new Error(`secrets search: the browser profile was not under ${tempDir}`);
        }
        rmSync(tempDir, { recursive: true, force: true });
        if (inaccessible.length > 0)
          throw new Error(`axe found violations:\n${inaccessible.join('\n')}`);
        // A check that never ran proves nothing: the injection itself is under test too.
        if (accessibilityChecks.length === 0)
          throw new Error('axe never ran on this page: the accessibility watcher was not injected');
      },
    };
  } catch (error) {
    await browser?.close();
    await host.stop();
    rmSync(tempDir, { recursive: true, force: true });
    throw new Error(
      `Custos did not open in Chromium: ${error instanceof Error ? error.message : String(error)}\nHost output:\n${host.output()}`,
      { cause: error },
    );
  }
}

/** Waits for any axe run to finish, for at most half a minute (axe on a busy machine). */
function firstCheckOrGiveUp(
  waiters: { screen: string | undefined; done: () => void }[],
): Promise<void> {
  return new Promise<void>((done) => {
    const timer = setTimeout(done, 30_000);
    waiters.push({
      screen: undefined,
      done: () => {
        clearTimeout(timer);
        done();
      },
    });
  });
}
