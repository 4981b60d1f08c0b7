// One entry point for reading a share whatever tool made it. The two formats cannot be confused:
// a yubihsm-setup payload is 70 base64 characters (48 / 59 for old short keys) and a
// yubihsm-manager payload 72, 88 or 104 hex digits.

import { parseManagerShare } from './manager-share';
import { parseSetupShare } from './setup-share';
import {
  splitShareText,
  type ShareFormat,
  type ShareParseOptions,
  type ShareParseResult,
} from './share-types';

export interface AnyShareParseOptions extends ShareParseOptions {
  /** When the format is known (from the ceremony record), read only that one. */
  format?: ShareFormat;
}

/**
 * Which format a share text looks like, judged from its data part: long and all hex digits is a
 * manager share (a 70-character base64 payload is all hex with odds of about 2^-108), so even
 * a manager share with a digit missing is read, and its problem described, as a manager share.
 */
export function guessShareFormat(text: string): ShareFormat {
  const parts = splitShareText(text.replace(/\s+/g, ''));
  const payload = parts?.payload ?? '';
  return payload.length >= 40 && /^[0-9a-fA-F]*$/.test(payload)
    ? 'yubihsm-manager'
    : 'yubihsm-setup';
}

export function parseShare(text: string, options: AnyShareParseOptions = {}): ShareParseResult {
  const format = options.format ?? guessShareFormat(text);
  const mode = options.mode ?? 'lenient';
  return format === 'yubihsm-manager'
    ? parseManagerShare(text, { mode })
    : parseSetupShare(text, { mode });
}
