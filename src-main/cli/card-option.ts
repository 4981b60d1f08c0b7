// The --device option of the SmartCard-HSM commands (dkek init, status, import, and the back-up
// and clone commands): schsm-sim:<state file> or pcsc:<reader name>; a bad string is a usage
// error. The YubiHSM 2 commands' --device is device-option.ts.

import {
  CardSpecError,
  openCard,
  parseCardSpec,
  type CardSpec,
  type OpenedCard,
} from '../hsm/smartcard-hsm/transport/card-spec';
import { CliError, UsageError } from './command';

export const CARD_DEVICE_FORMS = 'schsm-sim:<state file> or pcsc:<reader name>';

export function cardSpecOption(text: string | undefined, cwd: string): CardSpec {
  if (text === undefined) throw new UsageError(`--device is required: ${CARD_DEVICE_FORMS}`);
  try {
    return parseCardSpec(text, cwd);
  } catch (error) {
    if (error instanceof CardSpecError) throw new UsageError(`--device: ${error.message}`);
    throw error;
  }
}

/** Opens the card; failing to reach it is an expected error (exit 1) with its sentence. */
export async function openCardOption(spec: CardSpec, shownPath: string): Promise<OpenedCard> {
  try {
    return await openCard(spec, shownPath);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}
