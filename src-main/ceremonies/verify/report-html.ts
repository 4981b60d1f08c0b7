// The printable verification report for the witness: one self-contained HTML page in the share
// sheets' shell (print/printable-document.ts: fonts as data: URLs, strict CSP, no script), with
// the verdict, the object-by-object match table, the signature checks and signature lines. It
// holds no secret: ids, labels, capability masks and serials only.

import { cloneVerdict } from '../../../shared/ceremony/clone-verdict';
import type { SignatureCheck, VerificationRecord } from '../../../shared/records/ceremony-record';
import type { EmbeddedFont } from '../../print/sheet-fonts';
import { embeddedFontFaces, escapeHtml, printableDocument } from '../../print/printable-document';
import { hexId } from '../common/objects';

export interface ReportContext {
  ceremonyName: string;
  ceremonyId?: string;
  toolVersion: string;
  rehearsal: boolean;
  /** SHA-256 of the transcript's last line before the report was written, when there is a record. */
  transcriptHead?: string;
}

const STATUS_WORDS: Readonly<Record<string, string>> = {
  match: 'Match',
  mismatch: 'MISMATCH',
  missing: 'MISSING on the clone',
  extra: 'EXTRA on the clone',
  'not-backed-up': 'Not backed up (not expected)',
  verified: 'Verified',
  failed: 'FAILED',
  'not-checked': 'NOT CHECKED',
};

const STYLE = `
@page{size:A4 portrait;margin:14mm 14mm 14mm 14mm}
*{box-sizing:border-box;margin:0;padding:0}
body{font-family:'IBM Plex Sans',sans-serif;font-size:9pt;line-height:1.4;color:#000;background:#fff}
.mono{font-family:'JetBrains Mono',monospace;font-variant-ligatures:none}
h1{font-size:17pt;font-weight:600;margin:2mm 0 1mm}
h2{font-size:11pt;font-weight:600;margin:5mm 0 1.5mm}
.label{font-size:7pt;font-weight:600;letter-spacing:.09em;text-transform:uppercase}
.banner{border:1.6pt solid #000;padding:1.6mm 3mm;font-weight:600;text-align:center;margin-bottom:3mm}
.verdict{border:2pt solid #000;padding:3mm 4mm;font-size:13pt;font-weight:600;margin:3mm 0}
.facts{display:grid;grid-template-columns:1fr 1fr 1fr;border:.8pt solid #000}
.facts>div{padding:1.4mm 2.4mm;border-right:.5pt solid #000;border-bottom:.5pt solid #000}
table{border-collapse:collapse;width:100%}
th,td{border:.5pt solid #000;padding:.7mm 1.4mm;text-align:left;vertical-align:top;font-size:8.5pt}
tr{break-inside:avoid}
th{font-size:7pt;text-transform:uppercase;letter-spacing:.06em}
td.bad{font-weight:700}
.closing{break-inside:avoid}
.signatures{display:grid;grid-template-columns:1fr 1fr;gap:7mm;margin-top:5mm}
.signatures section{border:.8pt solid #000;padding:2mm 3mm}
.row{display:flex;gap:2mm;align-items:flex-end;height:7mm}
.row .fill{flex:1;border-bottom:.8pt solid #000}
footer{margin-top:4mm;border-top:.8pt solid #000;padding-top:1.4mm;font-size:7pt;overflow-wrap:anywhere}
`;

function objectRows(entry: VerificationRecord): string {
  return entry.objects
    .map((o) => {
      const bad = o.status === 'mismatch' || o.status === 'missing' || o.status === 'extra';
      const differences = o.differences
        .map(
          (d) =>
            `${escapeHtml(d.field)}: expected <span class="mono">${escapeHtml(d.expected)}</span>, clone has <span class="mono">${escapeHtml(d.actual)}</span>`,
        )
        .join('<br>');
      return `<tr><td class="mono">${hexId(o.objectId)}</td><td>${escapeHtml(o.type)}</td><td>${escapeHtml(o.label)}</td><td${bad ? ' class="bad"' : ''}>${STATUS_WORDS[o.status]}</td><td>${differences}</td></tr>`;
    })
    .join('\n');
}

function signatureRows(signatures: readonly SignatureCheck[]): string {
  if (signatures.length === 0)
    return '<tr><td colspan="4">The clone holds no asymmetric signing key.</td></tr>';
  return signatures
    .map(
      (s) =>
        `<tr><td class="mono">${hexId(s.objectId)}</td><td>${escapeHtml(s.algorithm)}</td><td${s.status !== 'verified' ? ' class="bad"' : ''}>${STATUS_WORDS[s.status]}</td><td>${escapeHtml(s.detail)}</td></tr>`,
    )
    .join('\n');
}

