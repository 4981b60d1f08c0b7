// One custodian's printed DKEK password share (issue 10 "Shares first": a printed sheet with QR
// where the plan asks; for n-of-m the prime, the id and the value with Custos's check word).
// Built on the share sheets' own parts (print/): the same self-contained document and CSP, the
// embedded fonts, the page style, the QR drawing and the rehearsal watermark. The QR code holds
// the share value exactly as printed (sc-hsm-tool's colon form), which is what the spot check
// and `dkek import` ask for. The sheet names its own custodian only. The HTML holds the share:
// it goes to the host's printer and nowhere else (never the ceremony folder or user data).

import { passwordShareCheckWord } from '../../dkek/check-word';
import { formatHexBytes, type PasswordShare } from '../../dkek/password-shares';
import { escapeHtml, printableDocument } from '../../print/printable-document';
import { shareQrCode } from '../../print/qr-svg';
import type { EmbeddedFont } from '../../print/sheet-fonts';
import { REHEARSAL_WATERMARK } from '../../print/sheet-html';
import { PAPER, type PaperSize } from '../../print/sheet-policy';
import { sheetStyle } from '../../print/sheet-style';

export interface PasswordShareSheet {
  ceremonyName: string;
  ceremonyId: string;
  custodian: string;
  /** The share file the set opens: its number and file name. */
  shareNumber: number;
  fileName: string;
  threshold: number;
  total: number;
  deviceSerial: string;
  rehearsal: boolean;
  toolVersion: string;
  share: PasswordShare;
}

export function renderPasswordShareSheet(
  sheet: PasswordShareSheet,
  options: { paper: PaperSize; fonts: readonly EmbeddedFont[]; screenNote?: string },
): string {
  const prime = formatHexBytes(sheet.share.prime);
  const value = formatHexBytes(sheet.share.value);
  const checkWord = passwordShareCheckWord(sheet.share.prime, sheet.share.id, sheet.share.value);
  const name = escapeHtml(sheet.custodian);
  const file = escapeHtml(sheet.fileName);
  const rehearsal = sheet.rehearsal
    ? `<div class="watermark" aria-hidden="true">${REHEARSAL_WATERMARK}</div>
<div class="rehearsal-banner">${REHEARSAL_WATERMARK} · made in a rehearsal on a simulated device; destroy it when the rehearsal ends</div>`
    : '';
  const cell = (label: string, content: string, note = '', kind = '') =>
    `<div${kind ? ` class="${kind}"` : ''}><div class="label">${label}</div><div class="value">${content}</div>${note ? `<div class="note">${note}</div>` : ''}</div>`;
  const line = (label: string, text: string) =>
    `<tr><td class="number">${label}</td><td class="text mono">${escapeHtml(text)}</td></tr>`;
  const body = `${options.screenNote ? `<p class="screen-note">${escapeHtml(options.screenNote)}</p>\n` : ''}<main class="sheet">
${rehearsal}
<header>
<div><div class="label">Custos · DKEK password share sheet</div><h1>${escapeHtml(sheet.ceremonyName)}</h1></div>
<div class="share-of"><div class="label">Password share</div><div class="big">${sheet.share.id} of ${sheet.total}</div><div>any ${sheet.threshold} open ${file}</div></div>
</header>
<section class="facts">
${cell('Custodian', name, `holds password share ${sheet.share.id} of ${sheet.total}`, 'custodian')}
${cell('Share file', `${file}`, `DKEK share ${sheet.shareNumber}`)}
${cell('Check word', `<span class="mono">${escapeHtml(checkWord)}</span>`, 'Custos checks each share against it')}
${cell('Ceremony id', `<span class="mono id">${escapeHtml(sheet.ceremonyId)}</span>`)}
${cell('Device serial', `${escapeHtml(sheet.deviceSerial)}${sheet.rehearsal ? ' (simulated)' : ''}`)}
${cell('Threshold', `${sheet.threshold} of ${sheet.total}`, 'fewer reveal nothing of the password')}
</section>
<section class="share">
<div>
<h2>Your password share (sc-hsm-tool's three lines)</h2>
<p class="hint">Type these into sc-hsm-tool or Custos when ${file} is imported. The QR code holds the share value exactly as printed.</p>
<table class="lines"><tbody>
${line('Prime', prime)}
${line('Share ID', String(sheet.share.id))}
${line('Share value', value)}
</tbody></table>
</div>
<figure class="qr">${shareQrCode(value).svg}<figcaption>QR code of the share value, as printed.</figcaption></figure>
</section>
<section class="instructions">
<div><h3>Keep it safe</h3><p>Seal this sheet in a tamper-evident envelope, apart from ${file} and from the other custodians. Do not photograph, scan or copy it. Any ${sheet.threshold} of the ${sheet.total} password shares open the file.</p></div>
<div><h3>Typing it back</h3><p>Custos reads the Share ID in decimal, as printed; sc-hsm-tool reads it as hex (the same for 1 to 9). The check word is Custos's own: sc-hsm-tool does not ask for it.</p></div>
</section>
<div class="signatures">
<section><h3>Custodian: I received this share and checked it</h3><div class="row"><span class="label">Name</span><span class="fill">${name}</span></div><div class="row"><span class="label">Signature</span><span class="fill"></span></div></section>
<section><h3>Witness: I saw the custodian receive it</h3><div class="row"><span class="label">Name</span><span class="fill"></span></div><div class="row"><span class="label">Signature</span><span class="fill"></span></div></section>
</div>
<footer><span>Custos ${escapeHtml(sheet.toolVersion)} · ceremony ${escapeHtml(sheet.ceremonyId)} · DKEK share ${sheet.shareNumber}, password share ${sheet.share.id} of ${sheet.total} · ${PAPER[options.paper].css === 'A4' ? 'A4' : 'US Letter'}</span><span>Page 1 of 1</span></footer>
</main>`;
  const title = `${sheet.rehearsal ? 'Rehearsal · ' : ''}Password share ${sheet.share.id} of ${sheet.total} · ${sheet.ceremonyName}`;
  return printableDocument({ title, style: sheetStyle(options.paper, options.fonts), body });
}
