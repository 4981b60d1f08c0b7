// The ceremony script as one printable HTML page in the shell every Custos printout shares
// (strict CSP, no script): roles, the values read aloud, a table of steps with a tick box and
// initials per step, and signature lines. Fonts are the system's: the script is read by people,
// never scanned back, so it needs none embedded.

import { escapeHtml, printableDocument } from '../../../print/printable-document';
import { scriptTime, type CeremonyScript, type ScriptStep } from './ceremony-script';

const STYLE = `
@page{size:A4 portrait;margin:14mm}
*{box-sizing:border-box;margin:0;padding:0}
body{font-family:sans-serif;font-size:9.5pt;line-height:1.4;color:#000;background:#fff;padding:4mm}
h1{font-size:17pt;margin:1mm 0 2mm}
h2{font-size:11.5pt;margin:5mm 0 1.5mm}
.label{font-size:7pt;font-weight:700;letter-spacing:.08em;text-transform:uppercase}
.banner{border:1.6pt solid #000;padding:1.6mm 3mm;font-weight:700;text-align:center;margin-bottom:3mm}
.lead{margin:1mm 0 2mm}
table{border-collapse:collapse;width:100%}
th,td{border:.6pt solid #000;padding:1mm 1.6mm;text-align:left;vertical-align:top}
th{font-size:7pt;text-transform:uppercase;letter-spacing:.06em}
tr{break-inside:avoid}
.mono{font-family:monospace;overflow-wrap:anywhere}
.tick{width:9mm;text-align:center;font-size:13pt}
.initials{width:16mm}
.says{font-style:italic}
.happened{font-weight:700}
.roles td:first-child{width:38%}
.signatures{display:grid;grid-template-columns:1fr 1fr;gap:5mm;margin-top:4mm;break-inside:avoid}
.signatures section{border:.8pt solid #000;padding:2mm 3mm}
.row{display:flex;gap:2mm;align-items:flex-end;height:8mm}
.row .fill{flex:1;border-bottom:.8pt solid #000}
footer{margin-top:4mm;border-top:.8pt solid #000;padding-top:1.4mm;font-size:7.5pt;overflow-wrap:anywhere}
`;

const text = (value: string) => escapeHtml(value);

function stepRow(step: ScriptStep, number: number, after: boolean): string {
  const said = step.says ? `<div class="says">Says: ${text(step.says)}</div>` : '';
  const happened = after
    ? `<td class="happened" data-happened>${text(step.happened ?? '')}</td>`
    : '';
  return `<tr data-step="${number}"><td>${number}</td><td>${text(step.phase)}</td><td>${text(step.who)}</td><td>${text(step.does)}${said}</td><td class="mono">${text(step.expected ?? '')}</td>${happened}<td class="tick">☐</td><td class="initials"></td></tr>`;
}

export function renderCeremonyScript(script: CeremonyScript): string {
  const after = script.source === 'record';
  const line = (label: string) =>
    `<div class="row"><span class="label">${label}</span><span class="fill"></span></div>`;
  const banner =
    script.rehearsal === true
      ? '<div class="banner">REHEARSAL — simulated primary; no real key is made</div>'
      : '';
  const lead = after
    ? `Filled from the ceremony record and its transcript: each step says what happened and when. Made ${text(scriptTime(script.madeAt))}.`
    : `Made from the plan before the day. Blanks are written in on the day; read each step aloud, tick it when done and initial it. Made ${text(scriptTime(script.madeAt))}.`;
  const outcome = script.outcome
    ? `<h2>What the record says</h2>
<table class="outcome"><tbody>
<tr><th>Ceremony id</th><td class="mono">${text(script.outcome.ceremonyId)}</td></tr>
<tr><th>Status</th><td data-testid="script-status">${text(script.outcome.status)}${script.outcome.statusReason ? `: ${text(script.outcome.statusReason)}` : ''}</td></tr>
<tr><th>Started</th><td>${text(scriptTime(script.outcome.startedAt))}</td></tr>
<tr><th>Finished</th><td>${script.outcome.finishedAt ? text(scriptTime(script.outcome.finishedAt)) : 'not finished'}</td></tr>
<tr><th>Transcript</th><td>${script.outcome.transcriptLines} lines; hash of the last line <span class="mono" data-transcript-head>${text(script.outcome.transcriptHead ?? 'not recorded')}</span></td></tr>
</tbody></table>`
    : '';
  const custodianRows = script.custodians
    .map(
      (custodian) =>
        `<tr><td>Custodian ${custodian.shareNumber} (share ${custodian.shareNumber} of ${script.custodians.length})</td><td>${text(custodian.name)}</td></tr>`,
    )
    .join('\n');
  const body = `${banner}
<div class="label">Custos · ceremony script · Initialize primary (YubiHSM 2)</div>
<h1>${text(script.ceremony)}</h1>
<p class="lead">${lead}</p>
<h2>Roles</h2>
<table class="roles"><tbody>
<tr><td>Administrator: runs Custos and reads each step aloud</td><td>${line('Name')}</td></tr>
${custodianRows}
<tr><td>Witness: checks every value read aloud, ticks and initials each step</td><td>${line('Name')}</td></tr>
</tbody></table>
<h2>Values read aloud</h2>
<table class="values"><tbody>
${script.values.map((value) => `<tr><th>${text(value.label)}</th><td class="mono">${text(value.value)}</td><td class="tick">☐</td></tr>`).join('\n')}
</tbody></table>
${outcome}
<h2>Steps</h2>
<table class="steps"><thead><tr><th>#</th><th>Part</th><th>Who</th><th>Does and says</th><th>Expected</th>${after ? '<th>What happened</th>' : ''}<th>Done</th><th>Initials</th></tr></thead><tbody>
${script.steps.map((step, index) => stepRow(step, index + 1, after)).join('\n')}
</tbody></table>
<h2>Signatures</h2>
<div class="signatures">
<section><div class="label">Administrator</div>${line('Name')}${line('Signature')}${line('Date')}</section>
<section><div class="label">Witness: I saw every step above</div>${line('Name')}${line('Signature')}${line('Date')}</section>
${script.custodians.map((custodian) => `<section><div class="label">Custodian ${custodian.shareNumber}: ${text(custodian.name)}</div>${line('Signature')}${line('Date')}</section>`).join('\n')}
</div>
<footer>Custos ${text(script.toolVersion)} · ${after ? 'from the record' : 'from the plan'} · ${script.threshold} of ${script.custodians.length}. The script holds no share and no password.</footer>`;
  return printableDocument({
    title: `${script.rehearsal ? 'Rehearsal · ' : ''}Ceremony script · ${script.ceremony}`,
    style: STYLE,
    body,
  });
}
