// Fails a spec on a refusal it did not expect (issue 15): every sentence main refused an intent
// with that the page shows (`ceremony-refusal`), and every "IPC call refused"
// the host logs, is a problem unless the spec read it through a page action (which returns the
// sentence for the spec to assert on) or said beforehand that it expects it. A refused plan
// edit thrown away without a word, or a wrong answer the spec did not mean to give, then shows
// up in `custos.problems`, which every spec asserts is empty.

import type { Page } from 'playwright-core';

const SHOWN_BINDING = '__custosRefusalShown';
const HOST_REFUSAL = /IPC call refused[^\n]*/g;

const watches = new WeakMap<Page, RefusalWatch>();

/** The watch on a page opened by openCustos, for page actions that read a refusal. */
export function refusalWatchOf(page: Page): RefusalWatch | undefined {
  return watches.get(page);
}

export class RefusalWatch {
  private readonly shown: string[] = [];
  private readonly expected: (string | RegExp)[] = [];

  private constructor(private readonly hostOutput: () => string) {}

  /** Watches `page` (before it loads) and the host's output. */
  static async install(page: Page, hostOutput: () => string): Promise<RefusalWatch> {
    const watch = new RefusalWatch(hostOutput);
    await page.exposeBinding(SHOWN_BINDING, (_source, sentence: string) =>
      watch.shown.push(sentence),
    );
    await page.addInitScript((binding) => {
      const selector = '[data-testid="ceremony-refusal"]';
      const said = new WeakMap<Element, string>();
      const report = () => {
        for (const element of document.querySelectorAll(selector)) {
          const sentence = (element.textContent ?? '').trim();
          if (said.get(element) === sentence) continue;
          said.set(element, sentence);
          (window as unknown as Record<string, (text: string) => void>)[binding]!(sentence);
        }
      };
      new MutationObserver(report).observe(document, {
        childList: true,
        subtree: true,
        characterData: true,
      });
    }, SHOWN_BINDING);
    watches.set(page, watch);
    return watch;
  }

  /** The spec means to cause this refusal (a sentence on the page, or a host log line). */
  expect(pattern: string | RegExp): void {
    this.expected.push(pattern);
  }

  /** A page action read this sentence and handed it to the spec. */
  acknowledge(sentence: string): void {
    this.expected.push(sentence);
  }

  /** Refusals seen that nobody expected, each with where it was seen. */
  unexpected(): string[] {
    const isExpected = (text: string) =>
      this.expected.some((pattern) =>
        typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text),
      );
    const logged = this.hostOutput().match(HOST_REFUSAL) ?? [];
    return [
      ...this.shown.filter((sentence) => !isExpected(sentence)).map((s) => `refusal shown: ${s}`),
      ...logged.filter((line) => !isExpected(line)).map((line) => `host: ${line}`),
    ];
  }
}
