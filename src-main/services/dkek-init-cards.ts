// How the DKEK initialisation reaches a SmartCard-HSM in the app: by the id the SmartCard list
// shows, through the SmartCardService (the simulated pair, PC/SC readers); the page never names
// a reader or a state file. Each step opens the card and closes it; the card's line on the home
// screen is read again afterwards, as the step may have changed it (initialised, shares in).

import type { CardAccess } from '../ceremonies/dkek/init-device';
import type { SmartCardService } from './smartcard-service';

export function dkekInitCards(cards: SmartCardService): CardAccess {
  return {
    async open(id) {
      const view = cards.list().cards.find((card) => card.id === id);
      const transport = await cards.openTransport(id);
      return {
        transport,
        simulated: view?.simulated ?? false,
        reader: view?.name ?? id,
        close: async () => {
          await transport.close();
          void cards.refresh(id).catch(() => undefined);
        },
      };
    },
  };
}
