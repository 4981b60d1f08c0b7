// Card strings as the DKEK commands name a SmartCard-HSM / Nitrokey HSM 2 / Pico HSM, and opening
// them:
//   schsm-sim:<state file>   a simulated SmartCard-HSM kept in that file (made factory-fresh if
//                            missing), in this process
//   pcsc:<reader name>       a real or virtual card in that PC/SC reader, through pcscd
// The simulated card is opened once per command and shared by every transport to it, so what
// one step writes the next step sees; close() writes its state and releases its lock.

import { resolve } from 'node:path';
import { PcscTransport } from '../pcsc/pcsc-transport';
import { SimulatedSmartCardHsm } from '../simulator/simulated-smartcard-hsm';
import type { CardTransport } from './card-transport';
import { SimulatorCardTransport } from './simulator-transport';

export type CardSpec = { kind: 'schsm-sim'; statePath: string } | { kind: 'pcsc'; reader: string };

export class CardSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CardSpecError';
  }
}

const FORMS = 'use schsm-sim:<state file> or pcsc:<reader name>';

/** Parses a card string; a relative state file resolves against `cwd`. */
export function parseCardSpec(text: string, cwd: string = process.cwd()): CardSpec {
  const spec = text.trim();
  if (spec.startsWith('schsm-sim:')) {
    const path = spec.slice('schsm-sim:'.length).trim();
    if (path === '')
      throw new CardSpecError(`"${spec}" names no state file; write it like schsm-sim:a.json`);
    return { kind: 'schsm-sim', statePath: resolve(cwd, path) };
  }
  if (spec.startsWith('pcsc:')) {
    const reader = spec.slice('pcsc:'.length).trim();
    if (reader === '')
      throw new CardSpecError(
        `"${spec}" names no reader; write the reader's name as pcsc_scan shows it, like "pcsc:Nitrokey Nitrokey HSM (DENK0100000) 00 00"`,
      );
    return { kind: 'pcsc', reader };
  }
  if (spec.startsWith('sim:'))
    throw new CardSpecError(
      `"${spec}" is a simulated YubiHSM 2; a SmartCard-HSM is ${FORMS.replace('use ', '')}`,
    );
  throw new CardSpecError(`"${spec}" is not a card this command knows; ${FORMS}`);
}

export function formatCardSpec(spec: CardSpec): string {
  return spec.kind === 'schsm-sim' ? `schsm-sim:${spec.statePath}` : `pcsc:${spec.reader}`;
}

export interface OpenedCard {
  transport: CardTransport;
  simulated: boolean;
  /** For sentences and the record: the reader's name, or "simulated SmartCard-HSM (a.json)". */
  reader: string;
  /** Ends the session; a simulated card's state is written and its lock released. */
  close(): Promise<void>;
}

export async function openCard(spec: CardSpec, shownPath: string = spec.kind): Promise<OpenedCard> {
  if (spec.kind === 'pcsc') {
    const transport = await PcscTransport.open(spec.reader);
    return { transport, simulated: false, reader: spec.reader, close: () => transport.close() };
  }
  const card = await SimulatedSmartCardHsm.open({ statePath: spec.statePath });
  const name = card.flavour === 'pico-hsm' ? 'Pico HSM' : 'SmartCard-HSM';
  const reader = `simulated ${name} (${shownPath})`;
  const transport = new SimulatorCardTransport(card, reader);
  return {
    transport,
    simulated: true,
    reader,
    close: async () => {
      await transport.close();
      await card.close();
    },
  };
}
