// What every share sheet carries regardless of host: its content security policy and its paper
// sizes. Kept apart from the renderer so the print hosts can apply the same rules.

import { SHEET_PAPERS } from '../../shared/ceremony/init-snapshot';

/**
 * Nothing may load except the inline styles and the data: URLs the sheet itself carries; no
 * script can run (brief §2). The same policy is sent as a header by the browser host.
 */
export const SHEET_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:";

/** The contract's list (the reveal step sends one of these), so the two cannot drift apart. */
export const PAPER_SIZES = SHEET_PAPERS;
export type PaperSize = (typeof PAPER_SIZES)[number];

export interface PaperDimensions {
  /** The CSS @page size keyword. */
  css: 'A4' | 'letter';
  /** Width and height in millimetres, portrait. */
  widthMm: number;
  heightMm: number;
  /** Width and height in PostScript points, as pdfinfo reports them. */
  widthPt: number;
  heightPt: number;
}

export const PAPER: Record<PaperSize, PaperDimensions> = {
  a4: { css: 'A4', widthMm: 210, heightMm: 297, widthPt: 595.28, heightPt: 841.89 },
  letter: { css: 'letter', widthMm: 215.9, heightMm: 279.4, widthPt: 612, heightPt: 792 },
};

export function isPaperSize(value: string): value is PaperSize {
  return (PAPER_SIZES as readonly string[]).includes(value);
}
