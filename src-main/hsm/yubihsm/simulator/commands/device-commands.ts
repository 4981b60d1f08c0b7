// Commands about the device itself (spec §4.3): storage info, random bytes, blink, reset,
// close session, and ECHO / DEVICE INFO when sent inside a session.

import { requireSessionCapability } from '../authorization';
import { PayloadReader } from '../bytes';
import { refuse } from '../device-failure';
import { deviceInfo } from '../device-info';
import { EMPTY, type CommandHandler } from './context';

export const echo: CommandHandler = ({ payload }) => payload.slice();

export const getDeviceInfo: CommandHandler = ({ identity, state, payload }) =>
  deviceInfo(identity, state.log.used, payload);

export const getStorageInfo: CommandHandler = ({ state, payload }) => {
  new PayloadReader(payload).end();
  return state.store.storageInfo();
};

/** GET PSEUDO RANDOM: count (2) -> count bytes; more than a response frame holds is refused. */
export const getPseudoRandom: CommandHandler = ({ rights, payload, randomBytes, maxResponse }) => {
  requireSessionCapability(rights, 'get-pseudo-random');
  const reader = new PayloadReader(payload);
  const count = reader.u16();
  reader.end();
  if (count > maxResponse) refuse.invalidData();
  return randomBytes(count);
};

/** BLINK DEVICE: seconds (1) -> empty. A simulator has no LED to blink. */
export const blinkDevice: CommandHandler = ({ payload }) => {
  const reader = new PayloadReader(payload);
  reader.u8();
  reader.end();
  return EMPTY;
};

/** CLOSE SESSION: empty -> empty; the slot is freed after the (still encrypted) answer. */
export const closeSession: CommandHandler = (context) => {
  new PayloadReader(context.payload).end();
  context.after = 'close-session';
  return EMPTY;
};

/** RESET DEVICE: needs reset-device; answers empty, then wipes and reboots (spec §7). */
export const resetDevice: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'reset-device');
  new PayloadReader(context.payload).end();
  context.after = 'reset-device';
  return EMPTY;
};
