// The keys on a SmartCard-HSM as a DKEK back-up, restore and verification see them (issue 10):
// key reference, type, label, certificate subject and public key, read from the key's files
// (EF C4‹ref› PRKD, EF CE‹ref› X.509 certificate or CV request; spec §5.1, §6). Nothing here
// needs the PIN: these files are public. The public key is kept as SPKI DER (hex), the form
// node's crypto verifies a signature with, so a clone's signature is checked against the
// primary's key as recorded at back-up time.

import { createPublicKey, X509Certificate } from 'node:crypto';
import type { SmartCardHsmClient } from '../../hsm/smartcard-hsm/client';
import {
  publicKeyFromCvRequest,
  type KeyAlgorithm,
  type SignatureAlgorithm,
} from '../../hsm/smartcard-hsm/client';
import { FilePrefix } from '../../hsm/smartcard-hsm/protocol/constants';
import { findTlv, parseTlvs, readTlv } from '../../hsm/smartcard-hsm/protocol/tlv';

export interface DeviceKey {
  keyReference: number;
  label: string | undefined;
  /** "EC P-256", "RSA-2048", or "unknown" when the device holds no certificate to tell. */
  type: string;
  /** The X.509 subject, or the CV request's holder reference (CHR). */
  certificateSubject: string | undefined;
  /** SPKI DER as lower-case hex, when the certificate or CV request carries the key. */
  publicKey: string | undefined;
  /** How this key signs a challenge, when it is a key type Custos can prove. */
  signing: SignatureAlgorithm | undefined;
}

const ECDSA_OID_PREFIX = '04007f000702020202';
const RSA_OID_PREFIX = '04007f000702020201';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function b64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/** SPKI DER of an uncompressed P-256 point, or of an RSA modulus with e = 65537. */
export function spkiFromRaw(kind: KeyAlgorithm, raw: Uint8Array): string {
  const key =
    kind === 'ec-p256'
      ? createPublicKey({
          key: {
            kty: 'EC',
            crv: 'P-256',
            x: b64url(raw.subarray(1, 33)),
            y: b64url(raw.subarray(33, 65)),
          },
          format: 'jwk',
        })
      : createPublicKey({ key: { kty: 'RSA', n: b64url(raw), e: 'AQAB' }, format: 'jwk' });
  return hex(new Uint8Array(key.export({ type: 'spki', format: 'der' })));
}

interface CertificateFacts {
  type: string;
  subject: string | undefined;
  publicKey: string | undefined;
  signing: SignatureAlgorithm | undefined;
}

/** A CV request (67 { 7F21 … } or 7F21 …): the key's algorithm, point or modulus, and CHR. */
function fromCvRequest(bytes: Uint8Array): CertificateFacts | undefined {
  let node = readTlv(bytes, 0).tlv;
  if (node.tag === 0x67) node = readTlv(node.value, 0).tlv;
  if (node.tag !== 0x7f21) return undefined;
  const body = readTlv(node.value, 0).tlv;
  if (body.tag !== 0x7f4e) return undefined;
  const items = parseTlvs(body.value);
  const template = findTlv(items, 0x7f49);
  const chr = findTlv(items, 0x5f20);
  const subject = chr ? Buffer.from(chr).toString('latin1') : undefined;
  const oid = template ? findTlv(parseTlvs(template), 0x06) : undefined;
  const oidHex = oid ? hex(oid) : '';
  if (oidHex.startsWith(ECDSA_OID_PREFIX)) {
    const point = publicKeyFromCvRequest(bytes, 'ec-p256');
    return {
      type: point.length === 65 ? 'EC P-256' : `EC (${(point.length - 1) * 4}-bit)`,
      subject,
      publicKey: point.length === 65 ? spkiFromRaw('ec-p256', point) : undefined,
      signing: point.length === 65 ? 'ecdsa-sha256' : undefined,
    };
  }
  if (oidHex.startsWith(RSA_OID_PREFIX)) {
    const modulus = publicKeyFromCvRequest(bytes, 'rsa-2048');
    const bits = (modulus[0] === 0 ? modulus.length - 1 : modulus.length) * 8;
    return {
      type: `RSA-${bits}`,
      subject,
      publicKey: spkiFromRaw('rsa-2048', modulus),
      signing: 'rsa-pkcs1-sha256',
    };
  }
  return { type: 'unknown', subject, publicKey: undefined, signing: undefined };
}

function fromX509(bytes: Uint8Array): CertificateFacts {
  const certificate = new X509Certificate(Buffer.from(bytes));
  const key = certificate.publicKey;
  const details = key.asymmetricKeyDetails;
  const ec = key.asymmetricKeyType === 'ec';
  const rsa = key.asymmetricKeyType === 'rsa';
  return {
    type: ec
      ? details?.namedCurve === 'prime256v1'
        ? 'EC P-256'
        : `EC ${details?.namedCurve ?? ''}`.trim()
      : rsa
        ? `RSA-${details?.modulusLength ?? '?'}`
        : (key.asymmetricKeyType ?? 'unknown'),
    subject: certificate.subject.replace(/\n/g, ', '),
    publicKey: hex(new Uint8Array(key.export({ type: 'spki', format: 'der' }))),
    signing:
      ec && details?.namedCurve === 'prime256v1'
        ? 'ecdsa-sha256'
        : rsa
          ? 'rsa-pkcs1-sha256'
          : undefined,
  };
}

/** What a key's EF CE‹ref› says; undefined when the content is neither form. */
export function certificateFacts(bytes: Uint8Array): CertificateFacts | undefined {
  try {
    if (bytes[0] === 0x30) return fromX509(bytes);
    return fromCvRequest(bytes);
  } catch {
    return undefined;
  }
}

/** Every key of the person's on the device (key reference 0, the device's own, left out). */
export async function readKeyInventory(client: SmartCardHsmClient): Promise<DeviceKey[]> {
  const keys: DeviceKey[] = [];
  for (const listed of await client.listKeys()) {
    const facts = listed.hasCertificate
      ? certificateFacts(await client.readFile((FilePrefix.CERTIFICATE << 8) | listed.keyReference))
      : undefined;
    keys.push({
      keyReference: listed.keyReference,
      label: listed.label,
      type: facts?.type ?? 'unknown',
      certificateSubject: facts?.subject,
      publicKey: facts?.publicKey,
      signing: facts?.signing,
    });
  }
  return keys;
}
