import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { QUIET_ZONE, qrExtent, qrPath } from './qr-path';

/** Paints the path's rectangles back onto a grid, the way a renderer would fill them. */
function paint(path: string, extent: number): boolean[][] {
  const grid = Array.from({ length: extent }, () => Array<boolean>(extent).fill(false));
  for (const match of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)) {
    const [x, y, width, back] = match.slice(1).map(Number) as [number, number, number, number];
    expect(back).toBe(width);
    for (let column = x; column < x + width; column++) {
      expect(grid[y]![column]).toBe(false); // runs never overlap
      grid[y]![column] = true;
    }
  }
  expect(path.replace(/M\d+ \d+h\d+v1h-\d+z/g, '')).toBe('');
  return grid;
}

function matrixOf(text: string): { size: number; modules: string } {
  const code = QRCode.create(text, { errorCorrectionLevel: 'Q' });
  const size = code.modules.size;
  let modules = '';
  for (let row = 0; row < size; row++)
    for (let column = 0; column < size; column++)
      modules += code.modules.get(row, column) ? '1' : '0';
  return { size, modules };
}

describe('the QR code path', () => {
  it('paints exactly the dark modules of a real share code, inside its quiet zone', () => {
    const matrix = matrixOf(
      '2-1-AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTIzNA',
    );
    const extent = qrExtent(matrix.size);
    const grid = paint(qrPath(matrix), extent);
    for (let y = 0; y < extent; y++) {
      for (let x = 0; x < extent; x++) {
        const inside =
          x >= QUIET_ZONE &&
          y >= QUIET_ZONE &&
          x < QUIET_ZONE + matrix.size &&
          y < QUIET_ZONE + matrix.size;
        const dark =
          inside && matrix.modules[(y - QUIET_ZONE) * matrix.size + (x - QUIET_ZONE)] === '1';
        expect(grid[y]![x], `module at ${x},${y}`).toBe(dark);
      }
    }
  });

  it('draws one rectangle per run, so a dark row is one rectangle', () => {
    const size = 21;
    const rows = Array.from({ length: size }, (_, row) =>
      row === 0 ? '1'.repeat(size) : row === 1 ? '1011'.padEnd(size, '0') : '0'.repeat(size),
    );
    expect(qrPath({ size, modules: rows.join('') })).toBe('M4 4h21v1h-21zM4 5h1v1h-1zM6 5h2v1h-2z');
  });

  it('refuses a matrix that is not square or not made of 0 and 1', () => {
    expect(() => qrPath({ size: 21, modules: '1'.repeat(440) })).toThrow(/21 x 21/);
    expect(() => qrPath({ size: 21, modules: '2'.repeat(441) })).toThrow(/21 x 21/);
  });
});
