// Test-only helpers: raw frames built with the foundation's crypto (spec §3), so the tests
// check the simulator byte for byte without depending on the client layer, plus a random
// source that hands out chosen bytes first (for the spec's vectors).

import { randomBytes } from 'node:crypto';
import { aesCbcDecrypt, aesCbcEncrypt } from '../crypto/aes';
import { deriveAuthenticationKeys, type AuthenticationKeys } from '../crypto/password-keys';
import {
  chainedMac,
  deriveSessionKeys,
  hostCryptogram,
  messageIv,
  pad,
  unpad,
  type SessionKeys,
} from '../crypto/scp03';
import { Command } from '../protocol/commands';
import { encodeFrame, tryDecodeFrame, type Frame } from '../protocol/frame';
import { concatBytes, u16 } from '../protocol/bytes';
import type { SimulatedYubiHsm } from './simulated-yubihsm';

export function hex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** Random bytes that serve `queued` first (each entry for a request of its exact length). */
export function scriptedRandom(...queued: Uint8Array[]): (count: number) => Uint8Array {
  return (count: number) => {
    const index = queued.findIndex((entry) => entry.length === count);
    if (index >= 0) return queued.splice(index, 1)[0]!.slice();
    return new Uint8Array(randomBytes(count));
  };
}

/** A clock the test moves by hand. */
export function manualClock(start = 1_700_000_000_000): {
  now: () => number;
  advance: (ms: number) => void;
} {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

let defaultKeys: Promise<AuthenticationKeys> | undefined;
export function defaultPasswordKeys(): Promise<AuthenticationKeys> {
  defaultKeys ??= deriveAuthenticationKeys('password');
  return defaultKeys;
}

export class RawSession {
  counter = 1;
  constructor(
    readonly device: SimulatedYubiHsm,
    readonly id: number,
    readonly keys: SessionKeys,
    public chain: Uint8Array,
  ) {}

  /** The outer SESSION MESSAGE frame for an inner command (spec §3.5). */
  seal(command: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
    const iv = messageIv(this.keys.encryption, this.counter);
    const cipher = aesCbcEncrypt(this.keys.encryption, iv, pad(encodeFrame(command, payload)));
    const length = 1 + cipher.length + 8;
    const body = concatBytes(
      Uint8Array.of(Command.SessionMessage),
      u16(length),
      Uint8Array.of(this.id),
      cipher,
    );
    this.chain = chainedMac(this.keys.mac, this.chain, body);
    return concatBytes(body, this.chain.subarray(0, 8));
  }

  /** Checks the R-MAC and decrypts a SESSION MESSAGE response into its inner frame. */
  open(response: Uint8Array): Frame {
    const outer = tryDecodeFrame(response);
    if (!outer || outer.code !== 0x85) throw new Error(`outer response ${toHex(response)}`);
    if (outer.payload[0] !== this.id) throw new Error('response for another session');
    const cipher = outer.payload.subarray(1, outer.payload.length - 8);
    const rmac = chainedMac(
      this.keys.responseMac,
      this.chain,
      response.subarray(0, response.length - 8),
    ).subarray(0, 8);
    if (toHex(rmac) !== toHex(outer.payload.subarray(outer.payload.length - 8)))
      throw new Error('R-MAC mismatch');
    const plain = unpad(
      aesCbcDecrypt(this.keys.encryption, messageIv(this.keys.encryption, this.counter), cipher),
    );
    this.counter += 1;
    const inner = plain && tryDecodeFrame(plain);
    if (!inner) throw new Error('inner response malformed');
    return inner;
  }

  async send(command: number, payload: Uint8Array = new Uint8Array(0)): Promise<Frame> {
    return this.open(await this.device.process(this.seal(command, payload)));
  }

  /** Sends and expects success; returns the response payload. */
  async ok(command: number, payload: Uint8Array = new Uint8Array(0)): Promise<Uint8Array> {
    const frame = await this.send(command, payload);
    if (frame.code !== (command | 0x80))
      throw new Error(
        `command 0x${command.toString(16)} answered ${frame.code === 0x7f ? `error 0x${frame.payload[0]?.toString(16)}` : `0x${frame.code.toString(16)}`}`,
      );
    return frame.payload;
  }

  /** Sends and expects a device error; returns its code. */
  async error(command: number, payload: Uint8Array = new Uint8Array(0)): Promise<number> {
    const frame = await this.send(command, payload);
    if (frame.code !== 0x7f)
      throw new Error(`command 0x${command.toString(16)} succeeded, an error was expected`);
    return frame.payload[0]!;
  }
}

/** CREATE + AUTHENTICATE SESSION with raw frames; throws with the device's answer on failure. */
export async function openRawSession(
  device: SimulatedYubiHsm,
  options: { authKeyId?: number; keys?: AuthenticationKeys; hostChallenge?: Uint8Array } = {},
): Promise<RawSession> {
  const authKeyId = options.authKeyId ?? 1;
  const keys = options.keys ?? (await defaultPasswordKeys());
  const hostChallenge = options.hostChallenge ?? new Uint8Array(randomBytes(8));
  const created = await device.process(
    encodeFrame(Command.CreateSession, concatBytes(u16(authKeyId), hostChallenge)),
  );
  if (created[0] !== 0x83) throw new Error(`CREATE SESSION answered ${toHex(created)}`);
  const id = created[3]!;
  const context = concatBytes(hostChallenge, created.subarray(4, 12));
  const sessionKeys = deriveSessionKeys(keys.encryptionKey, keys.macKey, context);
  const body = concatBytes(
    Uint8Array.of(Command.AuthenticateSession, 0x00, 0x11, id),
    hostCryptogram(sessionKeys.mac, context),
  );
  const chain = chainedMac(sessionKeys.mac, new Uint8Array(16), body);
  const authenticated = await device.process(concatBytes(body, chain.subarray(0, 8)));
  if (toHex(authenticated) !== '840000')
    throw new Error(`AUTHENTICATE SESSION answered ${toHex(authenticated)}`);
  return new RawSession(device, id, sessionKeys, chain);
}

/** The 53-byte creation prefix (spec §4.2). */
export function creationPrefix(
  id: number,
  label: string,
  domains: number,
  capabilities: bigint,
  algorithm: number,
): Uint8Array {
  const labelBytes = new Uint8Array(40);
  labelBytes.set(new TextEncoder().encode(label));
  const caps = new Uint8Array(8);
  new DataView(caps.buffer).setBigUint64(0, capabilities);
  return concatBytes(u16(id), labelBytes, u16(domains), caps, Uint8Array.of(algorithm));
}

export function capabilityBytes(mask: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, mask);
  return out;
}
