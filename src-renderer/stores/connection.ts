// The browser host's bridge raises `custos:connection-lost` on the window when its connection to
// main closes (Custos stopped). From then on nothing this window shows about the devices is
// known: the device list is emptied (so no banner says simulated devices are connected) and the
// window says, at the top and with the focus, that Custos has stopped.

import type { Stores } from './context';

export const CONNECTION_LOST_EVENT = 'custos:connection-lost';

export const CUSTOS_STOPPED =
  'Custos has stopped, so this window no longer sees the devices or the ceremony. Start Custos again and open the link it prints: it says what became of a ceremony that was under way.';

export function followConnection(stores: Stores, target: EventTarget = window): () => void {
  const lost = () => {
    stores.devices.setState({ devices: [], load: { kind: 'failed', message: CUSTOS_STOPPED } });
    stores.host.setState({ host: { kind: 'failed', message: CUSTOS_STOPPED } });
  };
  target.addEventListener(CONNECTION_LOST_EVENT, lost);
  return () => target.removeEventListener(CONNECTION_LOST_EVENT, lost);
}
