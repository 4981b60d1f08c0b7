// The system Chromium driven by playwright-core (no browser download): the same binary the
// browser host opens for people.

import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CUSTOS_CHROMIUM ?? '/usr/bin/chromium';

/**
 * `extraArgs` are for one spec's browser only (e.g. the fake camera of fake-camera.ts).
 * `tempDir`: where Playwright makes the browser's profile and Chromium its temporary files
 * (both read TMPDIR), so a secrets search can read them while the browser runs.
 */
export async function launchChromium(
  extraArgs: readonly string[] = [],
  tempDir?: string,
): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}. Install it (apt-get install chromium) or set CUSTOS_CHROMIUM to its path.`,
    );
  }
  const before = process.env.TMPDIR;
  if (tempDir) process.env.TMPDIR = tempDir;
  try {
    return await launch(extraArgs);
  } finally {
    if (tempDir) {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
  }
}

function launch(extraArgs: readonly string[]): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}
