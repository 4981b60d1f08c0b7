// Attestation certificates (spec §4.3 SIGN ATTESTATION CERTIFICATE; Yubico's "Attestation"
// concept page, see DEVICE-NOTES.md): an X.509 v3 certificate for an asymmetric key's public
// key, issued under the attesting certificate's subject and dates, with a random 16-byte serial,
// subject "YubiHSM Attestation id 0x<id>", the Yubico extensions 1.3.6.1.4.1.41482.4.{1..6,9},
// and signed SHA256-PKCS#1 v1.5 (RSA attesting key) or ECDSA-SHA256 (EC attesting key).

import { createHash } from 'node:crypto';
import { Algorithm } from '../protocol/algorithms';
import { capabilitiesToBytes } from '../protocol/capabilities';
import { u16, u32 } from '../protocol/bytes';
import { asymmetricPublicKey, isEc, isRsa } from './asymmetric-keys';
import {
  Tag,
  bitString,
  derNull,
  explicit,
  expectTag,
  octetString,
  oid,
  readChildren,
  readElement,
  sequence,
  smallInteger,
  tlv,
  unsignedInteger,
  utf8String,
} from './der';
import { refuse } from './device-failure';
import { signEcdsa } from './ec-keys';
import type { HsmObject } from './hsm-object';
import { pkcs1SignatureBlock } from './rsa-padding';
import { rsaModulusLength, rsaPrivateOperation } from './rsa-keys';

const YUBICO_EXTENSION = '1.3.6.1.4.1.41482.4';

const CURVE_OIDS: ReadonlyMap<number, string> = new Map([
  [Algorithm.EcP224, '1.3.132.0.33'],
  [Algorithm.EcP256, '1.2.840.10045.3.1.7'],
  [Algorithm.EcP384, '1.3.132.0.34'],
  [Algorithm.EcP521, '1.3.132.0.35'],
  [Algorithm.EcK256, '1.3.132.0.10'],
  [Algorithm.EcBp256, '1.3.36.3.3.2.8.1.1.7'],
  [Algorithm.EcBp384, '1.3.36.3.3.2.8.1.1.11'],
  [Algorithm.EcBp512, '1.3.36.3.3.2.8.1.1.13'],
]);

export function curveOid(algorithm: number): string {
  return CURVE_OIDS.get(algorithm) ?? refuse.invalidData();
}

/** SubjectPublicKeyInfo of an asymmetric key (RFC 5280, RFC 5480, RFC 8410). */
export function subjectPublicKeyInfo(algorithm: number, body: Uint8Array): Uint8Array {
  const publicKey = asymmetricPublicKey(algorithm, body);
  if (isRsa(algorithm))
    return sequence(
      sequence(oid('1.2.840.113549.1.1.1'), derNull()),
      bitString(sequence(unsignedInteger(publicKey), smallInteger(65537))),
    );
  if (isEc(algorithm))
    return sequence(
      sequence(oid('1.2.840.10045.2.1'), oid(curveOid(algorithm))),
      bitString(Uint8Array.of(0x04, ...publicKey)),
    );
  if (algorithm === Algorithm.Ed25519)
    return sequence(sequence(oid('1.3.101.112')), bitString(publicKey));
  return refuse.invalidData();
}

/** The key that signs: an RSA or EC private body. Ed25519 cannot attest (Yubico docs). */
export interface Signer {
  algorithm: number;
  body: Uint8Array;
}

function signatureAlgorithm(signer: Signer): Uint8Array {
  if (isRsa(signer.algorithm)) return sequence(oid('1.2.840.113549.1.1.11'), derNull());
  if (isEc(signer.algorithm)) return sequence(oid('1.2.840.10045.4.3.2'));
  return refuse.invalidData();
}

function sign(
  signer: Signer,
  tbs: Uint8Array,
  randomBytes: (count: number) => Uint8Array,
): Uint8Array {
  const digest = new Uint8Array(createHash('sha256').update(tbs).digest());
  if (isRsa(signer.algorithm)) {
    const block = pkcs1SignatureBlock(digest, rsaModulusLength(signer.algorithm));
    return rsaPrivateOperation(signer.algorithm, signer.body, block);
  }
  return signEcdsa(signer.algorithm, signer.body, digest, randomBytes);
}

/** The issuer-side parts copied from the attesting certificate: its subject and validity. */
export interface IssuerTemplate {
  subject: Uint8Array;
  validity: Uint8Array;
}

