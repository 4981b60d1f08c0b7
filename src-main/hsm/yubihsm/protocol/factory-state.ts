// What every YubiHSM 2 holds when it leaves the factory or after RESET DEVICE (spec §7): one
// authentication key, id 1, whose password "password" is printed in Yubico's documentation (it
// is public, not a secret). The simulator builds this state; ceremonies and the device cards
// recognise it.

import { ObjectType } from './object-types';

export const FACTORY_KEY_ID = 1;
export const FACTORY_PASSWORD = 'password';
export const FACTORY_KEY_LABEL = 'DEFAULT AUTHKEY CHANGE THIS ASAP';

/** Factory-fresh: the factory authentication key is the only object LIST OBJECTS returns. */
export function isFactoryFresh(inventory: readonly { id: number; type: number }[]): boolean {
  return (
    inventory.length === 1 &&
    inventory[0]!.id === FACTORY_KEY_ID &&
    inventory[0]!.type === ObjectType.AuthenticationKey
  );
}
