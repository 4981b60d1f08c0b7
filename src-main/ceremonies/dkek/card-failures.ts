// A SmartCard-HSM failure as the DKEK ceremonies say it (issue 10): the card gone from the
// reader, a wrong or blocked user PIN, a status word, or the client's own refusal, each as a
// Refusal naming the device ("the primary", "the secondary") and what to do next.

import {
  SmartCardHsmClientError,
  SmartCardHsmStatusError,
  type SmartCardHsmClient,
} from '../../hsm/smartcard-hsm/client';
import { PcscError } from '../../hsm/smartcard-hsm/pcsc/pcsc-sentences';
import { CardTransportError } from '../../hsm/smartcard-hsm/transport/simulator-transport';
import { Refusal } from '../../refusal/refusal';

const AUTHENTICATION_BLOCKED = 0x6983;
const REFERENCE_NOT_FOUND = 0x6a88;

/** The card left the reader (or the reader went): the step can be run again once it is back. */
export function isCardGone(error: unknown): boolean {
  return error instanceof CardTransportError || error instanceof PcscError;
}

export function cardRefusal(error: unknown, who: string): Refusal {
  if (error instanceof Refusal) return error;
  if (isCardGone(error))
    return new Refusal(
      'device-missing',
      `${capital(who)} is no longer reachable (${(error as Error).message}). Insert the card again and run the step again; what was done so far is recorded.`,
      { cause: error },
    );
  if (error instanceof SmartCardHsmStatusError)
    return new Refusal('device-error', `${capital(who)} refused ${error.message}.`, {
      cause: error,
    });
  if (error instanceof SmartCardHsmClientError)
    return new Refusal(
      error.code === 'bad-input' ? 'invalid-input' : 'device-error',
      `${capital(who)}: ${error.message}`,
      { cause: error },
    );
  return new Refusal('device-error', `${capital(who)} failed: ${String(error)}`, { cause: error });
}

/** VERIFY the user PIN; a wrong or blocked PIN becomes its own sentence, tries left included. */
export async function verifyUserPin(
  client: SmartCardHsmClient,
  pin: string,
  who: string,
): Promise<void> {
  try {
    await client.verifyPin(pin);
  } catch (error) {
    if (error instanceof SmartCardHsmStatusError) {
      if (error.sw === REFERENCE_NOT_FOUND)
        throw new Refusal(
          'device-error',
          `${capital(who)} has never been initialised (it has no user PIN yet), so it holds no DKEK and no keys: it is not a clone yet. Restore it first (custos dkek restore), or insert the right card.`,
          { cause: error },
        );
      if (error.sw === AUTHENTICATION_BLOCKED || error.triesLeft === 0)
        throw new Refusal(
          'wrong-password',
          `The user PIN of ${who} is blocked after too many wrong tries, so nothing on it can be used. The security officer unblocks it with the SO-PIN (sc-hsm-tool --unlock-pin), then run this step again with the right PIN.`,
          { cause: error },
        );
      if (error.triesLeft !== undefined)
        throw new Refusal(
          'wrong-password',
          `The user PIN given for ${who} is wrong: ${error.triesLeft} ${error.triesLeft === 1 ? 'try is' : 'tries are'} left before it is blocked. Check the PIN (as typed, or in the PIN file) and run the step again.`,
          { cause: error },
        );
    }
    throw cardRefusal(error, who);
  }
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
