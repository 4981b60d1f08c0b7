// A key an earlier restore left half in (issue 14): sc-hsm-tool's `--unwrap-key` steps are UNWRAP,
// then the key's PRKD file, then its certificate or CV request (spec §6), so a card pulled between
// them leaves the key on the secondary with no certificate, and no public key to recognise it by.
// Skipping it would leave the clone unfinishable; overwriting would need proof it is ours. The
// proof: the key signs a fresh challenge that verifies with the public key the back-up recorded
// from the primary. Only then are the missing files written from the wrapped file, completing the
// import as sc-hsm-tool would have.

import { createPublicKey, randomBytes, verify } from 'node:crypto';
import type { SmartCardHsmClient } from '../../hsm/smartcard-hsm/client';
import { FilePrefix } from '../../hsm/smartcard-hsm/protocol/constants';
import type { WrapFile } from '../../hsm/smartcard-hsm/protocol/wrap-file';
import { certificateFacts } from './key-inventory';

/**
 * True when the key at `keyReference` is the recorded key (proven by a signature) and its
 * missing PRKD and certificate files are now written; false when that cannot be shown.
 * The user PIN must already be verified in this session.
 */
export async function completeInterruptedImport(
  client: SmartCardHsmClient,
  keyReference: number,
  file: WrapFile,
  recordedPublicKey: string | undefined,
): Promise<boolean> {
  const facts = file.certificate ? certificateFacts(file.certificate) : undefined;
  if (!recordedPublicKey || !facts?.signing || facts.publicKey !== recordedPublicKey) return false;
  const challenge = new Uint8Array(randomBytes(32));
  let signature: Uint8Array;
  try {
    signature = await client.sign(keyReference, challenge, facts.signing);
  } catch {
    return false;
  }
  const key = createPublicKey({
    key: Buffer.from(recordedPublicKey, 'hex'),
    format: 'der',
    type: 'spki',
  });
  if (!verify('sha256', challenge, key, signature)) return false;
  const prkd = (FilePrefix.PRIVATE_KEY_DESCRIPTION << 8) | keyReference;
  if (file.prkd && !(await client.fileExists(prkd))) await client.writeFile(prkd, file.prkd);
  await client.writeFile((FilePrefix.CERTIFICATE << 8) | keyReference, file.certificate!);
  return true;
}
