// Status words a SmartCard-HSM (or a Pico HSM) answers with, each with a sentence a ceremony
// administrator can act on (spec §5.4). The client turns every SW other than 9000 into a
// SmartCardHsmStatusError naming the command it answered.

export const StatusWord = {
  OK: 0x9000,
  END_OF_FILE: 0x6282,
  COMMAND_FAILED: 0x6400,
  MEMORY_FAILURE: 0x6581,
  WRONG_LENGTH: 0x6700,
  SECURITY_STATUS_NOT_SATISFIED: 0x6982,
  AUTHENTICATION_BLOCKED: 0x6983,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  COMMAND_NOT_ALLOWED: 0x6986,
  WRONG_DATA: 0x6a80,
  FUNCTION_NOT_SUPPORTED: 0x6a81,
  FILE_NOT_FOUND: 0x6a82,
  INCORRECT_PARAMETERS: 0x6a86,
  REFERENCED_DATA_NOT_FOUND: 0x6a88,
  FILE_EXISTS: 0x6a89,
  WRONG_P1_P2: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  NO_PRECISE_DIAGNOSIS: 0x6f00,
} as const;

export type StatusWordName = keyof typeof StatusWord;

const sentences: Record<StatusWordName, string> = {
  OK: 'the command succeeded',
  END_OF_FILE: 'the end of the file was reached before all the bytes asked for were read',
  COMMAND_FAILED:
    'the device could not carry out the command; on a Pico HSM this is how a wrapped key from another DKEK domain, or a damaged one, is refused: check the key file belongs to this device domain',
  MEMORY_FAILURE:
    'the device could not write its memory; remove and re-insert the card, then try the step again',
  WRONG_LENGTH:
    'the device refused the length of the data sent (a DKEK share is exactly 32 bytes); this is a bug in the program, please report it',
  SECURITY_STATUS_NOT_SATISFIED:
    'the device needs the user PIN for this; enter the PIN and try again',
  AUTHENTICATION_BLOCKED:
    'the PIN is blocked after too many wrong tries; the security officer must unblock it with the SO-PIN (or the device must be initialised again)',
  CONDITIONS_NOT_SATISFIED:
    'the device refused the command in its current state; check the device was initialised for this step',
  COMMAND_NOT_ALLOWED:
    'the device does not allow this now: all the DKEK shares it was initialised for are already imported (initialise it again to start over), or the SO-PIN given does not match',
  WRONG_DATA:
    'the device refused the data: a wrapped key that does not match the device DKEK (it was made in another security domain) or a damaged key file',
  FUNCTION_NOT_SUPPORTED: 'the device does not support this function',
  FILE_NOT_FOUND: 'there is no such file or key on the device (or no such application)',
  INCORRECT_PARAMETERS:
    'the device refused the parameters: the key domain is not configured, or the device was never initialised',
  REFERENCED_DATA_NOT_FOUND:
    'the key or data referred to is not on the device, or the device has no complete DKEK to wrap with',
  FILE_EXISTS:
    'a key or file with that reference already exists on the device; choose a free key reference or delete the old one first',
  WRONG_P1_P2: 'the device refused the command parameters (offset or reference out of range)',
  INS_NOT_SUPPORTED:
    'the device does not support this command; for MANAGE KEY DOMAIN this means it was initialised without DKEK shares, so it has no DKEK: initialise it again with --dkek-shares',
  CLA_NOT_SUPPORTED: 'the device does not support this command class',
  NO_PRECISE_DIAGNOSIS:
    'the device failed inside the command without saying why; remove and re-insert the card, then try the step again',
};

const names = new Map<number, StatusWordName>(
  (Object.entries(StatusWord) as [StatusWordName, number][]).map(([name, sw]) => [sw, name]),
);

export function statusWordHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * What a status word means, in a sentence; 63Cx says how many tries are left. `pin` names the
 * PIN a VERIFY or INITIALIZE checked ("SO-PIN" there), so the sentence says which one was wrong.
 */
export function describeStatusWord(sw: number, pin = 'PIN'): string {
  if ((sw & 0xfff0) === 0x63c0) {
    const left = sw & 0x0f;
    return left === 0
      ? `wrong ${pin}: no tries are left, so the ${pin} is now blocked`
      : `wrong ${pin}: ${left} ${left === 1 ? 'try is' : 'tries are'} left before it is blocked`;
  }
  if (sw === StatusWord.AUTHENTICATION_BLOCKED && pin !== 'PIN')
    return `the ${pin} is blocked after too many wrong tries; the device can no longer be initialised again`;
  const name = names.get(sw);
  if (name) return sentences[name];
  return `the device answered with status ${statusWordHex(sw)}, which this program does not know`;
}

/** Tries left in a 63Cx answer, or undefined for any other status word. */
export function triesLeft(sw: number): number | undefined {
  return (sw & 0xfff0) === 0x63c0 ? sw & 0x0f : undefined;
}

export function statusWordName(sw: number): StatusWordName | 'WRONG_PIN' | 'UNKNOWN' {
  if ((sw & 0xfff0) === 0x63c0) return 'WRONG_PIN';
  return names.get(sw) ?? 'UNKNOWN';
}

/** A command the device answered with something other than 9000. */
export class SmartCardHsmStatusError extends Error {
  readonly sw: number;
  readonly swName: StatusWordName | 'WRONG_PIN' | 'UNKNOWN';
  readonly command: string;
  /** For 63Cx: tries left before the PIN blocks. */
  readonly triesLeft: number | undefined;

  constructor(command: string, sw: number, options: { pin?: string } = {}) {
    super(`${command}: ${describeStatusWord(sw, options.pin)} (status ${statusWordHex(sw)})`);
    this.name = 'SmartCardHsmStatusError';
    this.sw = sw;
    this.swName = statusWordName(sw);
    this.command = command;
    this.triesLeft = triesLeft(sw);
  }
}
