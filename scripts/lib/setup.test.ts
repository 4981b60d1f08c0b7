import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dependenciesMissing, electronBinary, missingPcscPackages } from './setup.mjs';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function checkout(): string {
  const folder = mkdtempSync(join(tmpdir(), 'custos-setup-'));
  folders.push(folder);
  writeFileSync(join(folder, 'package-lock.json'), '{}');
  return folder;
}

describe('finding the Electron binary on disk', () => {
  it('finds it only when path.txt names a file that exists', () => {
    const folder = checkout();
    expect(electronBinary(folder, {})).toBeUndefined();
    mkdirSync(join(folder, 'node_modules', 'electron', 'dist'), { recursive: true });
    writeFileSync(join(folder, 'node_modules', 'electron', 'path.txt'), 'electron');
    // The npm package without its binary, as ELECTRON_SKIP_BINARY_DOWNLOAD=1 leaves it.
    expect(electronBinary(folder, {})).toBeUndefined();
    writeFileSync(join(folder, 'node_modules', 'electron', 'dist', 'electron'), '');
    expect(electronBinary(folder, {})).toBe(
      join(folder, 'node_modules', 'electron', 'dist', 'electron'),
    );
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like the electron package does', () => {
    const folder = checkout();
    mkdirSync(join(folder, 'node_modules', 'electron'), { recursive: true });
    writeFileSync(join(folder, 'node_modules', 'electron', 'path.txt'), 'electron');
    const elsewhere = join(folder, 'custom-dist');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'electron'), '');
    expect(electronBinary(folder, { ELECTRON_OVERRIDE_DIST_PATH: elsewhere })).toBe(
      join(elsewhere, 'electron'),
    );
  });
});

describe('deciding whether to install', () => {
  it('installs when node_modules is absent or older than package-lock.json', () => {
    const folder = checkout();
    expect(dependenciesMissing(folder)).toBe(true);
    mkdirSync(join(folder, 'node_modules'));
    writeFileSync(join(folder, 'node_modules', '.package-lock.json'), '{}');
    const now = Date.now() / 1000;
    utimesSync(join(folder, 'package-lock.json'), now - 60, now - 60);
    expect(dependenciesMissing(folder)).toBe(false);
    utimesSync(join(folder, 'package-lock.json'), now + 60, now + 60);
    expect(dependenciesMissing(folder)).toBe(true);
  });
});

describe('PC/SC packages for SmartCard-HSM support', () => {
  it.runIf(process.platform === 'linux')(
    'names each Debian package whose file or command is missing, build tools included',
    () => {
      expect(
        missingPcscPackages(
          () => true,
          () => '/usr/bin/x',
        ),
      ).toEqual([]);
      expect(
        missingPcscPackages(
          (path) => path !== '/usr/include/PCSC/winscard.h' && path !== '/etc/reader.conf.d/vpcd',
          (name) => (name === 'g++' ? undefined : `/usr/bin/${name}`),
        ),
      ).toEqual(['libpcsclite-dev', 'vsmartcard-vpcd', 'g++']);
    },
  );
});
