// One camera frame in, the text of the QR code in it out (or nothing). The frame holds a picture
// of the custodian's share sheet, so it is overwritten here as soon as it has been read: no
// frame outlives the call, whatever the decoder found.

import jsQR from 'jsqr';

/** RGBA pixels, four bytes each, row by row: what a canvas's getImageData gives. */
export interface RgbaFrame {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/**
 * The text of the QR code in `frame`, or null when there is none (or it cannot be read). The
 * frame's pixels are zeroed before this returns, and so are the decoder's copies of the bytes.
 */
export function readQrFromFrame(frame: RgbaFrame): string | null {
  try {
    if (frame.width <= 0 || frame.height <= 0 || frame.data.length < frame.width * frame.height * 4)
      return null;
    // A share sheet is black on white: looking for inverted codes too would halve the frame rate.
    const found = jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'dontInvert' });
    if (!found) return null;
    const text = found.data;
    found.binaryData.fill(0);
    for (const chunk of found.chunks) if ('bytes' in chunk) chunk.bytes.fill(0);
    return text.length > 0 ? text : null;
  } finally {
    frame.data.fill(0);
  }
}
