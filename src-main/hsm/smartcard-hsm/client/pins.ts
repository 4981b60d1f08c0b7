// VERIFY (user PIN, SO-PIN, PIN status) and INITIALIZE DEVICE (spec §5.1, §5.2).

import { Cla, InitTag, Ins, PinReference } from '../protocol/constants';
import { SmartCardHsmStatusError, StatusWord } from '../protocol/status-words';
import { tlv } from '../protocol/tlv';
import type { CardChannel } from './card-channel';
import { SmartCardHsmClientError } from './errors';

export interface InitializeOptions {
  /** The initial user PIN, 6 to 16 characters. */
  userPin: string;
  /** The SO-PIN as 16 hex digits (sc-hsm-tool's form; the default is 3537363231383830). */
  soPin: string;
  /** Wrong user PINs before it blocks, 1..10 (default 3). */
  userPinRetries?: number;
  /** undefined: no DKEK; 0: a random DKEK of the device's own; n: n shares to import. */
  dkekShares?: number;
  /** The options word (default 0001: the SO may reset the user PIN). */
  options?: number;
}

export interface PinStatus {
  verified: boolean;
  blocked: boolean;
  /** Tries left before blocking, when the device says. */
  triesLeft: number | undefined;
}

/** VERIFY without data: whether the PIN is verified, blocked, or how many tries are left. */
export async function pinStatus(
  channel: CardChannel,
  which: 'user' | 'so' = 'user',
): Promise<PinStatus> {
  const p2 = which === 'user' ? PinReference.USER : PinReference.SO;
  const { sw } = await channel.exchange({ cla: Cla.ISO, ins: Ins.VERIFY, p1: 0, p2 });
  if (sw === StatusWord.OK) return { verified: true, blocked: false, triesLeft: undefined };
  if (sw === StatusWord.AUTHENTICATION_BLOCKED)
    return { verified: false, blocked: true, triesLeft: 0 };
  if ((sw & 0xfff0) === 0x63c0) return { verified: false, blocked: false, triesLeft: sw & 0xf };
  throw new SmartCardHsmStatusError('VERIFY (PIN status)', sw);
}

/** VERIFY the user PIN. A wrong PIN throws with `triesLeft`; a blocked one with 6983. */
export async function verifyPin(channel: CardChannel, pin: string): Promise<void> {
  const bytes = new Uint8Array(Buffer.from(pin, 'utf8'));
  try {
    await channel.command('VERIFY (user PIN)', {
      cla: Cla.ISO,
      ins: Ins.VERIFY,
      p1: 0,
      p2: PinReference.USER,
      data: bytes,
    });
  } finally {
    bytes.fill(0);
  }
}

/** VERIFY the SO-PIN, given as 16 hex digits. */
export async function verifySoPin(channel: CardChannel, soPin: string): Promise<void> {
  const bytes = soPinBytes(soPin);
  try {
    await channel.command(
      'VERIFY (SO-PIN)',
      {
        cla: Cla.ISO,
        ins: Ins.VERIFY,
        p1: 0,
        p2: PinReference.SO,
        data: bytes,
      },
      { pin: 'SO-PIN' },
    );
  } finally {
    bytes.fill(0);
  }
}

/** INITIALIZE DEVICE (spec §5.2). On an initialised device the SO-PIN must be its own. */
export async function initialize(channel: CardChannel, options: InitializeOptions): Promise<void> {
  const pin = new Uint8Array(Buffer.from(options.userPin, 'utf8'));
  const so = soPinBytes(options.soPin);
  const retries = options.userPinRetries ?? 3;
  const shares = options.dkekShares;
  const word = options.options ?? 0x0001;
  if (pin.length < 6 || pin.length > 16)
    throw new SmartCardHsmClientError('bad-input', 'The user PIN must be 6 to 16 characters.');
  if (!Number.isInteger(retries) || retries < 1 || retries > 10)
    throw new SmartCardHsmClientError('bad-input', 'The PIN retry counter must be 1 to 10.');
  if (shares !== undefined && (!Number.isInteger(shares) || shares < 0 || shares > 255))
    throw new SmartCardHsmClientError('bad-input', 'The number of DKEK shares must be 0 to 255.');
  const data = Uint8Array.from([
    ...tlv(InitTag.OPTIONS, Uint8Array.of(word >> 8, word & 0xff)),
    ...tlv(InitTag.USER_PIN, pin),
    ...tlv(InitTag.SO_PIN, so),
    ...tlv(InitTag.USER_PIN_RETRIES, Uint8Array.of(retries)),
    ...(shares === undefined ? [] : tlv(InitTag.DKEK_SHARES, Uint8Array.of(shares))),
  ]);
  try {
    await channel.command(
      'INITIALIZE DEVICE',
      {
        cla: Cla.PROPRIETARY,
        ins: Ins.INITIALIZE_DEVICE,
        p1: 0,
        p2: 0,
        data,
      },
      { pin: 'SO-PIN' },
    );
  } finally {
    pin.fill(0);
    so.fill(0);
    data.fill(0);
  }
}

function soPinBytes(soPin: string): Uint8Array {
  if (!/^[0-9a-fA-F]{16}$/.test(soPin))
    throw new SmartCardHsmClientError(
      'bad-input',
      'The SO-PIN is 16 hexadecimal digits (the default is 3537363231383830).',
    );
  return new Uint8Array(Buffer.from(soPin, 'hex'));
}

/**
 * RESET RETRY COUNTER with the SO-PIN: unblocks the user PIN, setting `newPin` when given
 * (`00 2C 00 81 ‹SO-PIN› ‹new PIN›`) or keeping the old one (`00 2C 01 81 ‹SO-PIN›`).
 */
export async function unblockPin(
  channel: CardChannel,
  soPin: string,
  newPin?: string,
): Promise<void> {
  const so = soPinBytes(soPin);
  const pin = new Uint8Array(Buffer.from(newPin ?? '', 'utf8'));
  if (newPin !== undefined && (pin.length < 6 || pin.length > 16))
    throw new SmartCardHsmClientError('bad-input', 'The user PIN must be 6 to 16 characters.');
  const data = Uint8Array.from([...so, ...pin]);
  try {
    await channel.command(
      'RESET RETRY COUNTER',
      {
        cla: Cla.ISO,
        ins: Ins.RESET_RETRY_COUNTER,
        p1: newPin === undefined ? 0x01 : 0x00,
        p2: PinReference.USER,
        data,
      },
      { pin: 'SO-PIN' },
    );
  } finally {
    so.fill(0);
    pin.fill(0);
    data.fill(0);
  }
}
