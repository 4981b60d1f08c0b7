// axe-core on every screen a browser spec visits, without touching the app's CSP: the axe
// source and a small watcher are injected through the DevTools protocol into an isolated world
// (Page.addScriptToEvaluateOnNewDocument with a worldName), which shares the page's DOM but not
// its JavaScript, and which the page's Content-Security-Policy does not govern. The page itself
// can neither see axe nor call the report binding (Runtime.addBinding is bound to that world).
//
// The watcher runs axe whenever the set of data-testid values on the page changes (a new
// screen, a new step, a refusal or a field problem appearing) once the DOM has been quiet for a
// moment, and reports every violation of any impact to the session's problem list, which every
// spec asserts empty.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';

export const AXE_WORLD = 'custos-axe';
const BINDING = '__custosAxeReport';

export interface AxeViolationReport {
  /** Where the page was: the wizard's ceremony and step, or "home". */
  screen: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

function axeSource(): string {
  const require = createRequire(import.meta.url);
  return readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
}

/** Runs in the isolated world: watches the DOM and reports each screen's violations once. */
function watcher(binding: string): void {
  type Axe = {
    run(
      context: Document,
      options: object,
    ): Promise<{
      violations: {
        id: string;
        impact?: string | null;
        help: string;
        nodes: { target: unknown[] }[];
      }[];
    }>;
  };
  const axe = (globalThis as unknown as { axe: Axe }).axe;
  const report = (globalThis as unknown as Record<string, (payload: string) => void>)[binding]!;
  const seen = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;
  const signature = () =>
    [
      ...new Set(
        [...document.querySelectorAll('[data-testid]')].map((node) =>
          node.getAttribute('data-testid'),
        ),
      ),
    ]
      .sort()
      .join(' ');
  const screen = () => {
    const wizard = document.querySelector('[data-testid="wizard"]');
    if (!wizard) return document.querySelector('[data-testid="home-screen"]') ? 'home' : 'other';
    return `${wizard.getAttribute('data-ceremony') ?? 'init'}/${wizard.getAttribute('data-step-id') ?? '?'}`;
  };
  const check = async () => {
    if (running) {
      again = true;
      return;
    }
    const key = signature();
    // Nothing rendered yet (the document before the app's first paint) is not a screen.
    if (!document.body || key === '' || seen.has(key)) return;
    seen.add(key);
    running = true;
    try {
      const where = screen();
      const result = await axe.run(document, { resultTypes: ['violations'] });
      report(JSON.stringify({ checked: where, violations: result.violations.length }));
      for (const violation of result.violations)
        report(
          JSON.stringify({
            screen: where,
            rule: violation.id,
            impact: violation.impact ?? 'unknown',
            help: violation.help,
            targets: violation.nodes.map((node) => node.target.join(' ')),
          }),
        );
    } catch (error) {
      report(
        JSON.stringify({
          screen: screen(),
          rule: 'axe-error',
          impact: 'error',
          help: String(error),
          targets: [],
        }),
      );
    } finally {
      running = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void check(), 60);
  };
  new MutationObserver(schedule).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-testid', 'data-step-id', 'hidden', 'aria-invalid'],
  });
  schedule();
}

/**
 * Installs axe in an isolated world of every document `page` loads from now on; call before
 * the first navigation. Each violation is passed to `onViolation` as it is found, and the
 * screen of each finished axe run to `onChecked` (so a spec can tell axe really ran).
 */
export async function watchAccessibility(
  context: BrowserContext,
  page: Page,
  onViolation: (violation: AxeViolationReport) => void,
  onChecked: (screen: string) => void = () => undefined,
): Promise<void> {
  const cdp = await context.newCDPSession(page);
  cdp.on('Runtime.bindingCalled', (event: { name: string; payload: string }) => {
    if (event.name !== BINDING) return;
    const payload = JSON.parse(event.payload) as AxeViolationReport | { checked: string };
    if ('checked' in payload) onChecked(payload.checked);
    else onViolation(payload);
  });
  await cdp.send('Runtime.enable');
  await cdp.send('Runtime.addBinding', { name: BINDING, executionContextName: AXE_WORLD });
  await cdp.send('Page.enable');
  await cdp.send('Page.addScriptToEvaluateOnNewDocument', {
    source: `${axeSource()}\n;(${watcher.toString()})(${JSON.stringify(BINDING)});`,
    worldName: AXE_WORLD,
  });
}

export function describeViolation(violation: AxeViolationReport): string {
  return `accessibility (axe ${violation.rule}, ${violation.impact}) on ${violation.screen}: ${violation.help} — ${violation.targets.join(', ')}`;
}
