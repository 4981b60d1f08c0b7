// Scan-back check: after a custodian scans the sheet's QR code (or types the share back), say
// whether what came back is their share, and if not, precisely where it differs. The verdict
// names positions and share numbers only, never a character of the share (preamble "Secrets").

import { parseShare } from '../secrets/share-text';
import { sharePrefix } from '../secrets/share-types';

export type ScanBackVerdict =
  | { verdict: 'matches'; message: string }
  | { verdict: 'empty'; message: string }
  | { verdict: 'not-a-share'; message: string }
  /** Same length, one or more characters differ; `position` is the first, 1-based. */
  | { verdict: 'differs'; message: string; position: number }
  /** The scanned text is the start of the share and stops early after `position` characters. */
  | { verdict: 'too-short'; message: string; position: number }
  /** The share is all there, with more after it, starting at character `position`. */
  | { verdict: 'too-long'; message: string; position: number }
  | { verdict: 'other-custodian'; message: string; scannedNumber: number; yourNumber: number }
  | { verdict: 'other-split'; message: string; scannedThreshold: number; yourThreshold: number };

/**
 * What a person or scanner gave back, with the surrounding whitespace and the spaces and line
 * breaks a person adds removed. A canonical share has no whitespace, so nothing else changes.
 */
export function normaliseScannedText(scanned: string): string {
  return scanned.replace(/\s+/g, '');
}

/**
 * Compares scanned or typed-back text with the custodian's own share (its canonical text).
 * Exact apart from whitespace: a wrong letter case is a difference.
 */
export function checkScannedShare(scanned: string, yourShare: string): ScanBackVerdict {
  const yours = parseShare(yourShare);
  if (yours.ok) yours.share.payload.fill(0);
  if (!yours.ok || yours.share.canonical !== yourShare)
    throw new Error(
      'the share to compare with is not a canonical share; the sheet cannot be checked against it',
    );

  const text = normaliseScannedText(scanned);
  if (text === yourShare)
    return { verdict: 'matches', message: 'The scanned text matches your share.' };
  if (text === '')
    return {
      verdict: 'empty',
      message:
        'Nothing was scanned or typed: scan the QR code on your sheet again, or type the share.',
    };

  const { threshold: yourThreshold, number: yourNumber } = yours.share;
  const prefix = sharePrefix(yourThreshold, yourNumber);

  const scannedShare = parseShare(text, { mode: 'lenient' });
  if (scannedShare.ok) scannedShare.share.payload.fill(0);
  if (!scannedShare.ok && !text.startsWith(prefix)) {
    return {
      verdict: 'not-a-share',
      message:
        'This is not a share: it does not read threshold-number-data like the text on your sheet. Scan the QR code on your own sheet.',
    };
  }

  if (scannedShare.ok) {
    const { threshold, number } = scannedShare.share;
    const scannedData = text.slice(text.indexOf('-', text.indexOf('-') + 1) + 1);
    // The same data under another number is a slip of the pen in the number, not another share.
    const sameData = scannedData === yourShare.slice(prefix.length);
    if (!sameData && threshold !== yourThreshold) {
      return {
        verdict: 'other-split',
        message: `The scanned text is a share from another split (any ${threshold} restore it; yours needs ${yourThreshold}), so it is not from this ceremony's wrap key.`,
        scannedThreshold: threshold,
        yourThreshold,
      };
    }
    if (!sameData && number !== yourNumber) {
      return {
        verdict: 'other-custodian',
        message: `The scanned text is a share for custodian ${number}, not ${yourNumber}: scan the sheet that carries your own name.`,
        scannedNumber: number,
        yourNumber,
      };
    }
  }
  return positionalDifference(text, yourShare);
}

/** Where the scanned text first parts from the share, as a sentence a custodian can act on. */
function positionalDifference(text: string, yourShare: string): ScanBackVerdict {
  const common = Math.min(text.length, yourShare.length);
  let index = 0;
  while (index < common && text[index] === yourShare[index]) index++;
  if (index < common) {
    const position = index + 1;
    return {
      verdict: 'differs',
      message: `The scanned text differs from your share at character ${position}: compare that character on your sheet.`,
      position,
    };
  }
  if (text.length < yourShare.length) {
    return {
      verdict: 'too-short',
      message: `The scanned text stops after character ${text.length}; your share has ${yourShare.length} characters: the rest is missing.`,
      position: text.length,
    };
  }
  const position = yourShare.length + 1;
  return {
    verdict: 'too-long',
    message: `The scanned text has extra characters from character ${position} on; your share ends at character ${yourShare.length}.`,
    position,
  };
}
