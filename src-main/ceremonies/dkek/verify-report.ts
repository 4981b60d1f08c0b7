// The printable report of a DKEK clone's verification for the witness, in the share sheets'
// shell like the YubiHSM 2 one (print/printable-document.ts: embedded fonts, strict CSP, no
// script): the verdict, the KCV compared, each key's checks and signature proof, the
// transcript head and signature lines. Public facts only.

import type { EmbeddedFont } from '../../print/sheet-fonts';
import { embeddedFontFaces, escapeHtml, printableDocument } from '../../print/printable-document';
import type { VerificationEntry } from './backup-record';

const STYLE = `
@page{size:A4 portrait;margin:14mm}
*{box-sizing:border-box;margin:0;padding:0}
body{font-family:'IBM Plex Sans',sans-serif;font-size:9pt;line-height:1.4;color:#000;background:#fff}
.mono{font-family:'JetBrains Mono',monospace}
h1{font-size:17pt;font-weight:600;margin:2mm 0 1mm}
h2{font-size:11pt;font-weight:600;margin:5mm 0 1.5mm}
.banner{border:1.6pt solid #000;padding:1.6mm 3mm;font-weight:600;text-align:center;margin-bottom:3mm}
.verdict{border:2pt solid #000;padding:3mm 4mm;font-size:13pt;font-weight:600;margin:3mm 0}
table{border-collapse:collapse;width:100%}
th,td{border:.5pt solid #000;padding:.7mm 1.4mm;text-align:left;vertical-align:top;font-size:8.5pt}
tr{break-inside:avoid}
td.bad{font-weight:700}
.signatures{display:grid;grid-template-columns:1fr 1fr;gap:7mm;margin-top:6mm}
.signatures section{border:.8pt solid #000;padding:2mm 3mm;height:22mm}
footer{margin-top:4mm;border-top:.8pt solid #000;padding-top:1.4mm;font-size:7pt;overflow-wrap:anywhere}
`;

export interface DkekReportContext {
  ceremonyName: string;
  ceremonyId: string;
  rehearsal: boolean;
  primarySerial: string;
  transcriptHead: string;
}

function keyRows(entry: VerificationEntry): string {
  return entry.keys
    .map((key) =>
      key.checks
        .map((check, index) => {
          const first = index === 0;
          const head = first
            ? `<td rowspan="${key.checks.length}" class="mono">${key.keyReference}</td><td rowspan="${key.checks.length}">${escapeHtml(key.label ?? '')}</td>`
            : '';
          return `<tr>${head}<td>${escapeHtml(check.what)}</td><td${check.ok ? '' : ' class="bad"'}>${check.ok ? 'Match' : 'MISMATCH'}</td><td>${escapeHtml(check.detail)}</td></tr>`;
        })
        .join(''),
    )
    .join('');
}

export function renderDkekVerificationReport(
  entry: VerificationEntry,
  context: DkekReportContext,
  fonts: readonly EmbeddedFont[],
): string {
  const verified = entry.verdict === 'verified';
  const proven = entry.keys.filter((k) => k.proof === 'proven').length;
  const body = `
${context.rehearsal ? '<div class="banner">REHEARSAL — simulated devices; these keys protect nothing</div>' : ''}
<h1>DKEK clone verification</h1>
<p>${escapeHtml(context.ceremonyName)} · ceremony <span class="mono">${escapeHtml(context.ceremonyId)}</span></p>
<p>Primary <span class="mono">${escapeHtml(context.primarySerial)}</span> · clone <span class="mono">${escapeHtml(entry.device.serial ?? 'unknown')}</span> (${escapeHtml(entry.device.version)}) · ${escapeHtml(entry.at)}</p>
<div class="verdict">${verified ? `VERIFIED: the clone holds the recorded DKEK and every recorded key; ${proven} signing key${proven === 1 ? '' : 's'} proven.` : 'DIFFERS: the clone does not match the record; see the rows marked MISMATCH.'}</div>
<h2>DKEK check value</h2>
<table><tr><th>recorded</th><th>on the clone</th><th>result</th></tr>
<tr><td class="mono">${escapeHtml(entry.expectedKcv)}</td><td class="mono">${escapeHtml(entry.foundKcv)}</td><td${entry.expectedKcv === entry.foundKcv ? '' : ' class="bad"'}>${entry.expectedKcv === entry.foundKcv ? 'Match' : 'MISMATCH'}</td></tr></table>
<h2>Keys</h2>
<table><tr><th>key ref</th><th>label</th><th>check</th><th>result</th><th>detail</th></tr>${keyRows(entry)}</table>
${entry.extra.length > 0 ? `<p class="bad"><strong>EXTRA on the clone (not in the record): key reference ${entry.extra.join(', ')}</strong></p>` : ''}
<div class="signatures"><section>Administrator: name, signature, date</section><section>Witness: name, signature, date</section></div>
<footer>Transcript head before this report: <span class="mono">${escapeHtml(context.transcriptHead)}</span>. Written by Custos; this page holds no share, password, PIN or key.</footer>`;
  return printableDocument({
    title: `DKEK clone verification — ${context.ceremonyName}`,
    style: `${embeddedFontFaces(fonts)}\n${STYLE}`,
    body,
  });
}
