// One custodian's share sheet as a single self-contained HTML document (brief §1–2): the QR
// code is inline SVG, the fonts are data: URLs, the CSP allows nothing else and no script runs
// (printable-document.ts), so Electron and the browser host print the same page.

import { toCheckedLines } from '../../shared/shares/checked-lines';
import { shareQrCode } from './qr-svg';
import type { ShareSheetContent } from './sheet-content';
import type { EmbeddedFont } from './sheet-fonts';
import { escapeHtml, printableDocument } from './printable-document';
import { PAPER, type PaperSize } from './sheet-policy';
import { sheetStyle } from './sheet-style';

export const REHEARSAL_WATERMARK = 'REHEARSAL — NOT A REAL SHARE';

export interface RenderSheetOptions {
  paper: PaperSize;
  fonts: readonly EmbeddedFont[];
  /** A line shown on screen above the sheet (how to print it); it never prints. */
  screenNote?: string;
}

function toolName(content: ShareSheetContent): string {
  return content.shareFormat === 'yubihsm-manager' ? 'yubihsm-manager' : 'yubihsm-setup restore';
}

function hex4(id: number): string {
  return `0x${id.toString(16).padStart(4, '0')}`;
}

function header(content: ShareSheetContent): string {
  return `<header>
<div><div class="label">Custos · wrap-key share sheet</div><h1>${escapeHtml(content.ceremonyName)}</h1></div>
<div class="share-of"><div class="label">Share</div><div class="big">${content.shareNumber} of ${content.shareCount}</div><div>any ${content.threshold} restore the wrap key</div></div>
</header>`;
}

function facts(content: ShareSheetContent): string {
  const serial = `${content.deviceSerial}${content.simulatedDevice ? ' (simulated)' : ''}`;
  const cells: [string, string, string?, string?][] = [
    [
      'Custodian',
      escapeHtml(content.custodianName),
      `holds share ${content.shareNumber} of ${content.shareCount}`,
      'custodian',
    ],
    ['Ceremony date', content.ceremonyDate],
    [
      'Wrap-key check value',
      `<span class="mono">${escapeHtml(content.kcv)}</span>`,
      'a restore checks the key against it',
    ],
    ['Ceremony id', `<span class="mono id">${escapeHtml(content.ceremonyId)}</span>`],
    ['Primary YubiHSM 2 serial', escapeHtml(serial)],
    [
      'Wrap key',
      `id <span class="mono">${hex4(content.wrapKeyId)}</span>`,
      `${content.shareFormat} share format`,
    ],
  ];
  const html = cells
    .map(
      ([label, value, note, kind]) =>
        `<div${kind ? ` class="${kind}"` : ''}><div class="label">${label}</div><div class="value">${value}</div>${note ? `<div class="note">${note}</div>` : ''}</div>`,
    )
    .join('');
  return `<section class="facts">${html}</section>`;
}

function shareBlock(content: ShareSheetContent): string {
  const rows = toCheckedLines(content.share)
    .map((line) => {
      const groups = line.groups.map((group) => `<span>${escapeHtml(group)}</span>`).join('');
      return `<tr><td class="number">${line.number}</td><td class="text mono">${groups}</td><td class="check mono">${escapeHtml(line.check)}</td></tr>`;
    })
    .join('\n');
  const qr = shareQrCode(content.share);
  return `<section class="share">
<div>
<h2>Your share</h2>
<p class="hint">Copy and read it in groups of four. The last column is a check character for each line: it is not part of the share.</p>
<table class="lines"><thead><tr><th>Line</th><th>Share text</th><th>Check</th></tr></thead><tbody>
${rows}
</tbody></table>
<p class="glyphs">Letters are case-sensitive.<span class="mono">0</span>zero<span class="mono">O</span>capital o<span class="mono">1</span>one<span class="mono">l</span>small L<span class="mono">I</span>capital i</p>
</div>
<figure class="qr">${qr.svg}<figcaption>QR code of the share exactly as it is typed: one line, no spaces, no check characters.</figcaption></figure>
</section>`;
}

function instructions(content: ShareSheetContent): string {
  const alone =
    content.threshold === 1
      ? 'With a threshold of 1 this share alone restores the wrap key.'
      : `Any ${content.threshold} of the ${content.shareCount} shares rebuild the wrap key; fewer reveal nothing about it.`;
  const contact = content.contact
    ? `<strong>${escapeHtml(content.contact)}</strong>`
    : '<span class="write-line"></span>';
  return `<section class="instructions">
<div><h3>Keep it safe</h3><p>Seal this sheet in a tamper-evident envelope and store it where only you can reach it, such as a safe. Do not photograph, scan or copy it. ${alone}</p></div>
<div><h3>Who to call</h3><p>If the sheet is lost, damaged, seen by someone else, or anyone asks you for it outside a planned restore, call: ${contact}</p></div>
<div><h3>Reading it</h3><p>The spaces and the check characters are only for reading and checking. The share itself is the ${content.share.length} characters of the share text, starting <span class="mono">${content.threshold}-${content.shareNumber}-</span>.</p></div>
<div><h3>Typing it back</h3><p>In Custos, type each line as printed, check character included: every line is checked as you go. In ${toolName(content)}, type the share text as one line with no spaces and no check characters, or scan the QR code.</p></div>
</section>`;
}

function signatures(content: ShareSheetContent): string {
  const row = (label: string, fill = '') =>
    `<div class="row"><span class="label">${label}</span><span class="fill">${fill}</span></div>`;
  return `<div class="signatures">
<section><h3>Custodian: I received this share and checked it</h3>${row('Name', escapeHtml(content.custodianName))}${row('Signature')}${row('Date')}</section>
<section><h3>Witness: I saw the custodian receive it</h3>${row('Name')}${row('Signature')}${row('Date')}</section>
</div>`;
}

function footer(content: ShareSheetContent, paper: PaperSize): string {
  return `<footer><span>Custos ${escapeHtml(content.toolVersion)} · ceremony ${escapeHtml(content.ceremonyId)} · share ${content.shareNumber} of ${content.shareCount} · ${PAPER[paper].css === 'A4' ? 'A4' : 'US Letter'}</span><span>Page 1 of 1</span></footer>`;
}

/** Renders one custodian's sheet. The document holds the share: never log it or cache it. */
export function renderShareSheet(content: ShareSheetContent, options: RenderSheetOptions): string {
  const rehearsal = content.rehearsal
    ? `<div class="rehearsal-banner">${REHEARSAL_WATERMARK} · made in a rehearsal on a simulated device; destroy it when the rehearsal ends</div>`
    : '';
  const watermark = content.rehearsal
    ? `<div class="watermark" aria-hidden="true">${REHEARSAL_WATERMARK}</div>`
    : '';
  const title = `${content.rehearsal ? 'Rehearsal · ' : ''}Share ${content.shareNumber} of ${content.shareCount} · ${content.ceremonyName}`;
  const body = `${options.screenNote ? `<p class="screen-note">${escapeHtml(options.screenNote)}</p>\n` : ''}<main class="sheet">
${watermark}
${rehearsal}
${header(content)}
${facts(content)}
${shareBlock(content)}
${instructions(content)}
${signatures(content)}
${footer(content, options.paper)}
</main>`;
  return printableDocument({ title, style: sheetStyle(options.paper, options.fonts), body });
}
