// The PINs and share passwords of a DKEK initialisation, checked as sc-hsm-tool checks them
// (spec §2.3, §5.2) before anything is written: each failure a sentence that never repeats the
// secret. Typed twice in the app; the command line reads each from its file once.

import { MIN_PASSWORD_LENGTH } from '../../dkek/password-file';
import { Refusal } from '../../refusal/refusal';

/** sc-hsm-tool's and the devices' default SO-PIN ("57621880" as hex), refused on real devices. */
export const DEFAULT_SO_PIN = '3537363231383830';

export function checkSoPin(soPin: string, confirmation: string, simulated: boolean): string {
  const value = soPin.trim();
  if (value !== confirmation.trim())
    throw new Refusal('invalid-input', 'The two SO-PINs differ; type the same SO-PIN twice.');
  if (!/^[0-9a-fA-F]{16}$/.test(value))
    throw new Refusal(
      'invalid-input',
      'The SO-PIN is the 16 hexadecimal digits the device uses (0-9, A-F), as sc-hsm-tool takes it.',
    );
  if (!simulated && value.toUpperCase() === DEFAULT_SO_PIN)
    throw new Refusal(
      'invalid-input',
      `The SO-PIN ${DEFAULT_SO_PIN} is the well-known default; a real device needs an SO-PIN of its own. Choose 16 other hex digits and keep them safe.`,
    );
  return value.toUpperCase();
}

export function checkUserPin(pin: string, confirmation: string, retries: number): string {
  if (pin !== confirmation)
    throw new Refusal('invalid-input', 'The two user PINs differ; type the same PIN twice.');
  if (pin.length < 6 || pin.length > 16 || !/^[\x20-\x7e]+$/.test(pin))
    throw new Refusal(
      'invalid-input',
      'The user PIN is 6 to 16 characters of printable ASCII (letters, digits, punctuation).',
    );
  // sc-hsm-tool's rule: a short PIN gets fewer tries (spec §5.2 tag 81).
  const most = pin.length === 6 ? 3 : pin.length === 7 ? 5 : 10;
  if (retries > most)
    throw new Refusal(
      'invalid-input',
      `A ${pin.length}-character PIN allows at most ${most} tries (pinRetries is ${retries}); lower pinRetries or choose a longer PIN.`,
    );
  return pin;
}

/** A share password typed twice; the caller owns (and wipes) both buffers. */
export function checkSharePassword(
  password: Uint8Array,
  confirmation: Uint8Array,
  custodian: string,
  shareNumber: number,
): void {
  const same =
    password.length === confirmation.length && password.every((b, i) => b === confirmation[i]);
  if (!same)
    throw new Refusal(
      'invalid-input',
      `The two passwords for share ${shareNumber} (${custodian}) differ; ${custodian} types the same password twice.`,
    );
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new Refusal(
      'invalid-input',
      `The password for share ${shareNumber} (${custodian}) is ${password.length} characters; sc-hsm-tool asks for at least ${MIN_PASSWORD_LENGTH}, and a share file deserves far more.`,
    );
  if (password.some((byte) => byte < 0x20 || byte > 0x7e))
    throw new Refusal(
      'invalid-input',
      `The password for share ${shareNumber} (${custodian}) has characters outside printable ASCII, which may not type the same on another computer (spec §2.3). Use letters, digits and punctuation.`,
    );
}
