// The Electron host under playwright-core's `_electron`, where the Electron binary is
// installed. The binary is found on disk (node_modules/electron/path.txt and the file it
// names) without requiring the `electron` module, which would try to download it.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron } from 'playwright-core';
import type { ElectronApplication, Page } from 'playwright-core';
import { ensureBuilt, repoRoot } from './build';
import { HomePage } from './home-page';

export function electronBinary(): string | undefined {
  const pathFile = join(repoRoot, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const binary = join(
    process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(repoRoot, 'node_modules', 'electron', 'dist'),
    relative,
  );
  return relative && existsSync(binary) ? binary : undefined;
}

export interface ElectronSession {
  app: ElectronApplication;
  page: Page;
  home: HomePage;
  close(): Promise<void>;
}

export async function openElectron(executablePath: string): Promise<ElectronSession> {
  ensureBuilt();
  const userDataDir = mkdtempSync(join(tmpdir(), 'custos-e2e-electron-'));
  const app = await _electron.launch({
    executablePath,
    args: [repoRoot, `--user-data-dir=${userDataDir}`],
    cwd: repoRoot,
    env: { ...process.env, CUSTOS_USB: '0' },
  });
  try {
    const page = await app.firstWindow();
    const home = new HomePage(page);
    await home.waitUntilShown();
    return {
      app,
      page,
      home,
      async close() {
        await app.close();
        rmSync(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await app.close();
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