/** Reads subject and validity out of a DER certificate; anything else -> INVALID_DATA. */
export function templateFromCertificate(certificate: Uint8Array): IssuerTemplate {
  try {
    const outer = expectTag(readElement(certificate), Tag.Sequence);
    const tbs = expectTag(readChildren(outer.content)[0], Tag.Sequence);
    const fields = readChildren(tbs.content);
    const offset = fields[0]?.tag === 0xa0 ? 1 : 0;
    // serial, signature, issuer, validity, subject
    const validity = expectTag(fields[offset + 3], Tag.Sequence);
    const subject = expectTag(fields[offset + 4], Tag.Sequence);
    return { subject: subject.encoded.slice(), validity: validity.encoded.slice() };
  } catch {
    return refuse.invalidData();
  }
}

function commonName(text: string): Uint8Array {
  return sequence(
    tlv(Tag.Set, sequence(oid('2.5.4.3'), utf8String(new TextEncoder().encode(text)))),
  );
}

function extension(arc: number, value: Uint8Array): Uint8Array {
  return sequence(oid(`${YUBICO_EXTENSION}.${arc}`), octetString(value));
}

export interface DeviceFacts {
  version: readonly [number, number, number];
  serial: number;
}

function deviceExtensions(device: DeviceFacts): Uint8Array[] {
  return [
    extension(1, octetString(Uint8Array.from(device.version))),
    extension(2, unsignedInteger(u32(device.serial))),
  ];
}

function objectExtensions(object: HsmObject): Uint8Array[] {
  let labelEnd = object.label.length;
  while (labelEnd > 0 && object.label[labelEnd - 1] === 0) labelEnd--;
  return [
    extension(3, bitString(Uint8Array.of(object.origin))),
    extension(4, bitString(u16(object.domains))),
    extension(5, bitString(capabilitiesToBytes(object.capabilities))),
    extension(6, unsignedInteger(u16(object.id))),
    extension(9, utf8String(object.label.subarray(0, labelEnd))),
  ];
}

function certificate(
  parts: {
    serial: Uint8Array;
    issuer: Uint8Array;
    validity: Uint8Array;
    subject: Uint8Array;
    publicKeyInfo: Uint8Array;
    extensions: Uint8Array[];
  },
  signer: Signer,
  randomBytes: (count: number) => Uint8Array,
): Uint8Array {
  const algorithm = signatureAlgorithm(signer);
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(parts.serial),
    algorithm,
    parts.issuer,
    parts.validity,
    parts.subject,
    parts.publicKeyInfo,
    explicit(3, sequence(...parts.extensions)),
  );
  return sequence(tbs, algorithm, bitString(sign(signer, tbs, randomBytes)));
}

/** SIGN ATTESTATION CERTIFICATE's answer for `attested` under `signer` and its certificate. */
export function attestationCertificate(
  attested: HsmObject,
  signer: Signer,
  template: IssuerTemplate,
  device: DeviceFacts,
  randomBytes: (count: number) => Uint8Array,
): Uint8Array {
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  if (serial[0] === 0) serial[0] = 0x01;
  return certificate(
    {
      serial,
      issuer: template.subject,
      validity: template.validity,
      subject: commonName(`YubiHSM Attestation id 0x${attested.id.toString(16).padStart(4, '0')}`),
      publicKeyInfo: subjectPublicKeyInfo(attested.algorithm, attested.body),
      extensions: [...deviceExtensions(device), ...objectExtensions(attested)],
    },
    signer,
    randomBytes,
  );
}

/**
 * The factory attestation certificate (GET OPAQUE 0): self-signed by the device attestation
 * key, where a real device's is signed by Yubico's intermediate CA. Deterministic (serial from
 * the key, RFC 6979 signature), so every read returns the same bytes without storing them.
 */
export function deviceAttestationCertificate(
  attestationKey: Uint8Array,
  device: DeviceFacts,
): Uint8Array {
  const signer = { algorithm: Algorithm.EcP256, body: attestationKey };
  const name = commonName(`Custos simulated YubiHSM Attestation (serial ${device.serial})`);
  const serial = new Uint8Array(
    createHash('sha256').update(attestationKey.subarray(32)).digest(),
  ).subarray(0, 16);
  serial[0]! &= 0x7f;
  serial[0]! |= 0x01;
  const utc = (text: string) => tlv(Tag.UtcTime, new TextEncoder().encode(text));
  return certificate(
    {
      serial,
      issuer: name,
      validity: sequence(utc('240101000000Z'), utc('491231235959Z')),
      subject: name,
      publicKeyInfo: subjectPublicKeyInfo(Algorithm.EcP256, attestationKey),
      extensions: deviceExtensions(device),
    },
    signer,
    // A fixed hedge keeps the signature deterministic; RFC 6979 still makes k secret.
    (count) => new Uint8Array(count),
  );
}
