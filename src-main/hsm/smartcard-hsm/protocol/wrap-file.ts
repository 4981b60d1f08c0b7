// The file `sc-hsm-tool --wrap-key` writes and `--unwrap-key` reads (spec §6): a DER SEQUENCE of
// the blob (OCTET STRING), then optionally the key's PRKD (A0…) and its certificate or CV
// request (30… / 67… / 7F21…), copied from EF C4‹ref› and EF CE‹ref›.

import { readTlv, tlv, TlvFormatError } from './tlv';

export interface WrapFile {
  blob: Uint8Array;
  prkd: Uint8Array | undefined;
  certificate: Uint8Array | undefined;
}

export class WrapFileFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WrapFileFormatError';
  }
}

export function buildWrapFile(file: WrapFile): Uint8Array {
  return tlv(
    0x30,
    tlv(0x04, file.blob),
    file.prkd ?? new Uint8Array(0),
    file.certificate ?? new Uint8Array(0),
  );
}

/** Re-encodes one TLV read from a buffer (so the PRKD and certificate come back whole). */
function raw(bytes: Uint8Array, start: number, next: number): Uint8Array {
  return bytes.slice(start, next);
}

export function parseWrapFile(bytes: Uint8Array): WrapFile {
  try {
    const outer = readTlv(bytes, 0);
    if (outer.tlv.tag !== 0x30)
      throw new WrapFileFormatError('a wrapped-key file starts with a DER SEQUENCE (30)');
    const inner = outer.tlv.value;
    const first = readTlv(inner, 0);
    if (first.tlv.tag !== 0x04)
      throw new WrapFileFormatError(
        'a wrapped-key file holds the key blob as an OCTET STRING (04) first',
      );
    let prkd: Uint8Array | undefined;
    let certificate: Uint8Array | undefined;
    let offset = first.next;
    while (offset < inner.length) {
      const item = readTlv(inner, offset);
      const whole = raw(inner, offset, item.next);
      if (item.tlv.tag === 0xa0 || item.tlv.tag === 0xa1 || item.tlv.tag === 0xa2) prkd = whole;
      else certificate = whole;
      offset = item.next;
    }
    return { blob: first.tlv.value, prkd, certificate };
  } catch (error) {
    if (error instanceof WrapFileFormatError) throw error;
    if (error instanceof TlvFormatError)
      throw new WrapFileFormatError(
        `this is not a wrapped-key file from sc-hsm-tool: ${error.message}`,
      );
    throw error;
  }
}
