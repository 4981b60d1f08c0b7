// Cloning a secondary SmartCard-HSM from a DKEK back-up (issue 10 "Clone a second device"):
// which state the card is in and what the clone does next, so a restore interrupted at any point
// (the card pulled) picks up where it stopped: a card never initialised for this domain is
// initialised with the record's share count; shares already imported (the device counts them,
// the record names them) are not asked for again; keys already unwrapped are recognised by their
// public keys. The wrong card is refused: the primary itself, or one holding keys of its own.

import { SmartCardHsmStatusError, type SmartCardHsmClient } from '../../hsm/smartcard-hsm/client';
import { Refusal } from '../../refusal/refusal';
import type { DkekCeremonyRecord } from '../../../shared/records/dkek-ceremony-record';
import { clonesOf, recordedDomain, recordedKeys, type CloneEntry } from './backup-record';
import type { CardIdentity } from './device-identity';
import { readKeyInventory } from './key-inventory';

const REFERENCE_NOT_FOUND = 0x6a88;

export type ClonePlan =
  /** Initialise (the card is new, or holds no keys and another DKEK state), then every share. */
  | { next: 'initialise'; why: string }
  /** The card waits for shares of this domain; `imported` are the record's share numbers in. */
  | { next: 'import'; imported: number[] }
  /** The DKEK is this domain's: unwrap (keys already there are recognised). */
  | { next: 'unwrap' };

/** The clone entry for this card in the record, the latest one. */
export function cloneEntryOf(
  record: DkekCeremonyRecord,
  identity: Pick<CardIdentity, 'serial'>,
): CloneEntry | undefined {
  return clonesOf(record)
    .reverse()
    .find((entry) => entry.device.serial !== undefined && entry.device.serial === identity.serial);
}

/** Reads the card (no PIN needed: status, key list and key files are public) and decides. */
export async function planClone(
  client: SmartCardHsmClient,
  identity: CardIdentity,
  record: DkekCeremonyRecord,
): Promise<ClonePlan> {
  const domain = recordedDomain(record, 'clone');
  if (identity.serial !== undefined && identity.serial === domain.primarySerial)
    throw new Refusal(
      'conflict',
      `This card is the primary (serial ${identity.serial}), the device the back-up was made from: a clone is made on a second device. Insert the secondary.`,
    );
  let initialised = true;
  try {
    await client.pinStatus();
  } catch (error) {
    if (!(error instanceof SmartCardHsmStatusError && error.sw === REFERENCE_NOT_FOUND))
      throw error;
    initialised = false;
  }
  if (!initialised) return { next: 'initialise', why: 'the card has never been initialised' };
  const status = await client.dkekStatus();
  const keys = await readKeyInventory(client);
  const ours = status.state === 'complete' && status.kcv === domain.kcv;
  if (keys.length > 0) {
    const known = new Map(recordedKeys(record).map((key) => [key.keyReference, key]));
    // A key with no certificate at a backed-up reference, under this DKEK, is an import a pulled
    // card stopped after UNWRAP: the unwrap proves it by a signature (interrupted-import.ts).
    const foreign = keys.filter(
      (key) =>
        !ours ||
        (known.get(key.keyReference)?.publicKey !== key.publicKey &&
          !(key.publicKey === undefined && known.has(key.keyReference))),
    );
    if (foreign.length > 0)
      throw new Refusal(
        'conflict',
        `This card already holds keys of its own (key reference${foreign.length === 1 ? '' : 's'} ${foreign.map((k) => k.keyReference).join(', ')}${ours ? '' : `, under ${status.state === 'complete' ? `the DKEK with check value ${status.kcv}` : 'another DKEK state'}`}): cloning onto it would mix domains, and initialising it would destroy them. Use an empty device as the secondary, or delete those keys first if they are not needed.`,
      );
  }
  if (ours) return { next: 'unwrap' };
  if (status.state === 'pending' && status.total === domain.shareCount) {
    const entry = cloneEntryOf(record, identity);
    const imported = entry?.sharesImported ?? [];
    if (imported.length === status.imported) return { next: 'import', imported: [...imported] };
    return {
      next: 'initialise',
      why: `the card has ${status.imported} share${status.imported === 1 ? '' : 's'} in, but the record names ${imported.length}, so which are in is not known`,
    };
  }
  const state =
    status.state === 'complete'
      ? `its DKEK has check value ${status.kcv}, not the recorded ${domain.kcv}`
      : status.state === 'pending'
        ? `it waits for ${status.total} shares, not the recorded ${domain.shareCount}`
        : status.state === 'no-dkek'
          ? 'it was initialised without a DKEK'
          : 'its DKEK check value is hidden';
  return { next: 'initialise', why: `${state} and it holds no keys` };
}
