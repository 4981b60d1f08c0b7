// The file `sc-hsm-tool --wrap-key` writes and `--unwrap-key` reads (spec §6): a DER SEQUENCE of
// the blob (OCTET STRING), then optionally the key's PRKD (A0…) and its certificate or CV
// request (30… / 67… / 7F21…), copied from EF C4‹ref› and EF CE‹ref›.

import { parseTlvs, readTlv, tlv, TlvFormatError, type Tlv } from './tlv';

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

/** An X.509 certificate: SEQUENCE { tbsCertificate, signatureAlgorithm, signature BIT STRING }. */
function looksLikeX509(element: Tlv): boolean {
  if (element.tag !== 0x30) return false;
  try {
    const children = parseTlvs(element.value);
    return children.length === 3 && children[2]!.tag === 0x03;
  } catch {
    return false;
  }
}

/**
 * After the blob come the PRKD and then the certificate, by position, as sc-hsm-tool writes
 * and reads them. A PRKD may start with 30 (an RSA key) just as an X.509 certificate does, so a
 * lone element is told apart by its shape: a CV request (67, 7F21) or an X.509 certificate is
 * the certificate, anything else the PRKD.
 */
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
    const rest: { element: Tlv; whole: Uint8Array }[] = [];
    let offset = first.next;
    while (offset < inner.length) {
      const item = readTlv(inner, offset);
      rest.push({ element: item.tlv, whole: inner.slice(offset, item.next) });
      offset = item.next;
    }
    if (rest.length > 2)
      throw new WrapFileFormatError(
        'a wrapped-key file holds at most a key description and a certificate after the key',
      );
    let prkd: Uint8Array | undefined;
    let certificate: Uint8Array | undefined;
    if (rest.length === 2) [prkd, certificate] = [rest[0]!.whole, rest[1]!.whole];
    else if (rest.length === 1) {
      const { element, whole } = rest[0]!;
      const isCertificate =
        element.tag === 0x67 || element.tag === 0x7f21 || looksLikeX509(element);
      if (isCertificate) certificate = whole;
      else prkd = whole;
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
