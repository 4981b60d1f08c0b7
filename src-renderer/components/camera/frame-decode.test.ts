import { create } from 'qrcode';
import { describe, expect, it } from 'vitest';
import { readQrFromFrame } from './frame-decode';
import type { RgbaFrame } from './frame-decode';

// spec/yubihsm-setup-interop.md §3.5, the yubihsm-setup-shaped 3-of-5 vector, share 2.
const SHARE = '3-2-4kb3rYgzIOZ4g4CMzzT6fL6BqTtI72K4vGHRSwd9rbdU7l4EGKKyT8sxARtXrVrABD4OVA';

interface Drawing {
  width?: number;
  height?: number;
  /** Pixels per module. */
  scale?: number;
  /** Where the symbol's top-left corner lands. */
  at?: [number, number];
  /** Keep only this many rows of pixels of the symbol (a sheet half out of the picture). */
  cropRows?: number;
  paper?: number;
  ink?: number;
}

/** A camera frame as the canvas gives it: RGBA, the share sheet's QR (Q level, byte mode, as printed) on paper. */
function frameWithQr(text: string, drawing: Drawing = {}): RgbaFrame {
  const { width = 640, height = 480, scale = 6, at = [120, 60], paper = 235, ink = 20 } = drawing;
  const symbol = create([{ data: new TextEncoder().encode(text), mode: 'byte' }], {
    errorCorrectionLevel: 'Q',
  });
  const data = blank(width, height, paper).data;
  const side = symbol.modules.size * scale;
  for (let y = 0; y < Math.min(side, drawing.cropRows ?? side); y++) {
    for (let x = 0; x < side; x++) {
      if (!symbol.modules.get(Math.floor(y / scale), Math.floor(x / scale))) continue;
      const offset = ((at[1] + y) * width + at[0] + x) * 4;
      data.fill(ink, offset, offset + 3);
    }
  }
  return { data, width, height };
}

function blank(width: number, height: number, grey: number): RgbaFrame {
  const data = new Uint8ClampedArray(width * height * 4).fill(grey);
  for (let alpha = 3; alpha < data.length; alpha += 4) data[alpha] = 255;
  return { data, width, height };
}

/** Deterministic noise, so a failure reproduces. */
function noise(width: number, height: number): RgbaFrame {
  const data = new Uint8ClampedArray(width * height * 4);
  let seed = 0x2545f491;
  for (let index = 0; index < data.length; index++) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    data[index] = index % 4 === 3 ? 255 : seed & 0xff;
  }
  return { data, width, height };
}

describe('reading a share sheet’s QR code from a camera frame', () => {
  it('reads exactly the share text the sheet’s QR code holds', () => {
    expect(readQrFromFrame(frameWithQr(SHARE))).toBe(SHARE);
    // Smaller and off-centre, as a sheet held at arm's length.
    expect(readQrFromFrame(frameWithQr(SHARE, { scale: 4, at: [400, 250] }))).toBe(SHARE);
  });

  it('reads a yubihsm-manager hex share too: whatever the code holds goes to main to be judged', () => {
    const hex = `T-1-${'0123456789abcdef'.repeat(4)}`;
    expect(readQrFromFrame(frameWithQr(hex))).toBe(hex);
  });

  it('finds nothing in a frame without a QR code, in noise, or in half a code', () => {
    expect(readQrFromFrame(blank(640, 480, 235))).toBeNull();
    expect(readQrFromFrame(noise(320, 240))).toBeNull();
    expect(readQrFromFrame(frameWithQr(SHARE, { cropRows: 120 }))).toBeNull();
  });

  it('finds nothing in a frame smaller than it says, or empty', () => {
    const frame = frameWithQr(SHARE);
    expect(
      readQrFromFrame({
        data: frame.data.subarray(0, 1000),
        width: frame.width,
        height: frame.height,
      }),
    ).toBeNull();
    expect(readQrFromFrame({ data: new Uint8ClampedArray(0), width: 0, height: 0 })).toBeNull();
  });

  it('overwrites the frame once read, whether a code was found or not', () => {
    const found = frameWithQr(SHARE);
    expect(readQrFromFrame(found)).toBe(SHARE);
    expect(found.data.every((byte) => byte === 0)).toBe(true);
    const empty = noise(64, 48);
    expect(readQrFromFrame(empty)).toBeNull();
    expect(empty.data.every((byte) => byte === 0)).toBe(true);
  });
});
