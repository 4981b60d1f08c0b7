// Everything the simulated device keeps across power cycles: objects, options and the log.
// Sessions are not here: a restart drops them, as unplugging a real device does.

import { deriveAuthenticationKeys } from '../crypto/password-keys';
import { Algorithm } from '../protocol/algorithms';
import { ALL_CAPABILITIES } from '../protocol/capabilities';
import { ALL_DOMAINS } from '../protocol/domains';
import { ObjectType } from '../protocol/object-types';
import { AuditLog } from './audit-log';
import { concatBytes } from '../protocol/bytes';
import { FACTORY_KEY_ID, FACTORY_KEY_LABEL, FACTORY_PASSWORD } from '../protocol/factory-state';
import { factoryOptions, type DeviceOptions } from './device-options';
import { newDeviceSecrets, type DeviceSecrets } from './device-secrets';
import { Origin, labelBytes, withDelegated, type HsmObject } from './hsm-object';
import { ObjectStore } from './object-store';

export interface DeviceState {
  store: ObjectStore;
  options: DeviceOptions;
  log: AuditLog;
  /** Manufacture-time keys; RESET DEVICE keeps them. */
  device: DeviceSecrets;
}

/**
 * Factory state (spec §7): one authentication key, id 1, all capabilities and delegated
 * capabilities, all domains, origin imported, sequence 0; options off; the log after reset.
 */
export async function factoryState(
  device: DeviceSecrets = newDeviceSecrets(),
): Promise<DeviceState> {
  const keys = await deriveAuthenticationKeys(FACTORY_PASSWORD);
  const key = concatBytes(keys.encryptionKey, keys.macKey);
  keys.encryptionKey.fill(0);
  keys.macKey.fill(0);
  const defaultKey: HsmObject = {
    id: FACTORY_KEY_ID,
    type: ObjectType.AuthenticationKey,
    algorithm: Algorithm.Aes128YubicoAuthentication,
    label: labelBytes(FACTORY_KEY_LABEL),
    domains: ALL_DOMAINS,
    capabilities: ALL_CAPABILITIES,
    sequence: 0,
    origin: Origin.Imported,
    body: withDelegated(ALL_CAPABILITIES, key),
  };
  key.fill(0);
  const store = new ObjectStore();
  store.nextSequence(defaultKey.type, defaultKey.id);
  store.add(defaultKey);
  return { store, options: factoryOptions(), log: AuditLog.afterReset(), device };
}

/** RESET DEVICE (spec §7): the old objects' key bytes are overwritten before they are dropped. */
export async function resetState(state: DeviceState): Promise<void> {
  const fresh = await factoryState(state.device);
  state.store.wipe();
  state.store.slots.push(...fresh.store.slots);
  for (const [key, value] of fresh.store.creations) state.store.creations.set(key, value);
  state.options = fresh.options;
  state.log = fresh.log;
}
