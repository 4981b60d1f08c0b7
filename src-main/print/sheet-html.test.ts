import { beforeAll, describe, expect, it } from 'vitest';
import { toCheckedLines } from '../../shared/shares/checked-lines';
import type { ShareSheetContent } from './sheet-content';
import { loadSheetFonts, type EmbeddedFont } from './sheet-fonts';
import { escapeHtml } from './printable-document';
import { REHEARSAL_WATERMARK, renderShareSheet } from './sheet-html';
import { SPEC_THREE_OF_FIVE } from './testing/rehearsal-ceremony';

let fonts: EmbeddedFont[];
beforeAll(async () => {
  fonts = await loadSheetFonts();
});

const CONTENT: ShareSheetContent = {
  ceremonyName: 'Payments HSM 2026',
  ceremonyId: '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b',
  ceremonyDate: '2026-05-14',
  custodianName: 'Grace Hopper',
  shareNumber: 2,
  shareCount: 5,
  threshold: 3,
  share: SPEC_THREE_OF_FIVE[1],
  shareFormat: 'yubihsm-setup',
  wrapKeyId: 2,
  kcv: 'F29000',
  deviceSerial: 12345678,
  simulatedDevice: false,
  rehearsal: false,
  toolVersion: '0.1.0',
};

const render = (content: Partial<ShareSheetContent> = {}, paper: 'a4' | 'letter' = 'a4') =>
  renderShareSheet({ ...CONTENT, ...content }, { paper, fonts });

describe('renderShareSheet', () => {
  it('is self-contained: its own CSP, no script, fonts as data: URLs, no network or file URL', () => {
    const html = render();
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:">`,
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    // base64 has no ':' so a scheme can only be a real URL; http-equiv is an attribute name.
    expect(html).not.toMatch(/\b(?:https?|file|ftp|wss?|blob):/i);
    expect(html).not.toMatch(/url\((?!data:)/);
    expect(html).not.toMatch(/\s(?:src|href)=/i);
    expect(html.match(/src:url\(data:font\/woff2;base64,/g)).toHaveLength(fonts.length);
    expect(html).toContain('<svg viewBox=');
  });

  it('sets the page size for the chosen paper', () => {
    expect(render({}, 'a4')).toContain('@page{size:A4 portrait;');
    expect(render({}, 'letter')).toContain('@page{size:letter portrait;');
  });

  it('shows the share in the checked lines used on screen, and says what the check characters are', () => {
    const html = render();
    for (const line of toCheckedLines(CONTENT.share)) {
      const groups = line.groups.map((group) => `<span>${escapeHtml(group)}</span>`).join('');
      expect(html).toContain(
        `<td class="number">${line.number}</td><td class="text mono">${groups}</td><td class="check mono">${escapeHtml(line.check)}</td>`,
      );
    }
    expect(html).toContain(
      'The last column is a check character for each line: it is not part of the share.',
    );
    expect(html).toContain(
      'The spaces and the check characters are only for reading and checking.',
    );
  });

  it('says who holds it and how many restore, and the facts an auditor checks', () => {
    const html = render();
    expect(html).toContain('<div class="big">2 of 5</div><div>any 3 restore the wrap key</div>');
    for (const fact of [
      'Grace Hopper',
      '2026-05-14',
      'F29000',
      '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b',
      '12345678',
      'id <span class="mono">0x0002</span>',
    ])
      expect(html).toContain(fact);
    expect(html).toContain(
      'In yubihsm-setup restore, type the share text as one line with no spaces and no check characters, or scan the QR code.',
    );
    expect(render({ shareFormat: 'yubihsm-manager' })).toContain(
      'In yubihsm-manager, type the share text',
    );
  });

  it('prints the contact line from the plan, or a line to write one on', () => {
    expect(render({ contact: 'Security desk, ext. 4410' })).toContain(
      'call: <strong>Security desk, ext. 4410</strong>',
    );
    expect(render()).toContain('call: <span class="write-line"></span>');
  });

  it('carries the rehearsal watermark and banner only on rehearsal sheets', () => {
    const rehearsal = render({ rehearsal: true, simulatedDevice: true });
    expect(rehearsal).toContain(
      `<div class="watermark" aria-hidden="true">${REHEARSAL_WATERMARK}</div>`,
    );
    expect(rehearsal).toContain(`<div class="rehearsal-banner">${REHEARSAL_WATERMARK}`);
    expect(rehearsal).toContain('12345678 (simulated)');
    const real = render();
    expect(real).not.toContain('REHEARSAL');
    expect(real).not.toContain('class="watermark"');
  });

  it('treats names typed by people as text, never as markup', () => {
    const html = render({
      custodianName: '<img src=x onerror=alert(1)>',
      ceremonyName: 'A & B "keys"',
      contact: "O'Brien <desk>",
    });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('A &amp; B &quot;keys&quot;');
    expect(html).toContain('O&#39;Brien &lt;desk&gt;');
  });

  it('shows a note on screen only when asked, as text, and keeps it out of print', () => {
    expect(render()).not.toContain('class="screen-note"');
    const html = renderShareSheet(CONTENT, {
      paper: 'a4',
      fonts,
      screenNote: 'Press Ctrl+P <now>',
    });
    expect(html).toContain('<p class="screen-note">Press Ctrl+P &lt;now&gt;</p>');
    expect(html).toContain('@media print{.screen-note{display:none}}');
  });

  it('does not promise that one share reveals nothing when the threshold is 1', () => {
    expect(render()).toContain(
      'Any 3 of the 5 shares rebuild the wrap key; fewer reveal nothing about it.',
    );
    const single = render({
      threshold: 1,
      shareCount: 1,
      shareNumber: 1,
      share: '1-1-AAIAAQAAAAAAADAAAAAAAAEFOfAAAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHw',
    });
    expect(single).toContain('With a threshold of 1 this share alone restores the wrap key.');
    expect(single).not.toContain('reveal nothing');
  });
});
