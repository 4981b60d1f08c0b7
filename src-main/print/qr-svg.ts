// The QR code on a share sheet, drawn as inline SVG so the sheet needs no image file.
//
// The symbol holds the canonical share text and nothing else: one byte-mode segment, no ECI
// header, no prefix or suffix (brief: "byte mode, nothing added around the text"), so a
// handheld scanner that types into yubihsm-setup's prompt types exactly the share.

import { create, type QRCodeErrorCorrectionLevel } from 'qrcode';

/** Quartile (25 %) recovery: a sheet is folded, photocopied and kept for years. */
export const SHARE_QR_ERROR_CORRECTION: QRCodeErrorCorrectionLevel = 'Q';

/** The quiet zone the QR specification asks for on every side, in modules. */
export const QUIET_ZONE_MODULES = 4;

export interface ShareQrCode {
  /** The `<svg>` element, sized by the caller's CSS (it scales to its box). */
  svg: string;
  /** QR version (1..40); the symbol is 17 + 4 × version modules wide. */
  version: number;
  /** Modules per side without the quiet zone. */
  size: number;
  /** Whether the module at (row, column) is dark, for tests that check the drawing. */
  dark: (row: number, column: number) => boolean;
  /** The encoding modes of the data segments: always exactly ['Byte']. */
  segmentModes: string[];
}

const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

/**
 * Draws `text` as a QR code. Only printable ASCII without spaces is accepted: every share
 * format Custos prints is such text, and anything else would leave the byte meaning to the
 * scanner's guess at a character set.
 */
export function shareQrCode(text: string): ShareQrCode {
  if (!PRINTABLE_ASCII.test(text)) {
    throw new RangeError(
      'a share QR code holds printable ASCII without spaces only; this text has other characters, so it is not a canonical share',
    );
  }
  const symbol = create([{ data: new TextEncoder().encode(text), mode: 'byte' }], {
    errorCorrectionLevel: SHARE_QR_ERROR_CORRECTION,
  });
  const size = symbol.modules.size;
  const dark = (row: number, column: number): boolean => symbol.modules.get(row, column) !== 0;
  const side = size + 2 * QUIET_ZONE_MODULES;
  // One path of horizontal runs keeps the SVG small and leaves no hairline gaps between
  // neighbouring modules when a printer driver rasterises it.
  let path = '';
  for (let row = 0; row < size; row++) {
    let column = 0;
    while (column < size) {
      if (!dark(row, column)) {
        column++;
        continue;
      }
      const start = column;
      while (column < size && dark(row, column)) column++;
      path += `M${start + QUIET_ZONE_MODULES} ${row + QUIET_ZONE_MODULES}h${column - start}v1h${start - column}z`;
    }
  }
  const svg =
    // Inline SVG in HTML needs no xmlns, and leaving it out keeps every URL off the sheet.
    `<svg viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges" role="img" aria-label="QR code of this share">` +
    `<rect width="${side}" height="${side}" fill="#fff"/>` +
    `<path d="${path}" fill="#000"/>` +
    '</svg>';
  return {
    svg,
    version: symbol.version,
    size,
    dark,
    segmentModes: symbol.segments.map((segment) => segment.mode.id),
  };
}
