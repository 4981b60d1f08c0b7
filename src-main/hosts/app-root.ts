// Where the app's files are: the folder holding Custos's package.json, found by walking up
// from this module. The same code works from the TypeScript sources (tsx), from the bundles
// in dist/, and inside a packaged app (app.asar keeps package.json at its root).

import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function isCustosRoot(folder: string): boolean {
  const manifest = join(folder, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'custos';
  } catch {
    return false;
  }
}

export function appRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let folder = from; ; folder = dirname(folder)) {
    if (isCustosRoot(folder)) return folder;
    if (dirname(folder) === folder)
      throw new Error(
        `Custos's package.json was not found above ${from}; run Custos from its own folder.`,
      );
  }
}

export async function appVersion(root: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    version?: unknown;
  };
  return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
}
