import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { revealedShare } from './share-reveal';

const SHARE = '3-4-xwVqjAFBVv/vstU5jk6X11u4aEa7jr1hUZHYhDyuAGZwi+UDQgMXV3omcn3FBDZNxyEc+g';

/** The module matrix as a greyscale PGM with a 4-module quiet zone, 6 pixels per module. */
function toPgm(size: number, modules: string): Buffer {
  const scale = 6;
  const side = (size + 8) * scale;
  const pixels = Buffer.alloc(side * side, 255);
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      if (modules[row * size + column] !== '1') continue;
      for (let y = 0; y < scale; y++)
        pixels.fill(
          0,
          ((row + 4) * scale + y) * side + (column + 4) * scale,
          ((row + 4) * scale + y) * side + (column + 5) * scale,
        );
    }
  }
  return Buffer.concat([Buffer.from(`P5\n${side} ${side}\n255\n`), pixels]);
}

describe('the revealed share', () => {
  it('holds the canonical text, its checked lines, and a QR matrix that scans back to exactly that text', () => {
    const shown = revealedShare(SHARE);
    expect(shown.canonical).toBe(SHARE);
    expect(shown.lines.map((line) => line.text)).toEqual([
      SHARE.slice(0, 16),
      SHARE.slice(16, 32),
      SHARE.slice(32, 48),
      SHARE.slice(48, 64),
      SHARE.slice(64),
    ]);
    expect(shown.qr.modules).toMatch(/^[01]+$/);
    expect(shown.qr.modules).toHaveLength(shown.qr.size ** 2);
    const folder = mkdtempSync(join(tmpdir(), 'custos-qr-'));
    try {
      const file = join(folder, 'share.pgm');
      writeFileSync(file, toPgm(shown.qr.size, shown.qr.modules));
      const scanned = execFileSync('zbarimg', ['--quiet', '--raw', file], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      expect(scanned.replace(/\n$/, '')).toBe(SHARE);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
