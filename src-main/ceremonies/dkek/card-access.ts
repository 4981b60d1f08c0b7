// How a DKEK ceremony engine reaches a SmartCard-HSM: by id, through whoever owns the cards (the
// app's SmartCardService, or a `schsm-sim:` / `pcsc:` string in the CLI). As with the YubiHSM 2
// engines, a step opens the card, does its work and closes it, so a card pulled out costs one
// step, not the ceremony.

import { SmartCardHsmClient } from '../../hsm/smartcard-hsm/client';
import type { CardTransport } from '../../hsm/smartcard-hsm/transport/card-transport';
import { cardRefusal } from './card-failures';
import { readCardIdentity, type CardIdentity } from './device-identity';

export interface OpenCard {
  transport: CardTransport;
  simulated: boolean;
  close(): Promise<void>;
}

export interface CardAccess {
  /** A fresh session with the card with this id; the caller closes it. */
  open(deviceId: string): Promise<OpenCard>;
}

export interface CardInHand {
  client: SmartCardHsmClient;
  identity: CardIdentity;
  simulated: boolean;
}

/** Opens the card, selects the applet, reads who it is, runs `use`, closes whatever happens. */
export async function withCard<T>(
  access: CardAccess,
  deviceId: string,
  who: string,
  use: (card: CardInHand) => Promise<T>,
): Promise<T> {
  let opened: OpenCard;
  try {
    opened = await access.open(deviceId);
  } catch (error) {
    throw cardRefusal(error, who);
  }
  try {
    const client = new SmartCardHsmClient(opened.transport);
    let identity: CardIdentity;
    try {
      identity = await readCardIdentity(client);
    } catch (error) {
      throw cardRefusal(error, who);
    }
    return await use({ client, identity, simulated: opened.simulated });
  } finally {
    await opened.close().catch(() => undefined);
  }
}
