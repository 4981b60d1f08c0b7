// Verifying a DKEK clone (issue 10 "Verify"): the secondary compared with the record (the DKEK's
// KCV, key references, types, labels, public keys) and every signing key proven by signing a
// fresh challenge on the clone, checked with the primary's public key as recorded at back-up
// time, never with a key read from the clone. Only public facts come out: no PIN, no key.

import { createPublicKey, randomBytes, verify } from 'node:crypto';
import type { SmartCardHsmClient } from '../../hsm/smartcard-hsm/client';
import type { DkekStatus } from '../../hsm/smartcard-hsm/client';
import type { BackedUpKey, VerificationEntry } from './backup-record';
import { cardRefusal, isCardGone } from './card-failures';
import type { DeviceKey } from './key-inventory';

type VerifiedKey = VerificationEntry['keys'][number];

function foundKcv(status: DkekStatus): string {
  switch (status.state) {
    case 'complete':
      return status.kcv;
    case 'pending':
      return `pending (${status.outstanding} of ${status.total} shares outstanding)`;
    case 'no-dkek':
      return 'no DKEK';
    case 'complete-kcv-hidden':
      return 'hidden';
  }
}

/** Signs a fresh 32-byte challenge on the clone; checks it with the recorded public key. */
async function prove(
  client: SmartCardHsmClient,
  recorded: BackedUpKey,
  present: DeviceKey,
): Promise<{ proof: VerifiedKey['proof']; detail: string }> {
  if (!recorded.publicKey || !present.signing)
    return {
      proof: 'not-provable',
      detail: 'no public key was recorded for this key type, so no signature can be checked',
    };
  const challenge = new Uint8Array(randomBytes(32));
  let signature: Uint8Array;
  try {
    signature = await client.sign(recorded.keyReference, challenge, present.signing);
  } catch (error) {
    if (isCardGone(error)) throw error;
    return {
      proof: 'failed',
      detail: `the clone refused to sign: ${cardRefusal(error, 'the clone').message}`,
    };
  }
  const key = createPublicKey({
    key: Buffer.from(recorded.publicKey, 'hex'),
    format: 'der',
    type: 'spki',
  });
  const ok = verify('sha256', challenge, key, signature);
  return ok
    ? {
        proof: 'proven',
        detail: `a fresh challenge signed on the clone (${present.signing}) verifies with the primary's recorded public key`,
      }
    : {
        proof: 'failed',
        detail: "the clone's signature does not verify with the primary's recorded public key",
      };
}

export async function compareClone(options: {
  client: SmartCardHsmClient;
  status: DkekStatus;
  expectedKcv: string;
  present: readonly DeviceKey[];
  recorded: readonly BackedUpKey[];
}): Promise<Pick<VerificationEntry, 'foundKcv' | 'keys' | 'extra'> & { kcvOk: boolean }> {
  const found = foundKcv(options.status);
  const kcvOk = found === options.expectedKcv;
  const byReference = new Map(options.present.map((key) => [key.keyReference, key]));
  const keys: VerifiedKey[] = [];
  for (const recorded of options.recorded) {
    const present = byReference.get(recorded.keyReference);
    const label = recorded.label ? { label: recorded.label } : {};
    if (!present) {
      keys.push({
        keyReference: recorded.keyReference,
        ...label,
        checks: [{ what: 'present', ok: false, detail: 'not on the clone' }],
        proof: 'failed',
      });
      continue;
    }
    const checks = [
      { what: 'present', ok: true, detail: `key reference ${recorded.keyReference}` },
      {
        what: 'type',
        ok: present.type === recorded.type,
        detail: `${present.type} (recorded ${recorded.type})`,
      },
      {
        what: 'label',
        ok: (present.label ?? '') === (recorded.label ?? ''),
        detail: `${present.label ?? '(none)'} (recorded ${recorded.label ?? '(none)'})`,
      },
      {
        what: 'public key',
        ok: present.publicKey !== undefined && present.publicKey === recorded.publicKey,
        detail:
          present.publicKey === recorded.publicKey
            ? 'the same as the primary’s'
            : 'differs from the primary’s recorded one',
      },
    ];
    const proof = await prove(options.client, recorded, present);
    checks.push({ what: 'signature', ok: proof.proof !== 'failed', detail: proof.detail });
    keys.push({ keyReference: recorded.keyReference, ...label, checks, proof: proof.proof });
  }
  const known = new Set(options.recorded.map((key) => key.keyReference));
  const extra = options.present
    .filter((key) => !known.has(key.keyReference))
    .map((k) => k.keyReference);
  return { foundKcv: found, kcvOk, keys, extra };
}

export function verdictOf(result: {
  kcvOk: boolean;
  keys: readonly VerifiedKey[];
  extra: readonly number[];
}): VerificationEntry['verdict'] {
  const keysOk = result.keys.every(
    (key) => key.checks.every((c) => c.ok) && key.proof !== 'failed',
  );
  return result.kcvOk && keysOk && result.extra.length === 0 ? 'verified' : 'differs';
}
