// The reset's word (issue 14 §3): a device reset erases every object, so its confirmation must be
// something the page cannot compute. "RESET <serial>" alone it can: the page is told the serial.
// Where a host has a channel only a person reads (the browser host: the terminal Custos was
// started in), main adds a random word shown there and nowhere else — not in a snapshot, not in
// the log — and issues a new one after every attempt, so a page that guesses gets one try per
// word. Electron has its own such channel, the native dialog main opens (reset-dialog.ts).

import { randomInt } from 'node:crypto';

export interface ResetWordChannel {
  /** Where the person reads the word, completing "the word Custos shows in …". */
  readonly where: string;
  /** Shows the word for this device's reset to the person (never to the page). */
  show(device: { serial: number }, word: string): void;
}

/** Letters that read unambiguously aloud and on any screen (no I, O, B, G, S, Z, Q). */
const LETTERS = 'ACDEFHJKLMNPRTUVWXY';
const LENGTH = 6;

/** A fresh word: 19^6 (about 4.7e7) possibilities, one guess per word. */
export function newResetWord(): string {
  let word = '';
  for (let i = 0; i < LENGTH; i += 1) word += LETTERS[randomInt(LETTERS.length)];
  return word;
}

/** The browser host's channel: its terminal, which the page cannot read. */
export function terminalResetWord(print: (text: string) => void): ResetWordChannel {
  return {
    where: 'the terminal where Custos was started',
    show: ({ serial }, word) =>
      print(
        `To reset the YubiHSM 2 with serial ${serial}, type on the preflight screen:  RESET ${serial} ${word}\n` +
          '(The word is shown only here, so that the page cannot give the confirmation by itself; it changes after every attempt.)',
      ),
  };
}
