// The printable KSP / connector next-steps sheet (issue 12 §6): what to do on the AD CS server
// with the device just initialised or restored — the connector's configuration, the registry
// file, who types the application key's password and where, and the AD CS service dependency
// with how to check and undo it. One self-contained page in the share sheets' shell; it holds no
// secret (ids, serials, a URL and file names only).

import type { EmbeddedFont } from '../../print/sheet-fonts';
import { embeddedFontFaces, escapeHtml, printableDocument } from '../../print/printable-document';
import { hexId } from '../common/objects';
import type { ConnectorEndpoint } from './connector-config';
import { KSP_REGISTRY_KEYS } from './ksp-registry';

export interface HandoffSheetContent {
  ceremonyName: string;
  ceremonyId: string;
  rehearsal: boolean;
  toolVersion: string;
  /** Which device goes to the CA server, and why it is this one. */
  serial: number;
  role: 'primary' | 'restored secondary';
  authKeyId: number;
  endpoint: ConnectorEndpoint;
  registryFile: string;
  connectorFile: string;
  writtenAt: string;
}

/** The connector's Windows service, as `yubihsm-connector install` names it. */
export const CONNECTOR_SERVICE = 'yhconsvr';

const STYLE = `
@page{size:A4 portrait;margin:14mm}
*{box-sizing:border-box;margin:0;padding:0}
body{font-family:'IBM Plex Sans',sans-serif;font-size:9.5pt;line-height:1.45;color:#000;background:#fff}
.mono,code,pre{font-family:'JetBrains Mono',monospace;font-variant-ligatures:none}
pre{border:.6pt solid #000;padding:1.6mm 2.4mm;margin:1.4mm 0;white-space:pre-wrap;overflow-wrap:anywhere;font-size:8.5pt}
h1{font-size:16pt;font-weight:600;margin:2mm 0 1mm}
h2{font-size:11pt;font-weight:600;margin:4.5mm 0 1.2mm}
p,li{margin:1mm 0}
ol{padding-left:6mm}
.label{font-size:7pt;font-weight:600;letter-spacing:.09em;text-transform:uppercase}
.banner{border:1.6pt solid #000;padding:1.6mm 3mm;font-weight:600;text-align:center;margin-bottom:3mm}
.secret{border:2pt solid #000;padding:2mm 3mm;margin:2mm 0;font-weight:600}
table{border-collapse:collapse;width:100%}
th,td{border:.5pt solid #000;padding:.8mm 1.6mm;text-align:left;vertical-align:top}
th{font-size:7pt;text-transform:uppercase;letter-spacing:.06em;width:32%}
.closing{break-inside:avoid}
.signatures{display:grid;grid-template-columns:1fr 1fr;gap:7mm;margin-top:5mm}
.signatures section{border:.8pt solid #000;padding:2mm 3mm}
.row{display:flex;gap:2mm;align-items:flex-end;height:7mm}
.row .fill{flex:1;border-bottom:.8pt solid #000}
footer{margin-top:4mm;border-top:.8pt solid #000;padding-top:1.4mm;font-size:7pt;overflow-wrap:anywhere}
`;

