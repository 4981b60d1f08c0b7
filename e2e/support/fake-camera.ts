// A camera for Chromium made from a file: `--use-fake-device-for-media-stream` lists a fake
// camera, `--use-file-for-fake-video-capture` makes it play a Y4M file, and
// `--use-fake-ui-for-media-stream` answers the "allow the camera?" prompt with yes. Chromium
// opens the file when the page starts the camera, so a spec writes the picture (a share sheet's
// QR code, drawn by the sheet's own QR module) after the share is known and before it scans.
//
// Y4M is a header line, then per frame "FRAME\n" and the Y, U and V planes (4:2:0: U and V at
// half width and height). A black-and-white picture is all Y; U and V stay neutral (128).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QUIET_ZONE_MODULES, shareQrCode } from '../../src-main/print/qr-svg';

const WIDTH = 640;
const HEIGHT = 480;
/** Camera pixels per QR module: a sheet held a hand's width from a laptop camera. */
const MODULE_PIXELS = 7;
const PAPER = 235;
const INK = 16;

export class FakeCamera {
  private readonly folder = mkdtempSync(join(tmpdir(), 'custos-e2e-camera-'));
  readonly file = join(this.folder, 'camera.y4m');

  constructor() {
    // The fake camera reads the file's size when Chromium lists it: a blank sheet until told.
    this.showNothing();
  }

  /** Chromium flags for the browser of the spec that uses this camera. */
  flags(): string[] {
    return [
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${this.file}`,
      '--use-fake-ui-for-media-stream',
    ];
  }

  /** From the next start of the camera, it sees a sheet whose QR code holds `text`. */
  showQr(text: string): void {
    const code = shareQrCode(text);
    const side = (code.size + 2 * QUIET_ZONE_MODULES) * MODULE_PIXELS;
    const left = Math.floor((WIDTH - side) / 2);
    const top = Math.floor((HEIGHT - side) / 2);
    const luma = Buffer.alloc(WIDTH * HEIGHT, PAPER);
    for (let row = 0; row < code.size; row++) {
      for (let column = 0; column < code.size; column++) {
        if (!code.dark(row, column)) continue;
        const x = left + (column + QUIET_ZONE_MODULES) * MODULE_PIXELS;
        for (let line = 0; line < MODULE_PIXELS; line++) {
          const y = top + (row + QUIET_ZONE_MODULES) * MODULE_PIXELS + line;
          luma.fill(INK, y * WIDTH + x, y * WIDTH + x + MODULE_PIXELS);
        }
      }
    }
    this.write(luma);
  }

  /** A blank sheet: no QR code at all. */
  showNothing(): void {
    this.write(Buffer.alloc(WIDTH * HEIGHT, PAPER));
  }

  remove(): void {
    rmSync(this.folder, { recursive: true, force: true });
  }

  private write(luma: Buffer): void {
    const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128);
    writeFileSync(
      this.file,
      Buffer.concat([
        Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\nFRAME\n`),
        luma,
        chroma,
      ]),
    );
  }
}
