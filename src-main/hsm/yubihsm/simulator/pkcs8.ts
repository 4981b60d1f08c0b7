// PKCS#8 private keys (RFC 5208, RFC 8017 A.1.2, RFC 5915, RFC 8410): the raw-key form that
// asymmetric wrap (GET / PUT RSA WRAPPED KEY, fw 2.4) carries for asymmetric keys, as
// python-yubihsm's export_raw_key documents. Reading goes back to the device's internal body.

import { Algorithm } from '../protocol/algorithms';
import { isEc, isRsa } from './asymmetric-keys';
import { curveOid } from './attestation';
import { bigintToBytes } from './bytes';
import {
  Tag,
  bitString,
  derNull,
  expectTag,
  explicit,
  integerMagnitude,
  octetString,
  oid,
  readChildren,
  readElement,
  sequence,
  smallInteger,
  unsignedInteger,
} from './der';
import { refuse } from './device-failure';
import { ecBodyFromScalar, ecScalarLength } from './ec-keys';
import { ED25519_BODY_WITH_SEED_LENGTH, ed25519BodyFromSeed } from './ed25519-keys';
import { parseBody, rsaBodyFromPrimes, rsaModulusLength } from './rsa-keys';

const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const ED25519 = '1.3.101.112';

function wrap(algorithmIdentifier: Uint8Array, privateKey: Uint8Array): Uint8Array {
  return sequence(smallInteger(0), algorithmIdentifier, octetString(privateKey));
}

/** PKCS#8 DER of an asymmetric key body; an Ed25519 key without its seed -> INVALID_DATA. */
export function pkcs8FromBody(algorithm: number, body: Uint8Array): Uint8Array {
  if (isRsa(algorithm)) {
    const parts = parseBody(algorithm, body);
    const half = rsaModulusLength(algorithm) / 2;
    const int = (value: bigint, width: number) => unsignedInteger(bigintToBytes(value, width));
    return wrap(
      sequence(oid(RSA_ENCRYPTION), derNull()),
      sequence(
        smallInteger(0),
        int(parts.n, 2 * half),
        smallInteger(65537),
        int(parts.d, 2 * half),
        int(parts.p, half),
        int(parts.q, half),
        int(parts.dP, half),
        int(parts.dQ, half),
        int(parts.qInv, half),
      ),
    );
  }
  if (isEc(algorithm)) {
    const width = ecScalarLength(algorithm);
    return wrap(
      sequence(oid(EC_PUBLIC_KEY), oid(curveOid(algorithm))),
      sequence(
        smallInteger(1),
        octetString(body.subarray(0, width)),
        explicit(1, bitString(Uint8Array.of(0x04, ...body.subarray(width, 3 * width)))),
      ),
    );
  }
  if (algorithm === Algorithm.Ed25519) {
    if (body.length !== ED25519_BODY_WITH_SEED_LENGTH) refuse.invalidData();
    return wrap(sequence(oid(ED25519)), octetString(body.subarray(96)));
  }
  return refuse.invalidData();
}

function leftPad(bytes: Uint8Array, width: number): Uint8Array {
  if (bytes.length > width) refuse.invalidData();
  const out = new Uint8Array(width);
  out.set(bytes, width - bytes.length);
  return out;
}

/** The internal body of a PKCS#8 key that must be of `algorithm`; anything else INVALID_DATA. */
export function bodyFromPkcs8(algorithm: number, der: Uint8Array): Uint8Array {
  let fields;
  let identifier;
  try {
    fields = readChildren(expectTag(readElement(der), Tag.Sequence).content);
    identifier = readChildren(expectTag(fields[1], Tag.Sequence).content);
  } catch {
    return refuse.invalidData();
  }
  const oidIs = (dotted: string, index = 0) => {
    const element = identifier[index];
    return element !== undefined && equal(element.encoded, oid(dotted));
  };
  try {
    const inner = expectTag(fields[2], Tag.OctetString).content;
    if (isRsa(algorithm) && oidIs(RSA_ENCRYPTION)) {
      const numbers = readChildren(expectTag(readElement(inner), Tag.Sequence).content);
      const half = rsaModulusLength(algorithm) / 2;
      const p = leftPad(integerMagnitude(numbers[4]!), half);
      const q = leftPad(integerMagnitude(numbers[5]!), half);
      return rsaBodyFromPrimes(algorithm, new Uint8Array([...p, ...q]));
    }
    if (isEc(algorithm) && oidIs(EC_PUBLIC_KEY) && oidIs(curveOid(algorithm), 1)) {
      const ecKey = readChildren(expectTag(readElement(inner), Tag.Sequence).content);
      const scalar = expectTag(ecKey[1], Tag.OctetString).content;
      return ecBodyFromScalar(algorithm, leftPad(scalar, ecScalarLength(algorithm)));
    }
    if (algorithm === Algorithm.Ed25519 && oidIs(ED25519))
      return ed25519BodyFromSeed(expectTag(readElement(inner), Tag.OctetString).content);
  } catch {
    return refuse.invalidData();
  }
  return refuse.invalidData();
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
