// The share sheet's stylesheet: black on white, sized for A4 and US Letter alike (the content
// box fits the narrower A4 width and the shorter Letter height), fonts embedded as data: URLs.

import { embeddedFontFaces } from './printable-document';
import type { EmbeddedFont } from './sheet-fonts';
import { PAPER, type PaperSize } from './sheet-policy';

/** Page margins in millimetres: inside what every office laser printer can reach. */
export const PAGE_MARGIN_MM = { top: 13, side: 15, bottom: 12 } as const;

export function sheetStyle(paper: PaperSize, fonts: readonly EmbeddedFont[]): string {
  const size = PAPER[paper];
  const contentHeight = size.heightMm - PAGE_MARGIN_MM.top - PAGE_MARGIN_MM.bottom;
  return `${embeddedFontFaces(fonts)}
@page{size:${size.css} portrait;margin:${PAGE_MARGIN_MM.top}mm ${PAGE_MARGIN_MM.side}mm ${PAGE_MARGIN_MM.bottom}mm}
*{box-sizing:border-box;margin:0;padding:0}
html,body{background:#fff;color:#000}
body{font-family:'IBM Plex Sans',sans-serif;font-size:9.5pt;line-height:1.38;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.mono{font-family:'JetBrains Mono',monospace;font-variant-ligatures:none;font-feature-settings:'liga' 0,'calt' 0}
.sheet{position:relative;height:${contentHeight.toFixed(1)}mm;display:flex;flex-direction:column;gap:4.2mm;overflow:hidden}
.sheet>*{position:relative;z-index:1}
.label{font-size:7pt;font-weight:600;letter-spacing:.09em;text-transform:uppercase}
/* Behind everything, in light grey: text stays black on top of it; the QR code keeps its own white ground. */
.watermark{position:absolute;z-index:0;left:50%;top:50%;transform:translate(-50%,-50%) rotate(-54deg);white-space:nowrap;font-size:46pt;font-weight:700;letter-spacing:.03em;color:#d0d0d0}
.rehearsal-banner{border:1.6pt solid #000;padding:1.6mm 3mm;font-weight:600;font-size:10pt;text-align:center}
header{display:flex;justify-content:space-between;align-items:flex-end;gap:6mm;border-top:2.4pt solid #000;padding-top:2.4mm}
header h1{font-size:17pt;font-weight:600;line-height:1.15;overflow-wrap:anywhere;margin-top:.8mm}
.share-of{text-align:right;white-space:nowrap}
.share-of .big{font-size:22pt;font-weight:700;line-height:1.05}
.facts{display:grid;grid-template-columns:1.25fr 1fr 1fr;border:.8pt solid #000}
.facts>div{padding:1.6mm 2.6mm;border-right:.5pt solid #000;border-bottom:.5pt solid #000;min-width:0}
.facts>div:nth-child(3n){border-right:none}
.facts>div:nth-last-child(-n+3){border-bottom:none}
.facts .value{font-size:10.5pt;font-weight:600;overflow-wrap:anywhere}
.facts .custodian .value{font-size:13pt}
.facts .id{font-size:9pt;font-weight:500}
.facts .note{font-size:7.5pt}
.share{border:1.6pt solid #000;padding:3mm 4mm;display:flex;gap:7mm;align-items:flex-start;justify-content:space-between}
.share h2{font-size:10.5pt;font-weight:600;margin-bottom:.6mm}
.share .hint{font-size:8pt;margin-bottom:2.4mm;max-width:100mm}
table.lines{border-collapse:collapse}
table.lines th{font-size:6.5pt;font-weight:600;letter-spacing:.09em;text-transform:uppercase;text-align:left;padding:0 2mm 1mm 0}
table.lines td{padding:.9mm 0;border-top:.5pt solid #000;vertical-align:middle}
table.lines td.number{font-size:8pt;padding-right:3mm;text-align:right;width:7mm}
table.lines td.text{font-size:15.5pt;line-height:1.2;letter-spacing:.05em;white-space:pre;padding-right:4mm}
table.lines td.text span{margin-right:.62em}
table.lines td.text span:last-child{margin-right:0}
table.lines td.check{font-size:15.5pt;line-height:1.2;font-weight:700;text-align:center;width:9mm;border-left:.8pt solid #000}
.glyphs{margin-top:2.2mm;font-size:7.5pt}
.glyphs .mono{font-size:10pt;font-weight:700;margin:0 .6mm 0 1.6mm}
figure.qr{flex:none;width:48mm;text-align:center}
figure.qr svg{display:block;width:48mm;height:48mm}
figure.qr figcaption{font-size:7.5pt;line-height:1.3;margin-top:1mm}
.instructions{display:grid;grid-template-columns:1fr 1fr;gap:2.4mm 7mm}
.instructions h3{font-size:9pt;font-weight:600;margin-bottom:.4mm}
.instructions p{font-size:8.5pt}
.write-line{display:inline-block;min-width:62mm;border-bottom:.8pt solid #000;height:4.6mm;vertical-align:bottom}
.signatures{display:grid;grid-template-columns:1fr 1fr;gap:7mm;margin-top:auto}
.signatures section{border:.8pt solid #000;padding:2mm 3mm 2.6mm}
.signatures h3{font-size:9pt;font-weight:600;margin-bottom:1mm}
.signatures .row{display:flex;align-items:flex-end;gap:2mm;height:8.4mm}
.signatures .row .label{width:17mm;flex:none;padding-bottom:.6mm}
.signatures .row .fill{flex:1;border-bottom:.8pt solid #000;height:100%;display:flex;align-items:flex-end;padding-bottom:.6mm;font-size:10pt;overflow-wrap:anywhere;line-height:1.1}
footer{display:flex;justify-content:space-between;gap:4mm;border-top:.8pt solid #000;padding-top:1.4mm;font-size:7pt}
/* On screen (the preview and the browser's sheet window) the page is drawn with its margins, so
   what is seen is laid out as it will print; the note says how to print and never prints. */
@media screen{html{background:#d9d9d9}body{width:${size.widthMm}mm;min-height:${size.heightMm}mm;margin:0 auto;padding:${PAGE_MARGIN_MM.top}mm ${PAGE_MARGIN_MM.side}mm ${PAGE_MARGIN_MM.bottom}mm;background:#fff}}
.screen-note{position:fixed;z-index:2;top:0;left:0;right:0;padding:1.6mm 3mm;background:#000;color:#fff;font-size:9pt;font-weight:600;text-align:center}
@media print{.screen-note{display:none}}
`;
}
