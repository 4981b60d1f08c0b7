// A QR code's module matrix (as main sends it: row-major '0'/'1', quiet zone excluded) drawn as
// one SVG path: each run of dark modules in a row is one rectangle. No QR library is needed in
// the renderer, and what is drawn is exactly the matrix main encoded from the canonical share.

/** The light border a reader needs around the symbol, in modules (ISO/IEC 18004 §6.3.8). */
export const QUIET_ZONE = 4;

export interface QrMatrix {
  readonly size: number;
  readonly modules: string;
}

/** Checks the matrix is square and made of '0' and '1' only; a bad one is a bug in main. */
export function checkMatrix({ size, modules }: QrMatrix): void {
  if (
    !Number.isInteger(size) ||
    size < 21 ||
    modules.length !== size * size ||
    /[^01]/.test(modules)
  ) {
    throw new Error(`The QR code main sent is not a ${size} x ${size} module matrix.`);
  }
}

/** The path data: "M x y h w v 1 h -w z" for every horizontal run of dark modules. */
export function qrPath(matrix: QrMatrix): string {
  checkMatrix(matrix);
  const { size, modules } = matrix;
  const parts: string[] = [];
  for (let row = 0; row < size; row++) {
    let column = 0;
    while (column < size) {
      if (modules[row * size + column] !== '1') {
        column++;
        continue;
      }
      const start = column;
      while (column < size && modules[row * size + column] === '1') column++;
      const width = column - start;
      parts.push(`M${start + QUIET_ZONE} ${row + QUIET_ZONE}h${width}v1h-${width}z`);
    }
  }
  return parts.join('');
}

/** The side of the drawing in modules, quiet zone included. */
export function qrExtent(size: number): number {
  return size + 2 * QUIET_ZONE;
}
