// ISO 7816-4 command and response APDUs, both directions: the client encodes commands and
// reads responses, the simulator parses commands and builds responses. Short and extended
// cases: a wrapped RSA-2048 key is longer than 256 bytes, so WRAP KEY and UNWRAP KEY need
// extended length (spec §5.1, §9).

import { StatusWord } from './status-words';

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  /** Command data (Lc is its length); empty for cases 1 and 2. */
  data: Uint8Array;
  /** Expected response length Ne: undefined for cases 1 and 3; 256 or 65536 mean "all". */
  le: number | undefined;
  /** Whether the command used (or must use) the extended length fields. */
  extended: boolean;
}

export const SHORT_MAX_DATA = 255;
export const SHORT_MAX_LE = 256;
export const EXTENDED_MAX_DATA = 65535;
export const EXTENDED_MAX_LE = 65536;

/** A command that cannot be encoded or a byte string that is not a command APDU. */
export class ApduFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApduFormatError';
  }
}

export interface CommandFields {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  le?: number;
  /** Use extended length even when short would do (OpenSC sends WRAP KEY this way). */
  extended?: boolean;
}

function checkByte(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff)
    throw new ApduFormatError(`${name} must be a byte, not ${value}`);
}

/** Encodes a command in the shortest case that carries it, extended when needed or asked. */
export function encodeCommand(fields: CommandFields): Uint8Array {
  const { cla, ins, p1, p2 } = fields;
  checkByte('CLA', cla);
  checkByte('INS', ins);
  checkByte('P1', p1);
  checkByte('P2', p2);
  const data = fields.data ?? new Uint8Array(0);
  const le = fields.le;
  if (data.length > EXTENDED_MAX_DATA)
    throw new ApduFormatError(`command data of ${data.length} bytes exceeds 65535`);
  if (le !== undefined && (!Number.isInteger(le) || le < 1 || le > EXTENDED_MAX_LE))
    throw new ApduFormatError(`Le must be 1..65536, not ${le}`);
  const extended =
    fields.extended === true ||
    data.length > SHORT_MAX_DATA ||
    (le !== undefined && le > SHORT_MAX_LE);
  const header = [cla, ins, p1, p2];
  const out: number[] = [...header];
  if (!extended) {
    if (data.length > 0) out.push(data.length, ...data);
    if (le !== undefined) out.push(le === SHORT_MAX_LE ? 0 : le);
    return Uint8Array.from(out);
  }
  if (data.length === 0 && le === undefined)
    throw new ApduFormatError('a case 1 command has no length fields to extend');
  out.push(0);
  if (data.length > 0) out.push(data.length >> 8, data.length & 0xff, ...data);
  if (le !== undefined) {
    const field = le === EXTENDED_MAX_LE ? 0 : le;
    out.push(field >> 8, field & 0xff);
  }
  return Uint8Array.from(out);
}

/** Parses a command APDU as a card does; throws ApduFormatError when no case fits. */
export function parseCommand(bytes: Uint8Array): CommandApdu {
  if (bytes.length < 4)
    throw new ApduFormatError(`a command APDU has at least 4 bytes, not ${bytes.length}`);
  const [cla, ins, p1, p2] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
  const base = { cla, ins, p1, p2 };
  const none = new Uint8Array(0);
  if (bytes.length === 4) return { ...base, data: none, le: undefined, extended: false };
  const b4 = bytes[4]!;
  if (bytes.length === 5)
    return { ...base, data: none, le: b4 === 0 ? SHORT_MAX_LE : b4, extended: false };
  if (b4 !== 0) {
    const lc = b4;
    if (bytes.length === 5 + lc)
      return { ...base, data: bytes.slice(5, 5 + lc), le: undefined, extended: false };
    if (bytes.length === 6 + lc) {
      const le = bytes[5 + lc]!;
      return {
        ...base,
        data: bytes.slice(5, 5 + lc),
        le: le === 0 ? SHORT_MAX_LE : le,
        extended: false,
      };
    }
    throw new ApduFormatError(
      `a short command with Lc ${lc} must be ${5 + lc} or ${6 + lc} bytes, not ${bytes.length}`,
    );
  }
  // Extended: 00 then two bytes.
  if (bytes.length === 7) {
    const le = (bytes[5]! << 8) | bytes[6]!;
    return { ...base, data: none, le: le === 0 ? EXTENDED_MAX_LE : le, extended: true };
  }
  if (bytes.length < 7) throw new ApduFormatError(`a ${bytes.length}-byte command is malformed`);
  const lc = (bytes[5]! << 8) | bytes[6]!;
  if (lc === 0) throw new ApduFormatError('an extended command with Lc 0 is malformed');
  if (bytes.length === 7 + lc)
    return { ...base, data: bytes.slice(7, 7 + lc), le: undefined, extended: true };
  if (bytes.length === 9 + lc) {
    const le = (bytes[7 + lc]! << 8) | bytes[8 + lc]!;
    return {
      ...base,
      data: bytes.slice(7, 7 + lc),
      le: le === 0 ? EXTENDED_MAX_LE : le,
      extended: true,
    };
  }
  throw new ApduFormatError(
    `an extended command with Lc ${lc} must be ${7 + lc} or ${9 + lc} bytes, not ${bytes.length}`,
  );
}

export interface ResponseApdu {
  data: Uint8Array;
  sw: number;
}

export function encodeResponse(data: Uint8Array, sw: number = StatusWord.OK): Uint8Array {
  const out = new Uint8Array(data.length + 2);
  out.set(data);
  out[data.length] = (sw >> 8) & 0xff;
  out[data.length + 1] = sw & 0xff;
  return out;
}

export function statusOnly(sw: number): Uint8Array {
  return encodeResponse(new Uint8Array(0), sw);
}

export function parseResponse(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2)
    throw new ApduFormatError(
      `a response APDU ends with two status bytes; ${bytes.length} bytes came back`,
    );
  return {
    data: bytes.slice(0, bytes.length - 2),
    sw: (bytes[bytes.length - 2]! << 8) | bytes[bytes.length - 1]!,
  };
}
