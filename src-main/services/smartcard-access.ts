// How the DKEK ceremonies reach a SmartCard-HSM in the app: by the id the SmartCard list shows,
// through the SmartCardService (the simulated pair, PC/SC readers). The renderer never names a
// reader or a state file. When a step ends, the card's line on the home screen is read again, as
// the step may have changed it (initialised, shares in, keys unwrapped).

import type { CardAccess } from '../ceremonies/dkek/card-access';
import type { SmartCardService } from './smartcard-service';

export function smartCardAccess(cards: SmartCardService): CardAccess {
  return {
    async open(id) {
      const simulated = cards.list().cards.find((card) => card.id === id)?.simulated ?? false;
      const transport = await cards.openTransport(id);
      return {
        transport,
        simulated,
        close: async () => {
          await transport.close();
          void cards.refresh(id).catch(() => undefined);
        },
      };
    },
  };
}
