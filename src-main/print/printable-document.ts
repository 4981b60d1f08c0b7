// The shell every page Custos prints shares (share sheets, the verification report): one
// self-contained HTML document whose CSP lets nothing load but its inline style and the data:
// URLs it carries, with no script, no referrer, light colours only, and its fonts embedded.

import type { EmbeddedFont } from './sheet-fonts';
import { SHEET_CSP } from './sheet-policy';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Names, labels and the contact line are typed by people; they are text, never markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

/** @font-face rules for the embedded fonts; font-display:block so print never falls back. */
export function embeddedFontFaces(fonts: readonly EmbeddedFont[]): string {
  return fonts
    .map(
      (font) =>
        `@font-face{font-family:'${font.family}';font-style:normal;font-weight:${font.weight};font-display:block;src:url(${font.dataUrl}) format('woff2')}`,
    )
    .join('\n');
}

export interface PrintableDocument {
  /** Plain text; it is escaped here. */
  title: string;
  /** The whole stylesheet, fonts included. */
  style: string;
  /** The body's markup, already escaped where it holds people's words. */
  body: string;
}

export function printableDocument(document: PrintableDocument): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${SHEET_CSP}">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light">
<title>${escapeHtml(document.title)}</title>
<style>
${document.style}
</style>
</head>
<body>
${document.body}
</body>
</html>
`;
}
