// The answer to GENERATE ASYMMETRIC KEY PAIR: a card-verifiable certificate request (BSI TR-03110
// format, as the SmartCard-HSM returns it). The inner request 7F21 { 7F4E body, 5F37 signature
// by the new key } proves possession of the key; the outer 67 adds the device's own
// authentication reference (42) and its signature (5F37) over the inner request and that
// reference, so the request is traceable to the device that made the key.

import { concatBytes } from '../../yubihsm/protocol/bytes';
import { KeyAlgorithmOid } from '../protocol/wrapped-key';
import { tlv } from '../protocol/tlv';
import {
  ecdsaSignPlain,
  ecPublicPoint,
  p256Parameters,
  rsaPublicParts,
  rsaSignSha256,
  type CardKey,
} from './card-keys';

const ascii = (text: string) => new Uint8Array(Buffer.from(text, 'ascii'));

/** The public key template 7F49 of a CV request for the key. */
export function publicKeyTemplate(key: CardKey): Uint8Array {
  if (key.kind === 'ec-p256') {
    const p = p256Parameters;
    return tlv(
      0x7f49,
      tlv(0x06, KeyAlgorithmOid.ECDSA_SHA256),
      tlv(0x81, p.prime),
      tlv(0x82, p.a),
      tlv(0x83, p.b),
      tlv(0x84, p.generator),
      tlv(0x85, p.order),
      tlv(0x86, ecPublicPoint(key)),
      tlv(0x87, p.cofactor),
    );
  }
  if (key.kind === 'rsa') {
    const { n, e } = rsaPublicParts(key.jwk);
    return tlv(0x7f49, tlv(0x06, KeyAlgorithmOid.RSA_V15_SHA256), tlv(0x81, n), tlv(0x82, e));
  }
  throw new RangeError('an AES key has no public key');
}

function selfSignature(key: CardKey, data: Uint8Array): Uint8Array {
  if (key.kind === 'ec-p256') return ecdsaSignPlain(key, data);
  if (key.kind === 'rsa') return rsaSignSha256(key.jwk, data);
  throw new RangeError('an AES key cannot sign');
}

export interface CvRequestNames {
  /** Certification authority reference the host asked for (42), if any. */
  car: Uint8Array | undefined;
  /** Certificate holder reference the host asked for (5F20). */
  chr: Uint8Array;
  /** The device's own holder reference, the outer CAR. */
  deviceChr: string;
}

export function buildCvRequest(
  key: CardKey,
  names: CvRequestNames,
  deviceKey: { d: Uint8Array },
): Uint8Array {
  const body = tlv(
    0x7f4e,
    tlv(0x5f29, Uint8Array.of(0)),
    names.car ? tlv(0x42, names.car) : new Uint8Array(0),
    publicKeyTemplate(key),
    tlv(0x5f20, names.chr),
  );
  const inner = tlv(0x7f21, body, tlv(0x5f37, selfSignature(key, body)));
  const outerCar = tlv(0x42, ascii(names.deviceChr));
  const outerSignature = ecdsaSignPlain(deviceKey, concatBytes(inner, outerCar));
  return tlv(0x67, inner, outerCar, tlv(0x5f37, outerSignature));
}
