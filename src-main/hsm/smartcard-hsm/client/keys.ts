// GENERATE ASYMMETRIC KEY PAIR (EC P-256, RSA-2048) with the PRKD and CV request files OpenSC
// writes beside a key, and signing on the device (spec §5.1).

import { createHash } from 'node:crypto';
import { Cla, FilePrefix, Ins, SignAlgorithm } from '../protocol/constants';
import { findTlv, parseTlvs, readTlv, tlv } from '../protocol/tlv';
import { checkKeyReference, type CardChannel } from './card-channel';
import { SmartCardHsmClientError } from './errors';
import { fileExists, writeFile } from './files';
import { buildPrivateKeyDescription, type DescribedKeyKind } from './private-key-description';

export type KeyAlgorithm = DescribedKeyKind;
export type SignatureAlgorithm = 'ecdsa-sha256' | 'rsa-pkcs1-sha256';

const ECDSA_SHA256_OID = Uint8Array.from(Buffer.from('04007f00070202020203', 'hex'));
const RSA_V15_SHA256_OID = Uint8Array.from(Buffer.from('04007f00070202020102', 'hex'));

/**
 * GENERATE ASYMMETRIC KEY PAIR, then the PRKD (EF C4‹ref›) and the CV request (EF CE‹ref›) as
 * OpenSC writes them, so the key lists, wraps and unwraps with sc-hsm-tool too.
 */
export async function generateKeyPair(
  channel: CardChannel,
  keyReference: number,
  options: { algorithm: KeyAlgorithm; label: string },
): Promise<{ cvRequest: Uint8Array; publicKey: Uint8Array }> {
  checkKeyReference(keyReference);
  if (await fileExists(channel, (FilePrefix.KEY << 8) | keyReference))
    throw new SmartCardHsmClientError(
      'key-reference-taken',
      `Key reference ${keyReference} is already in use on this device; choose a free one.`,
    );
  const template =
    options.algorithm === 'ec-p256'
      ? tlv(0x7f49, tlv(0x06, ECDSA_SHA256_OID))
      : tlv(
          0x7f49,
          tlv(0x06, RSA_V15_SHA256_OID),
          tlv(0x82, Uint8Array.of(1, 0, 1)),
          tlv(0x02, Uint8Array.of(0x08, 0x00)),
        );
  const chr = new Uint8Array(
    Buffer.from(`CUSTOS${String(keyReference).padStart(5, '0')}`, 'ascii'),
  );
  const cvRequest = await channel.command('GENERATE ASYMMETRIC KEY PAIR', {
    cla: Cla.ISO,
    ins: Ins.GENERATE_ASYMMETRIC_KEY_PAIR,
    p1: keyReference,
    p2: 0,
    data: Uint8Array.from([...tlv(0x5f29, Uint8Array.of(0)), ...template, ...tlv(0x5f20, chr)]),
    le: 65536,
    extended: true,
  });
  const publicKey = publicKeyFromCvRequest(cvRequest, options.algorithm);
  const id = new Uint8Array(createHash('sha1').update(publicKey).digest());
  await writeFile(
    channel,
    (FilePrefix.PRIVATE_KEY_DESCRIPTION << 8) | keyReference,
    buildPrivateKeyDescription({
      kind: options.algorithm,
      label: options.label,
      id,
      keyReference,
    }),
  );
  await writeFile(channel, (FilePrefix.CERTIFICATE << 8) | keyReference, cvRequest);
  return { cvRequest, publicKey };
}

/** Signs on the device: ECDSA (DER) or RSA PKCS#1 v1.5, SHA-256 computed by the card. */
export async function sign(
  channel: CardChannel,
  keyReference: number,
  data: Uint8Array,
  algorithm: SignatureAlgorithm,
): Promise<Uint8Array> {
  checkKeyReference(keyReference);
  return channel.command('SIGN', {
    cla: Cla.PROPRIETARY,
    ins: Ins.SIGN,
    p1: keyReference,
    p2: algorithm === 'ecdsa-sha256' ? SignAlgorithm.EC_SHA256 : SignAlgorithm.RSA_PKCS1_SHA256,
    data,
    le: 65536,
    extended: true,
  });
}

/**
 * The public key inside a CV request: EC the uncompressed point (86), RSA the modulus (81);
 * for RSA the exponent follows as `publicKey` is modulus only (65537 is all the device makes).
 */
export function publicKeyFromCvRequest(cvRequest: Uint8Array, algorithm: KeyAlgorithm): Uint8Array {
  const bad = () =>
    new SmartCardHsmClientError(
      'malformed-response',
      'The card answered key generation with a malformed CV request.',
    );
  try {
    let node = readTlv(cvRequest, 0).tlv;
    if (node.tag === 0x67) node = readTlv(node.value, 0).tlv;
    if (node.tag !== 0x7f21) throw bad();
    const body = readTlv(node.value, 0).tlv;
    if (body.tag !== 0x7f4e) throw bad();
    const template = findTlv(parseTlvs(body.value), 0x7f49);
    if (!template) throw bad();
    const value = findTlv(parseTlvs(template), algorithm === 'ec-p256' ? 0x86 : 0x81);
    if (!value) throw bad();
    return value;
  } catch (error) {
    if (error instanceof SmartCardHsmClientError) throw error;
    throw bad();
  }
}
