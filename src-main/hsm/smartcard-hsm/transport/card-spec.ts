// Card strings as the DKEK commands write them (issue 10 "Headless"), and opening them:
//   schsm-sim:<state file>   a simulated SmartCard-HSM kept in that file (created fresh if missing)
//   pcsc:<reader name>       the card in that PC/SC reader (a real token, or vpcd's virtual card)
// The simulator is opened here, in the transport layer, so nothing above it imports simulator/.

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

export function parseCardSpec(text: string, cwd: string = process.cwd()): CardSpec {
  const spec = text.trim();
  if (spec === '') throw new CardSpecError(`no card was given; ${FORMS}`);
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
        `"${spec}" names no reader; write the reader's name as pcsc_scan shows it, like "pcsc:Virtual PCD 00 00"`,
      );
    return { kind: 'pcsc', reader };
  }
  throw new CardSpecError(`"${spec}" is not a card; ${FORMS}`);
}

export interface OpenedCard {
  transport: CardTransport;
  simulated: boolean;
  /** Ends the card session; a simulated card's state is written and its lock released. */
  close(): Promise<void>;
}

export async function openCard(spec: CardSpec): Promise<OpenedCard> {
  if (spec.kind === 'pcsc') {
    const transport = await PcscTransport.open(spec.reader);
    return { transport, simulated: false, close: () => transport.close() };
  }
  const card = await SimulatedSmartCardHsm.open({ statePath: spec.statePath });
  const transport = new SimulatorCardTransport(card, `simulated SmartCard-HSM (${spec.statePath})`);
  return {
    transport,
    simulated: true,
    close: async () => {
      await transport.close();
      await card.close();
    },
  };
}