/** The device's attestation of the keys it generated; older entries have none to show. */
function attestationSection(entry: VerificationRecord): string {
  const attestation = entry.attestation;
  if (!attestation) return '<p>Not checked by this version of Custos.</p>';
  const device = attestation.deviceCertificate
    ? `<p>Device attestation certificate (GET OPAQUE 0): subject ${escapeHtml(attestation.deviceCertificate.subject.replace(/\n/g, ', '))}, issuer ${escapeHtml(attestation.deviceCertificate.issuer.replace(/\n/g, ', '))}${attestation.deviceCertificate.selfSigned ? ' (self-signed)' : ''}, SHA-256 <span class="mono">${attestation.deviceCertificate.sha256}</span>. Custos does not check it against Yubico's CA: compare its issuer and digest with Yubico's published chain.</p>`
    : '';
  if (!attestation.available)
    return `${device}<p>${escapeHtml(attestation.reason ?? 'Not available.')}</p>`;
  const rows = attestation.keys
    .map(
      (k) =>
        `<tr><td class="mono">${hexId(k.objectId)}</td><td>${escapeHtml(k.algorithm)}</td><td${k.status === 'failed' ? ' class="bad"' : ''}>${k.status === 'attested' ? 'attested' : 'FAILED'}</td><td>${escapeHtml(k.detail)}</td></tr>`,
    )
    .join('\n');
  return `${device}<table><thead><tr><th>Id</th><th>Algorithm</th><th>Result</th><th>What was checked</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

/** The verdict as the witness reads it; a signing key not checked is named, never counted as signed. */
function verdictSentence(entry: VerificationRecord): string {
  const verdict = cloneVerdict(entry);
  if (verdict === 'matches') {
    return `The clone matches the primary: every backed-up object is there with the same policy${entry.signatures.length > 0 ? ", and every signing key signed a fresh challenge that the primary's public key verifies" : ''}.`;
  }
  if (verdict === 'not-fully-verified') {
    const unchecked = entry.signatures
      .filter((s) => s.status === 'not-checked')
      .map((s) => hexId(s.objectId));
    return `The clone is NOT fully verified: every backed-up object is there with the same policy, but signing key${unchecked.length === 1 ? '' : 's'} ${unchecked.join(', ')} could not be checked (see the rows marked in capitals below), so ${unchecked.length === 1 ? 'it is' : 'they are'} not proven to be the primary's.`;
  }
  return 'The clone does NOT match the primary: see the rows marked in capitals below.';
}

export function renderVerificationReport(
  entry: VerificationRecord,
  context: ReportContext,
  fonts: readonly EmbeddedFont[],
): string {
  const against =
    entry.against === 'record'
      ? "the primary's recorded inventory (ceremony.json)"
      : 'the live primary';
  const verdict = verdictSentence(entry);
  const device = (serial: number, simulated: boolean) =>
    `${serial}${simulated ? ' (simulated)' : ''}`;
  const row = (label: string) =>
    `<div class="row"><span class="label">${label}</span><span class="fill"></span></div>`;
  const body = `${context.rehearsal ? '<div class="banner">REHEARSAL — simulated devices; this report proves nothing about real hardware</div>' : ''}
<div class="label">Custos · clone verification report</div>
<h1>${escapeHtml(context.ceremonyName)}</h1>
<div class="verdict">${escapeHtml(verdict)}</div>
<section class="facts">
<div><div class="label">Verified at</div>${escapeHtml(entry.at)}</div>
<div><div class="label">Clone (secondary) serial</div>${escapeHtml(device(entry.device.serial, entry.device.simulated))}</div>
<div><div class="label">Primary serial</div>${entry.primarySerial}</div>
<div><div class="label">Compared with</div>${escapeHtml(against)}</div>
<div><div class="label">Authentication key used</div><span class="mono">${hexId(entry.authKeyId)}</span></div>
<div><div class="label">Ceremony id</div><span class="mono">${escapeHtml(context.ceremonyId ?? 'no Custos record')}</span></div>
</section>
<h2>Objects</h2>
<table><thead><tr><th>Id</th><th>Type</th><th>Label</th><th>Result</th><th>Differences (algorithm, label, domains, capabilities, delegated capabilities)</th></tr></thead><tbody>
${objectRows(entry)}
</tbody></table>
<h2>Signing keys</h2>
<table><thead><tr><th>Id</th><th>Algorithm</th><th>Result</th><th>How</th></tr></thead><tbody>
${signatureRows(entry.signatures)}
</tbody></table>
<h2>Attestation by the device</h2>
${attestationSection(entry)}
<div class="closing">
<div class="signatures">
<section><div class="label">Backup officer</div>${row('Name')}${row('Signature')}${row('Date')}</section>
<section><div class="label">Witness: I saw this verification run</div>${row('Name')}${row('Signature')}${row('Date')}</section>
</div>
<footer>Custos ${escapeHtml(context.toolVersion)} · ${escapeHtml(entry.report)}${context.transcriptHead ? ` · transcript head before this report <span class="mono">${escapeHtml(context.transcriptHead)}</span>` : ''}</footer>
</div>`;
  return printableDocument({
    title: `${context.rehearsal ? 'Rehearsal · ' : ''}Clone verification · ${context.ceremonyName}`,
    style: `${embeddedFontFaces(fonts)}\n${STYLE}`,
    body,
  });
}
