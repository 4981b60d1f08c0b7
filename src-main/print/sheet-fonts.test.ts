import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHEET_FONT_FACES, loadSheetFonts, sourceTreeFontsDirectory } from './sheet-fonts';

const scratch = mkdtempSync(join(tmpdir(), 'custos-fonts-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('loadSheetFonts', () => {
  it('embeds every sheet face from assets/fonts as a WOFF2 data: URL', async () => {
    const fonts = await loadSheetFonts();
    expect(fonts.map((font) => `${font.family} ${font.weight}`)).toEqual(
      SHEET_FONT_FACES.map((face) => `${face.family} ${face.weight}`),
    );
    for (const font of fonts) {
      expect(font.dataUrl).toMatch(/^data:font\/woff2;base64,[A-Za-z0-9+/]+=*$/);
      expect(
        Buffer.from(font.dataUrl.split(',')[1]!, 'base64').subarray(0, 4).toString('latin1'),
      ).toBe('wOF2');
    }
  });

  it('names the missing font and what to do when the folder is incomplete', async () => {
    const folder = join(scratch, 'incomplete');
    mkdirSync(folder);
    await expect(loadSheetFonts(folder)).rejects.toThrow(
      `the share sheet font ${SHEET_FONT_FACES[0]!.file} cannot be read from ${folder}; reinstall Custos`,
    );
  });

  it('refuses a file that is not a WOFF2 font rather than printing in a fallback face', async () => {
    const folder = join(scratch, 'damaged');
    mkdirSync(folder);
    for (const face of SHEET_FONT_FACES)
      copyFileSync(join(sourceTreeFontsDirectory(), face.file), join(folder, face.file));
    writeFileSync(join(folder, SHEET_FONT_FACES[1]!.file), 'not a font');
    await expect(loadSheetFonts(folder)).rejects.toThrow(/is not a WOFF2 font/);
  });
});
