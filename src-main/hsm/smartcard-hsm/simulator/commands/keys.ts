// GENERATE ASYMMETRIC KEY PAIR (`00 46 ‹ref› 00`) for EC P-256 and RSA-2048, answered with a CV
// request as a real device does, and the sign command (`80 68 ‹ref› ‹algorithm›`) with the
// algorithms a verify ceremony needs: ECDSA (raw hash or SHA-256 on card) and RSA PKCS#1 v1.5
// (raw block, DigestInfo, or SHA-256 on card). OpenSC's sc-hsm driver sends both so.

import type { CommandApdu } from '../../protocol/apdu';
import { SignAlgorithm } from '../../protocol/constants';
import { StatusWord } from '../../protocol/status-words';
import { findTlv, parseTlvs, type Tlv } from '../../protocol/tlv';
import {
  ecdsaSign,
  generateEcP256Key,
  generateRsaKey,
  p256Parameters,
  rsaSignDigestInfo,
  rsaSignRaw,
  rsaSignSha256,
  type CardKey,
} from '../card-keys';
import { buildCvRequest } from '../cv-request';
import { deviceHolderReference } from '../device-certificate';
import { answer, hasKey, needsUserPin, ok, type Card } from './card';

/** Only RSA-2048 is generated: larger keys take seconds, and the card loop must never stall. */
const RSA_BITS = 2048;
const OID_PREFIX = Buffer.from('04007f0007020202', 'hex');
const OID_FAMILY_RSA = 0x01;
const OID_FAMILY_EC = 0x02;

function requestedKey(items: Tlv[]): CardKey | 'unsupported' | 'malformed' {
  const template = findTlv(items, 0x7f49);
  if (!template) return 'malformed';
  let inner: Tlv[];
  try {
    inner = parseTlvs(template);
  } catch {
    return 'malformed';
  }
  const oid = findTlv(inner, 0x06);
  if (!oid || oid.length !== 10 || !Buffer.from(oid.subarray(0, 8)).equals(OID_PREFIX))
    return 'unsupported';
  if (oid[8] === OID_FAMILY_RSA) {
    const size = findTlv(inner, 0x02);
    const bits = size
      ? Number(Buffer.from(size).readUIntBE(0, Math.min(size.length, 6)))
      : RSA_BITS;
    const exponent = findTlv(inner, 0x82);
    const e = exponent ? Buffer.from(exponent).toString('hex').replace(/^0+/, '') : '10001';
    if (bits !== RSA_BITS || e !== '10001') return 'unsupported';
    return generateRsaKey(RSA_BITS);
  }
  if (oid[8] === OID_FAMILY_EC) {
    const prime = findTlv(inner, 0x81);
    if (prime && !Buffer.from(prime).equals(Buffer.from(p256Parameters.prime)))
      return 'unsupported';
    return generateEcP256Key();
  }
  return 'unsupported';
}

export function generateKeyPair(apdu: CommandApdu, card: Card): Uint8Array {
  const refused = needsUserPin(card);
  if (refused) return refused;
  const ref = apdu.p1;
  // A device waiting for DKEK shares makes no keys until the DKEK is complete (spec §1).
  if (card.state.dkek && card.state.dkek.outstanding > 0)
    return answer(StatusWord.CONDITIONS_NOT_SATISFIED);
  if (hasKey(card, ref)) return answer(StatusWord.FILE_EXISTS);
  let items: Tlv[];
  try {
    items = parseTlvs(apdu.data);
  } catch {
    return answer(StatusWord.WRONG_DATA);
  }
  const key = requestedKey(items);
  if (key === 'malformed') return answer(StatusWord.WRONG_DATA);
  if (key === 'unsupported') return answer(StatusWord.FUNCTION_NOT_SUPPORTED);
  card.state.keys.set(ref, key);
  card.changed();
  const chr = findTlv(items, 0x5f20) ?? new Uint8Array(Buffer.from(`SIMKEY${ref}`, 'ascii'));
  return ok(
    buildCvRequest(
      key,
      {
        car: findTlv(items, 0x42),
        chr,
        deviceChr: deviceHolderReference(card.state.deviceKey, card.flavour),
      },
      { d: card.state.deviceKey },
    ),
  );
}

export function sign(apdu: CommandApdu, card: Card): Uint8Array {
  const refused = needsUserPin(card);
  if (refused) return refused;
  const key = card.state.keys.get(apdu.p1);
  if (!key) return answer(StatusWord.REFERENCED_DATA_NOT_FOUND);
  const data = apdu.data;
  try {
    if (key.kind === 'ec-p256') {
      if (apdu.p2 === SignAlgorithm.EC_SHA256) return ok(ecdsaSign(key, data, true));
      if (apdu.p2 === SignAlgorithm.EC_RAW) {
        if (data.length === 0 || data.length > 64) return answer(StatusWord.WRONG_DATA);
        return ok(ecdsaSign(key, data, false));
      }
    } else if (key.kind === 'rsa') {
      if (apdu.p2 === SignAlgorithm.RSA_PKCS1_SHA256) return ok(rsaSignSha256(key.jwk, data));
      if (apdu.p2 === SignAlgorithm.RSA_PKCS1_DIGEST_INFO)
        return ok(rsaSignDigestInfo(key.jwk, data));
      if (apdu.p2 === SignAlgorithm.RSA_RAW) return ok(rsaSignRaw(key.jwk, data));
    }
  } catch {
    return answer(StatusWord.WRONG_DATA);
  }
  return answer(StatusWord.FUNCTION_NOT_SUPPORTED);
}
