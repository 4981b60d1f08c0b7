// Every way a share can be written down, as patterns: what log redaction masks and what the
// secret guard on records refuses. A share is never only its canonical text. The screen and the
// sheet show it in lines of 16 characters, in groups of 4 separated by spaces, each line with a
// check character (shared/shares/checked-lines.ts); a custodian may type one line at a time, or
// the whole share with spaces; yubihsm-manager shares are lowercase hex in the same lines; the
// QR code holds the canonical text. Each form is matched on its own, so a share cut into lines
// and logged line by line is caught line by line.

// Canonical: yubihsm-setup `K-X-<base64>` (interop spec §3.3; RustySecrets vectors as short as
// 14 characters) and yubihsm-manager 1.0 `T-X-<hex>` (spec §7).
export const CANONICAL_SETUP = /\b\d{1,3}-\d{1,3}-[A-Za-z0-9+/]{8,}={0,2}/g;
export const CANONICAL_MANAGER = /\b\d{1,3}-\d{1,3}-[0-9a-fA-F]{16,}\b/g;

/** Groups of up to 4 share characters separated by single spaces, three or more in a row. */
export const SPACED_GROUPS =
  /(?<![A-Za-z0-9+/])(?:[A-Za-z0-9+/]{4} ){2,}[A-Za-z0-9+/]{1,4}(?![A-Za-z0-9+/])/g;

/** One line's worth (16) or more of share characters in one run. */
export const SHARE_RUN = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{12,}={0,2}(?![A-Za-z0-9+/])/g;

/** A ceremony id (RFC 4122 text): never a share, always worth keeping readable. */
export const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/**
 * Whether a run of share characters (spaces removed) could be share text rather than a word:
 * random base64 mixes character classes; a hex line mixes digits and letters, or is all
 * digits for one in two thousand lines (kept as share-like too). A run of one class that is not
 * hex (`participants`, `ABCDEFGHIJKLMNOP`) is a word.
 */
export function looksLikeShareText(run: string): boolean {
  let classes = 0;
  if (/[A-Z]/.test(run)) classes += 1;
  if (/[a-z]/.test(run)) classes += 1;
  if (/[0-9]/.test(run)) classes += 1;
  if (/[+/]/.test(run)) classes += 1;
  if (classes >= 2) return !isPathOrWords(run);
  return /^[0-9]+$/.test(run) && run.length >= 12;
}

/**
 * A path of readable segments (`/work/main/src`), or camel-case words of real length, mixes
 * classes without being random. Share text has no such shape once it is 12 characters or more,
 * except by rare chance, and a share is never one line alone in what Custos logs.
 */
function isPathOrWords(run: string): boolean {
  // Custos's own class names, which errors and stacks name (CeremonyFolderError): a share line
  // ends in one of these words by a chance of about one in a billion.
  if (
    /^[A-Z][A-Za-z]*(Error|Engine|Folder|Service|Session|Client|Transport|Device|Store)$/.test(run)
  )
    return true;
  if (run.includes('/'))
    return run.split('/').every((segment) => /^[a-z]*$|^[A-Z]?[a-z]+$/.test(segment));
  return false;
}

/** Groups that read as words (`Type your name here`) are a sentence, not a share. */
function groupsAreWords(run: string): boolean {
  return run.split(' ').every((group) => /^[A-Z]?[a-z]+$/.test(group));
}

function spacedShare(run: string): boolean {
  return !groupsAreWords(run) && looksLikeShareText(run.replace(/ /g, ''));
}

/**
 * Whether `text` holds a share in any printed form: what the secret guard on records refuses.
 * `humanText` (a label, a name) skips the lone-line rule: a person may name a key
 * `RootCA2026Signer`, and refusing that would stop a ceremony for nothing.
 */
export function holdsPrintedShare(text: string, humanText = false): boolean {
  const spared = text.replace(UUID, ' ');
  if (/\b\d{1,3}-\d{1,3}-[A-Za-z0-9+/]{12,}/.test(spared)) return true;
  for (const match of spared.matchAll(SPACED_GROUPS))
    if (match[0].replace(/ /g, '').length >= 12 && spacedShare(match[0])) return true;
  if (humanText) return false;
  // A line of share text standing alone in the value, or on a line of its own, with or without
  // its check character: records never hold such a thing (digests and keys are 64+ hex).
  for (const line of spared.split(/\r?\n/)) {
    const alone = /^([A-Za-z0-9+/]{12,16}) ?[A-Za-z0-9+/]?$/.exec(line.trim());
    if (alone && looksLikeShareText(alone[1]!)) return true;
  }
  return false;
}

/** Applies `mask` to the text between ceremony ids, so an id is never masked as a run. */
export function keepingCeremonyIds(text: string, mask: (part: string) => string): string {
  const ids = text.match(UUID) ?? [];
  return text.split(UUID).reduce((out, part, index) => out + mask(part) + (ids[index] ?? ''), '');
}

/** Masks canonical share text only (the form to name as a share before other nets run). */
export function maskCanonicalShares(text: string): string {
  return text
    .replace(CANONICAL_SETUP, '[redacted share]')
    .replace(CANONICAL_MANAGER, '[redacted share]');
}

/** Masks every printed form of a share in `text`, keeping ceremony ids readable. */
export function maskPrintedShares(text: string): string {
  return keepingCeremonyIds(text, (part) =>
    part
      .replace(CANONICAL_SETUP, '[redacted share]')
      .replace(CANONICAL_MANAGER, '[redacted share]')
      .replace(SPACED_GROUPS, (run) => (spacedShare(run) ? '[redacted share]' : run))
      .replace(SHARE_RUN, (run) =>
        looksLikeShareText(run.replace(/=+$/, '')) ? '[redacted share]' : run,
      ),
  );
}
