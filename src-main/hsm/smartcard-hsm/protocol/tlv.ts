// BER-TLV as the SmartCard-HSM uses it: one- and two-byte tags (5F29, 7F49), lengths in the
// short form or 81/82 long form. INITIALIZE DEVICE data, FCPs, the odd-INS file offsets and the
// CV request are all built from these.

import { concatBytes } from '../../yubihsm/protocol/bytes';

export interface Tlv {
  tag: number;
  value: Uint8Array;
}

export class TlvFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TlvFormatError';
  }
}

function encodeTag(tag: number): Uint8Array {
  if (tag < 0 || tag > 0xffff) throw new TlvFormatError(`tag ${tag} is out of range`);
  return tag > 0xff ? Uint8Array.of(tag >> 8, tag & 0xff) : Uint8Array.of(tag);
}

export function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  if (length <= 0xff) return Uint8Array.of(0x81, length);
  if (length <= 0xffff) return Uint8Array.of(0x82, length >> 8, length & 0xff);
  throw new TlvFormatError(`a value of ${length} bytes is too long for a TLV`);
}

export function tlv(tag: number, ...values: Uint8Array[]): Uint8Array {
  const value = concatBytes(...values);
  return concatBytes(encodeTag(tag), encodeLength(value.length), value);
}

/** Reads one TLV at `offset`; returns it and the offset after it. */
export function readTlv(bytes: Uint8Array, offset: number): { tlv: Tlv; next: number } {
  let at = offset;
  const need = (n: number) => {
    if (at + n > bytes.length) throw new TlvFormatError('the data ends inside a TLV');
  };
  need(1);
  let tag = bytes[at++]!;
  // Two-byte tags: low five bits all set in the first byte (5F.., 7F..).
  if ((tag & 0x1f) === 0x1f) {
    need(1);
    tag = (tag << 8) | bytes[at++]!;
  }
  need(1);
  let length = bytes[at++]!;
  if (length === 0x81) {
    need(1);
    length = bytes[at++]!;
  } else if (length === 0x82) {
    need(2);
    length = (bytes[at]! << 8) | bytes[at + 1]!;
    at += 2;
  } else if (length > 0x80) {
    throw new TlvFormatError(`length form ${length.toString(16)} is not supported`);
  }
  need(length);
  return { tlv: { tag, value: bytes.slice(at, at + length) }, next: at + length };
}

/** Parses a run of TLVs that fills `bytes` exactly. */
export function parseTlvs(bytes: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const { tlv: item, next } = readTlv(bytes, offset);
    out.push(item);
    offset = next;
  }
  return out;
}

export function findTlv(items: Tlv[], tag: number): Uint8Array | undefined {
  return items.find((item) => item.tag === tag)?.value;
}