export function renderHandoffSheet(
  content: HandoffSheetContent,
  fonts: readonly EmbeddedFont[],
): string {
  const e = escapeHtml;
  const id = content.authKeyId;
  const row = (label: string) =>
    `<div class="row"><span class="label">${label}</span><span class="fill"></span></div>`;
  const remote = content.endpoint.loopback
    ? ''
    : `<p><strong>The connector listens on ${e(content.endpoint.listen)}, not on loopback:</strong> anyone who reaches that address can talk to the device (still only with a key and its password). Prefer the connector on the CA server itself at 127.0.0.1, or protect the link (https, a firewall rule for the CA server only).</p>`;
  const body = `${content.rehearsal ? '<div class="banner">REHEARSAL — simulated device; do not configure a production CA from this sheet</div>' : ''}
<div class="label">Custos · YubiHSM 2 for AD CS · next steps</div>
<h1>${e(content.ceremonyName)}</h1>
<table>
<tr><th>YubiHSM 2 serial</th><td class="mono">${content.serial} (the ${content.role})</td></tr>
<tr><th>ConnectorURL</th><td class="mono" data-value="connector-url">${e(content.endpoint.url)}</td></tr>
<tr><th>AuthKeysetID (application key, DWORD)</th><td class="mono" data-value="auth-key-id">${hexId(id)} (decimal ${id})</td></tr>
<tr><th>Connector listen address</th><td class="mono" data-value="listen">${e(content.endpoint.listen)}</td></tr>
<tr><th>Files in the ceremony folder</th><td class="mono">${e(content.registryFile)}<br>${e(content.connectorFile)}</td></tr>
<tr><th>Ceremony id</th><td class="mono">${e(content.ceremonyId)}</td></tr>
</table>

<h2>1. The connector (yubihsm-connector, service ${CONNECTOR_SERVICE})</h2>
<p>Install the YubiHSM 2 SDK (connector and Key Storage Provider) on the CA server and plug in YubiHSM 2 serial ${content.serial}. Copy <span class="mono">${e(content.connectorFile)}</span> to the server; it says:</p>
<pre>listen: ${e(content.endpoint.listen)}
serial: "${content.serial.toString().padStart(10, '0')}"</pre>
<p>In an Administrator prompt, install and start the connector as a service with that file, then check it answers with this serial:</p>
<pre>yubihsm-connector -c ${e(content.connectorFile)} install
sc start ${CONNECTOR_SERVICE}
curl ${e(content.endpoint.url)}/connector/status</pre>
${remote}
<h2>2. The registry (what the KSP reads)</h2>
<p>Import <span class="mono">${e(content.registryFile)}</span> as Administrator (<span class="mono">reg import ${e(content.registryFile)}</span>). It sets, under both keys below, <span class="mono">ConnectorURL</span> = <span class="mono">${e(content.endpoint.url)}</span> and <span class="mono">AuthKeysetID</span> = DWORD ${id}:</p>
<pre>${KSP_REGISTRY_KEYS.map(e).join('\n')}</pre>
<div class="secret">AuthKeysetPassword is NOT in the file, and Custos never writes it. The holder of the application key's password types it themselves, with the witness watching: in regedit, under each of the two keys above, New → String Value named <span class="mono">AuthKeysetPassword</span>, and the password as its data. Never in a script, a command line, a file or an e-mail. Then restrict both keys' permissions to Administrators and the CA's service account: the KSP reads the password from there.</div>

<h2>3. AD CS waits for the connector</h2>
<p>Certificate Services must start after the connector. First write down the dependencies it has now:</p>
<pre>sc qc certsvc</pre>
<p>Dependencies now (from DEPENDENCIES): ${row('')}</p>
<p>Then make it depend on the connector. <span class="mono">depend=</span> replaces the whole list, so if there were dependencies, give them too, separated by <span class="mono">/</span> (e.g. <span class="mono">depend= RpcSs/${CONNECTOR_SERVICE}</span>):</p>
<pre>sc config certsvc depend= ${CONNECTOR_SERVICE}</pre>
<p>Check: <span class="mono">sc qc certsvc</span> lists <span class="mono">${CONNECTOR_SERVICE}</span> under DEPENDENCIES. To undo, set back what you wrote down (<span class="mono">sc config certsvc depend= &lt;as written down&gt;</span>), or, if there was nothing, <span class="mono">sc config certsvc depend= /</span>.</p>

<h2>4. Then</h2>
<p>In the AD CS setup, choose the “YubiHSM Key Storage Provider” as the cryptographic provider. The CA key is generated on the device in the application key's domains.</p>
<div class="closing">
<div class="signatures">
<section><div class="label">Done by (CA administrator)</div>${row('Name')}${row('Signature')}${row('Date')}</section>
<section><div class="label">Witness: the password was typed only into regedit</div>${row('Name')}${row('Signature')}${row('Date')}</section>
</div>
<footer>Custos ${e(content.toolVersion)} · written ${e(content.writtenAt)} · no secret is on this sheet or in its files</footer>
</div>`;
  return printableDocument({
    title: `${content.rehearsal ? 'Rehearsal · ' : ''}KSP hand-off · ${content.ceremonyName}`,
    style: `${embeddedFontFaces(fonts)}\n${STYLE}`,
    body,
  });
}
