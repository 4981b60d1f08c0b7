// The system Chromium driven by playwright-core (no browser download): the same binary the
// browser host opens for people.

import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CUSTOS_CHROMIUM ?? '/usr/bin/chromium';

/** `extraArgs` are for one spec's browser only (e.g. the fake camera of fake-camera.ts). */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}. Install it (apt-get install chromium) or set CUSTOS_CHROMIUM to its path.`,
    );
  }
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
