// Typed commands to a SmartCard-HSM, Nitrokey HSM 2 or Pico HSM over any CardTransport (PC/SC,
// the in-process simulator, a vpcd card): one method per step of a DKEK ceremony (spec §5.1).
// Status words other than 9000 become SmartCardHsmStatusErrors naming the command; refusals
// made before touching the device (a wrapped key from another domain, a taken key reference)
// are SmartCardHsmClientErrors. The commands live in one module per family beside this one.

import type { CardTransport } from '../transport/card-transport';
import { select, getChallenge, type AppletInfo } from './applet';
import { CardChannel } from './card-channel';
import { dkekStatus, importDkekShare } from './dkek';
import type { DkekStatus } from './dkek-status';
import {
  deleteFile,
  fileExists,
  listFiles,
  listKeys,
  readFile,
  writeFile,
  type KeyListing,
} from './files';
import { generateKeyPair, sign, type KeyAlgorithm, type SignatureAlgorithm } from './keys';
import {
  initialize,
  pinStatus,
  unblockPin,
  verifyPin,
  verifySoPin,
  type InitializeOptions,
  type PinStatus,
} from './pins';
import { exportKey, importKey, unwrapKey, wrapKey } from './wrap';

export interface UnwrapOptions {
  /** Stage the blob in EF 2F10, then a data-less UNWRAP (OpenSC 0.24); else one APDU (0.23). */
  staged?: boolean;
  /** The domain's recorded KCV, for a device that hides its own (a Pico HSM without a PIN). */
  expectedKcv?: string;
}

export class SmartCardHsmClient {
  private readonly channel: CardChannel;

  constructor(readonly transport: CardTransport) {
    this.channel = new CardChannel(transport);
  }

  /** Sends one command as given; the answer's data and status word, unchecked. */
  exchange(
    fields: Parameters<CardChannel['exchange']>[0],
  ): Promise<{ data: Uint8Array; sw: number }> {
    return this.channel.exchange(fields);
  }

  /** SELECT the applet: its name and version as OpenSC reads them from the FCP. */
  select(): Promise<AppletInfo> {
    return select(this.channel);
  }

  getChallenge(length: number): Promise<Uint8Array> {
    return getChallenge(this.channel, length);
  }

  pinStatus(which: 'user' | 'so' = 'user'): Promise<PinStatus> {
    return pinStatus(this.channel, which);
  }

  verifyPin(pin: string): Promise<void> {
    return verifyPin(this.channel, pin);
  }

  verifySoPin(soPin: string): Promise<void> {
    return verifySoPin(this.channel, soPin);
  }

  /** The SO-PIN unblocks the user PIN (and sets a new one when given). */
  unblockPin(soPin: string, newPin?: string): Promise<void> {
    return unblockPin(this.channel, soPin, newPin);
  }

  initialize(options: InitializeOptions): Promise<void> {
    return initialize(this.channel, options);
  }

  /** The DKEK status; with `pin`, VERIFY first in the same session (a Pico HSM needs it). */
  dkekStatus(options: { pin?: string } = {}): Promise<DkekStatus> {
    return dkekStatus(this.channel, options);
  }

  /** One 32-byte share; the answer names a DKEK made of the same share twice. */
  importDkekShare(share: Uint8Array): Promise<DkekStatus> {
    return importDkekShare(this.channel, share);
  }

  wrapKey(keyReference: number): Promise<Uint8Array> {
    return wrapKey(this.channel, keyReference);
  }

  unwrapKey(keyReference: number, blob: Uint8Array, options: UnwrapOptions = {}): Promise<void> {
    return unwrapKey(this.channel, keyReference, blob, options);
  }

  /** The file `sc-hsm-tool --wrap-key` writes for the key. */
  exportKey(keyReference: number): Promise<Uint8Array> {
    return exportKey(this.channel, keyReference);
  }

  /** What `sc-hsm-tool --unwrap-key` does with such a file. */
  importKey(
    keyReference: number,
    wrapFile: Uint8Array,
    options: UnwrapOptions = {},
  ): Promise<void> {
    return importKey(this.channel, keyReference, wrapFile, options);
  }

  fileExists(fid: number): Promise<boolean> {
    return fileExists(this.channel, fid);
  }

  readFile(fid: number): Promise<Uint8Array> {
    return readFile(this.channel, fid);
  }

  writeFile(fid: number, content: Uint8Array, offset = 0): Promise<void> {
    return writeFile(this.channel, fid, content, offset);
  }

  deleteFile(fid: number): Promise<void> {
    return deleteFile(this.channel, fid);
  }

  listFiles(): Promise<number[]> {
    return listFiles(this.channel);
  }

  listKeys(): Promise<KeyListing[]> {
    return listKeys(this.channel);
  }

  generateKeyPair(
    keyReference: number,
    options: { algorithm: KeyAlgorithm; label: string },
  ): Promise<{ cvRequest: Uint8Array; publicKey: Uint8Array }> {
    return generateKeyPair(this.channel, keyReference, options);
  }

  sign(keyReference: number, data: Uint8Array, algorithm: SignatureAlgorithm): Promise<Uint8Array> {
    return sign(this.channel, keyReference, data, algorithm);
  }
}
