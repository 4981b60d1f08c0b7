// What a simulated SmartCard-HSM keeps: the persistent state (its flash: PINs and their retry
// counters, the DKEK accumulator, keys, files) and the card session (the applet selected, which
// PIN was verified, the current file), which a power cycle or a new SELECT drops (spec §7.1).

import type { CardKey } from './card-keys';

/** A real SmartCard-HSM / Nitrokey HSM 2, or a Pico HSM with its differences (spec §7.1). */
export type CardFlavour = 'smartcard-hsm' | 'pico-hsm';

export interface DkekState {
  /** Shares the device was initialised for (tag 92); 1 for a random DKEK (tag 92 = 0). */
  total: number;
  outstanding: number;
  /** XOR of the shares imported so far; the DKEK once outstanding is 0 (spec §1). */
  accumulator: Uint8Array;
}

export interface CardState {
  initialised: boolean;
  options: number;
  userPin: Uint8Array | undefined;
  userPinRetryLimit: number;
  userPinTriesLeft: number;
  /** The SO-PIN (initialization code); undefined on a factory-fresh card. */
  soPin: Uint8Array | undefined;
  soPinTriesLeft: number;
  dkek: DkekState | undefined;
  keys: Map<number, CardKey>;
  /** Elementary files by FID: PRKD C4‹ref›, certificates CE‹ref›, EF.TokenInfo, staging 2F10. */
  files: Map<number, Uint8Array>;
  /** The device authentication key that signs the outer layer of CV requests. */
  deviceKey: Uint8Array;
}

export interface CardSession {
  /** The SmartCard-HSM applet is the card's default application, selected at power-on. */
  appletSelected: boolean;
  userPinVerified: boolean;
  soPinVerified: boolean;
  currentFile: number | undefined;
}

/** The SO-PIN retry counter of a SmartCard-HSM. */
export const SO_PIN_TRIES = 15;

export function factoryState(deviceKey: Uint8Array): CardState {
  return {
    initialised: false,
    options: 0x0001,
    userPin: undefined,
    userPinRetryLimit: 3,
    userPinTriesLeft: 0,
    soPin: undefined,
    soPinTriesLeft: SO_PIN_TRIES,
    dkek: undefined,
    keys: new Map(),
    files: new Map(),
    deviceKey,
  };
}

export function freshSession(): CardSession {
  return {
    appletSelected: true,
    userPinVerified: false,
    soPinVerified: false,
    currentFile: undefined,
  };
}

/** The DKEK, when every share is in; undefined otherwise. */
export function completeDkek(state: CardState): Uint8Array | undefined {
  return state.dkek && state.dkek.outstanding === 0 ? state.dkek.accumulator : undefined;
}

/** Zeroes the PINs, the DKEK and the keys, and forgets keys and files (re-initialisation). */
export function wipeUserData(state: CardState): void {
  state.userPin?.fill(0);
  state.soPin?.fill(0);
  state.dkek?.accumulator.fill(0);
  for (const key of state.keys.values()) {
    if (key.kind === 'ec-p256') key.d.fill(0);
    if (key.kind === 'aes') key.key.fill(0);
  }
  state.keys.clear();
  state.files.clear();
}

/** Zeroes every secret the state holds (the state is not used afterwards). */
export function wipeState(state: CardState): void {
  wipeUserData(state);
  state.deviceKey.fill(0);
}
