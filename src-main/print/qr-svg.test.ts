import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from 'qrcode';
import { afterAll, describe, expect, it } from 'vitest';
import { QUIET_ZONE_MODULES, shareQrCode } from './qr-svg';

// spec/yubihsm-setup-interop.md §3.5, the yubihsm-setup-shaped 3-of-5 vector, share 2.
const SHARE = '3-2-4kb3rYgzIOZ4g4CMzzT6fL6BqTtI72K4vGHRSwd9rbdU7l4EGKKyT8sxARtXrVrABD4OVA';

const scratch = mkdtempSync(join(tmpdir(), 'custos-qr-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Reads the SVG path back into a module grid: what a printer would actually draw. */
function drawnModules(svg: string, side: number): boolean[][] {
  const grid = Array.from({ length: side }, () => Array<boolean>(side).fill(false));
  const path = /<path d="([^"]*)"/.exec(svg)?.[1] ?? '';
  for (const run of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    const [x, y, width] = [Number(run[1]), Number(run[2]), Number(run[3])];
    for (let column = x; column < x + width; column++) grid[y]![column] = true;
  }
  return grid;
}

/** Rasterises the drawn grid to a PGM file at 8 pixels per module and asks zbarimg to read it. */
function scanWithZbar(grid: boolean[][], name: string): Buffer {
  const scale = 8;
  const side = grid.length * scale;
  const pixels = Buffer.alloc(side * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++)
      pixels[y * side + x] = grid[Math.floor(y / scale)]![Math.floor(x / scale)] ? 0 : 255;
  }
  const file = join(scratch, name);
  writeFileSync(file, Buffer.concat([Buffer.from(`P5 ${side} ${side} 255\n`), pixels]));
  return execFileSync('zbarimg', ['--quiet', '--raw', '-Sbinary', file], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

describe('shareQrCode', () => {
  it('encodes the share as one byte-mode segment, even where a shorter mode would fit', () => {
    expect(shareQrCode(SHARE).segmentModes).toEqual(['Byte']);
    // The library's own choice for digits would be numeric mode; the sheet never lets it choose.
    expect(create('1-1-0123456789', {}).segments.map((segment) => segment.mode.id)).not.toEqual([
      'Byte',
    ]);
    expect(shareQrCode('1-1-0123456789').segmentModes).toEqual(['Byte']);
  });

  it('uses a version small enough to print with large modules', () => {
    const code = shareQrCode(SHARE);
    expect(code.version).toBe(6);
    expect(code.size).toBe(17 + 4 * 6);
  });

  it('draws exactly the dark modules of the symbol, inside a four-module quiet zone', () => {
    const code = shareQrCode(SHARE);
    const side = code.size + 2 * QUIET_ZONE_MODULES;
    expect(code.svg).toContain(`viewBox="0 0 ${side} ${side}"`);
    const grid = drawnModules(code.svg, side);
    for (let row = 0; row < side; row++) {
      for (let column = 0; column < side; column++) {
        const inside =
          row >= QUIET_ZONE_MODULES &&
          row < QUIET_ZONE_MODULES + code.size &&
          column >= QUIET_ZONE_MODULES &&
          column < QUIET_ZONE_MODULES + code.size;
        const expected = inside && code.dark(row - QUIET_ZONE_MODULES, column - QUIET_ZONE_MODULES);
        expect(grid[row]![column], `module ${row},${column}`).toBe(expected);
      }
    }
  });

  it('decodes with zbarimg to the share bytes and nothing else', () => {
    const code = shareQrCode(SHARE);
    const decoded = scanWithZbar(
      drawnModules(code.svg, code.size + 2 * QUIET_ZONE_MODULES),
      'share.pgm',
    );
    // -Sbinary makes zbarimg print the symbol's bytes as they are, with no newline added.
    expect(decoded.equals(Buffer.from(SHARE, 'ascii'))).toBe(true);
  });

  it('carries no URL, so the sheet stays free of network and file references', () => {
    expect(shareQrCode(SHARE).svg).not.toMatch(/https?:|file:/);
  });

  it('refuses text that is not a canonical share: spaces, line breaks, non-ASCII, nothing', () => {
    expect(() => shareQrCode('3-2-4kb3 rYgz')).toThrow(/printable ASCII/);
    expect(() => shareQrCode('3-2-4kb3\n')).toThrow(/printable ASCII/);
    expect(() => shareQrCode('3-2-é')).toThrow(/printable ASCII/);
    expect(() => shareQrCode('')).toThrow(/printable ASCII/);
  });
});
