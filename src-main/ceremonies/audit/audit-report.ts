// The printable share-audit report (issue 12 §1): one self-contained HTML page in the share
// sheets' shell, with the date, the ceremony, who took part, which shares were proven against
// their commitments, the check value the set rebuilt and signature lines. Nothing secret: share
// numbers, names and the check value only.

import type { CeremonyRecord, ShareAuditRecord } from '../../../shared/records/ceremony-record';
import { embeddedFontFaces, escapeHtml, printableDocument } from '../../print/printable-document';
import type { EmbeddedFont } from '../../print/sheet-fonts';

const STYLE = `
@page{size:A4 portrait;margin:14mm}
*{box-sizing:border-box;margin:0;padding:0}
body{font-family:'IBM Plex Sans',sans-serif;font-size:9.5pt;line-height:1.4;color:#000;background:#fff}
.mono{font-family:'JetBrains Mono',monospace;font-variant-ligatures:none}
h1{font-size:17pt;font-weight:600;margin:2mm 0 1mm}
h2{font-size:11pt;font-weight:600;margin:5mm 0 1.5mm}
.label{font-size:7pt;font-weight:600;letter-spacing:.09em;text-transform:uppercase}
.banner{border:1.6pt solid #000;padding:1.6mm 3mm;font-weight:600;text-align:center;margin-bottom:3mm}
.verdict{border:2pt solid #000;padding:3mm 4mm;font-size:12pt;font-weight:600;margin:3mm 0}
.facts{display:grid;grid-template-columns:1fr 1fr 1fr;border:.8pt solid #000}
.facts>div{padding:1.4mm 2.4mm;border-right:.5pt solid #000;border-bottom:.5pt solid #000}
table{border-collapse:collapse;width:100%}
th,td{border:.5pt solid #000;padding:.7mm 1.4mm;text-align:left;font-size:9pt}
th{font-size:7pt;text-transform:uppercase;letter-spacing:.06em}
td.bad{font-weight:700}
.signatures{display:grid;grid-template-columns:1fr 1fr;gap:7mm;margin-top:5mm;break-inside:avoid}
.signatures section{border:.8pt solid #000;padding:2mm 3mm}
.row{display:flex;gap:2mm;align-items:flex-end;height:7mm}
.row .fill{flex:1;border-bottom:.8pt solid #000}
footer{margin-top:4mm;border-top:.8pt solid #000;padding-top:1.4mm;font-size:7pt;overflow-wrap:anywhere}
`;

export interface AuditReportContext {
  record: CeremonyRecord;
  toolVersion: string;
  /** SHA-256 of the transcript's last line before the audit was recorded. */
  transcriptHead: string;
}

/** The audit's verdict as the witness reads it. */
export function auditVerdict(entry: ShareAuditRecord, recordedKcv: string): string {
  if (entry.outcome === 'not-proven')
    return `The shares were NOT proven: ${entry.reason ?? 'see the rows marked in capitals below'}`;
  const set =
    entry.shareSet === 'superseded'
      ? ' They are shares of a set a reshare replaced: they still rebuild the wrap key.'
      : '';
  return `Every share entered matches its custodian's commitment in the record, and together they rebuild the recorded wrap key (check value ${recordedKcv}).${set}`;
}

export function renderAuditReport(
  entry: ShareAuditRecord,
  context: AuditReportContext,
  fonts: readonly EmbeddedFont[],
): string {
  const { record } = context;
  const wrapKey = record.wrapKey!;
  const rows = [
    ...entry.proven.map((s) => ({ ...s, result: 'Proven' })),
    ...entry.wrong.map((s) => ({ ...s, result: 'WRONG: not the recorded share' })),
  ]
    .sort((a, b) => a.shareNumber - b.shareNumber)
    .map(
      (s) =>
        `<tr><td>${s.shareNumber}</td><td>${escapeHtml(s.custodian)}</td><td${s.result === 'Proven' ? '' : ' class="bad"'}>${escapeHtml(s.result)}</td></tr>`,
    )
    .join('\n');
  const row = (label: string) =>
    `<div class="row"><span class="label">${label}</span><span class="fill"></span></div>`;
  const body = `${record.rehearsal ? '<div class="banner">REHEARSAL — this audit proves nothing about real shares</div>' : ''}
<div class="label">Custos · share audit report</div>
<h1>${escapeHtml(record.name)}</h1>
<div class="verdict">${escapeHtml(auditVerdict(entry, wrapKey.kcv))}</div>
<section class="facts">
<div><div class="label">Audited at</div>${escapeHtml(entry.at)}</div>
<div><div class="label">Ceremony id</div><span class="mono">${escapeHtml(record.id)}</span></div>
<div><div class="label">Recorded check value</div><span class="mono">${escapeHtml(wrapKey.kcv)}</span></div>
<div><div class="label">Threshold</div>${wrapKey.threshold} of ${wrapKey.shareCount}</div>
<div><div class="label">Share set</div>${entry.shareSet === 'current' ? 'current' : 'superseded by a reshare'}</div>
<div><div class="label">Rebuilt check value</div><span class="mono">${escapeHtml(entry.kcv ?? 'none')}</span></div>
</section>
<h2>Who took part and which shares were proven</h2>
<table><thead><tr><th>Share</th><th>Custodian</th><th>Result</th></tr></thead><tbody>
${rows}
</tbody></table>
<p style="margin-top:2mm">No device was used. Each share was checked against its custodian's salted commitment in ceremony.json; the set was recombined and its check value compared with the record. No share was written anywhere.</p>
<div class="signatures">
<section><div class="label">Auditor</div>${row('Name')}${row('Signature')}${row('Date')}</section>
<section><div class="label">Witness</div>${row('Name')}${row('Signature')}${row('Date')}</section>
</div>
<footer>Custos ${escapeHtml(context.toolVersion)} · ${escapeHtml(entry.report)} · transcript head before this audit <span class="mono">${escapeHtml(context.transcriptHead)}</span></footer>`;
  return printableDocument({
    title: `${record.rehearsal ? 'Rehearsal · ' : ''}Share audit · ${record.name}`,
    style: `${embeddedFontFaces(fonts)}\n${STYLE}`,
    body,
  });
}
