// The DER the simulated device writes and reads (X.690): attestation certificates, PKCS#8 keys
// for asymmetric wrap. Only definite lengths; a reader that meets anything malformed throws,
// which the command dispatcher turns into INVALID_DATA.

import { concatBytes } from '../protocol/bytes';

export const Tag = {
  Boolean: 0x01,
  Integer: 0x02,
  BitString: 0x03,
  OctetString: 0x04,
  Null: 0x05,
  Oid: 0x06,
  Utf8String: 0x0c,
  PrintableString: 0x13,
  UtcTime: 0x17,
  GeneralizedTime: 0x18,
  Sequence: 0x30,
  Set: 0x31,
} as const;

function lengthBytes(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = concatBytes(...content);
  return concatBytes(Uint8Array.of(tag), lengthBytes(body.length), body);
}

export const sequence = (...items: Uint8Array[]): Uint8Array => tlv(Tag.Sequence, ...items);

/** A non-negative INTEGER from big-endian magnitude bytes (leading zeros trimmed, sign byte added). */
export function unsignedInteger(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.length === 0 ? Uint8Array.of(0) : magnitude.subarray(start);
  return tlv(Tag.Integer, trimmed[0]! & 0x80 ? Uint8Array.of(0) : new Uint8Array(0), trimmed);
}

export function smallInteger(value: number | bigint): Uint8Array {
  let hexDigits = BigInt(value).toString(16);
  if (hexDigits.length % 2) hexDigits = `0${hexDigits}`;
  return unsignedInteger(Uint8Array.from(Buffer.from(hexDigits, 'hex')));
}

export function oid(dotted: string): Uint8Array {
  const parts = dotted.split('.').map((part) => BigInt(part));
  const arcs = [parts[0]! * 40n + parts[1]!, ...parts.slice(2)];
  const out: number[] = [];
  for (const arc of arcs) {
    const septets: number[] = [];
    let rest = arc;
    do {
      septets.unshift(Number(rest & 0x7fn));
      rest >>= 7n;
    } while (rest > 0n);
    septets.forEach((septet, i) => out.push(i < septets.length - 1 ? septet | 0x80 : septet));
  }
  return tlv(Tag.Oid, Uint8Array.from(out));
}

/** BIT STRING with no unused bits. */
export const bitString = (bytes: Uint8Array): Uint8Array =>
  tlv(Tag.BitString, Uint8Array.of(0), bytes);
export const octetString = (bytes: Uint8Array): Uint8Array => tlv(Tag.OctetString, bytes);
export const utf8String = (bytes: Uint8Array): Uint8Array => tlv(Tag.Utf8String, bytes);
export const derNull = (): Uint8Array => Uint8Array.of(Tag.Null, 0);
/** Context-specific constructed [n]. */
export const explicit = (n: number, ...content: Uint8Array[]): Uint8Array =>
  tlv(0xa0 | n, ...content);

/** One element read from DER: its tag, its content, and the whole encoding. */
export interface DerElement {
  tag: number;
  content: Uint8Array;
  encoded: Uint8Array;
}

/** Reads the element at `offset`; throws on a truncated or indefinite-length element. */
export function readElement(bytes: Uint8Array, offset = 0): DerElement {
  if (offset + 2 > bytes.length) throw new Error('DER element truncated');
  const tag = bytes[offset]!;
  let length = bytes[offset + 1]!;
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 3 || offset + 2 + count > bytes.length)
      throw new Error('DER length not supported');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[offset + 2 + i]!;
    header += count;
  }
  const end = offset + header + length;
  if (end > bytes.length) throw new Error('DER element truncated');
  return {
    tag,
    content: bytes.subarray(offset + header, end),
    encoded: bytes.subarray(offset, end),
  };
}

/** The elements inside a constructed element's content. */
export function readChildren(content: Uint8Array): DerElement[] {
  const children: DerElement[] = [];
  for (let offset = 0; offset < content.length;) {
    const child = readElement(content, offset);
    children.push(child);
    offset += child.encoded.length;
  }
  return children;
}

/** An element that must be there with the given tag. */
export function expectTag(element: DerElement | undefined, tag: number): DerElement {
  if (!element || element.tag !== tag) throw new Error('unexpected DER structure');
  return element;
}

/** INTEGER content as unsigned magnitude (the sign byte dropped). */
export function integerMagnitude(element: DerElement): Uint8Array {
  expectTag(element, Tag.Integer);
  const { content } = element;
  return content.length > 1 && content[0] === 0 ? content.subarray(1) : content;
}
