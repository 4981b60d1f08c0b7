// What the home screen says about a SmartCard-HSM: its version and where its DKEK stands. Read
// with SELECT, VERIFY without data (6A88: never initialised) and the DKEK status; nothing is
// changed on the card and no PIN is sent, so a Pico HSM's hidden KCV stays hidden (spec §7.1).

import type { SmartCardStatus } from '../../shared/ipc/smartcards';
import {
  SmartCardHsmClient,
  SmartCardHsmClientError,
  SmartCardHsmStatusError,
} from '../hsm/smartcard-hsm/client';
import type { CardTransport } from '../hsm/smartcard-hsm/transport/card-transport';

const REFERENCE_NOT_FOUND = 0x6a88;

export async function probeSmartCard(transport: CardTransport): Promise<SmartCardStatus> {
  const client = new SmartCardHsmClient(transport);
  let version: string;
  try {
    version = (await client.select()).name;
  } catch (error) {
    if (error instanceof SmartCardHsmClientError && error.code === 'not-smartcard-hsm')
      return { kind: 'other-card' };
    throw error;
  }
  try {
    await client.pinStatus();
  } catch (error) {
    if (error instanceof SmartCardHsmStatusError && error.sw === REFERENCE_NOT_FOUND)
      return { kind: 'ready', version, dkek: { state: 'not-initialised' } };
    throw error;
  }
  const status = await client.dkekStatus();
  switch (status.state) {
    case 'no-dkek':
      return { kind: 'ready', version, dkek: { state: 'no-dkek' } };
    case 'pending':
      return {
        kind: 'ready',
        version,
        dkek: { state: 'pending', total: status.total, outstanding: status.outstanding },
      };
    case 'complete':
      return {
        kind: 'ready',
        version,
        dkek: { state: 'complete', total: status.total, kcv: status.kcv },
      };
    case 'complete-kcv-hidden':
      return { kind: 'ready', version, dkek: { state: 'kcv-hidden', total: status.total } };
  }
}
