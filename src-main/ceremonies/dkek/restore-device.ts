// Which card the clone or the sequential import works on, read before anything is changed. The
// clone's secondary: refused when it is the primary or holds keys of its own, resumed where a
// pulled card stopped (clone-secondary.ts). The travelling device of a sequential import (issue
// 10 "Sequential import across sites"): the ceremony's own device (or one of its clones), waiting
// for this domain's shares, with the shares the record says are on it.

import { Refusal } from '../../refusal/refusal';
import { clonesOf, type RecordedDomain } from './backup-record';
import type { CardInHand } from './card-access';
import { cardRefusal } from './card-failures';
import { planClone, type ClonePlan } from './clone-secondary';
import type { DkekCeremonyFolder } from './record';
import { describeStatus, importedOn } from './sequential-import';

export async function readCloneSecondary(
  card: CardInHand,
  folder: DkekCeremonyFolder,
  who: string,
): Promise<ClonePlan> {
  return planClone(card.client, card.identity, folder.record).catch((error: unknown) => {
    throw cardRefusal(error, who);
  });
}

/** The travelling device and the share numbers the record says are on it. */
export async function readTravellingDevice(
  card: CardInHand,
  folder: DkekCeremonyFolder,
  domain: RecordedDomain,
  who: string,
): Promise<ClonePlan> {
  const record = folder.record;
  const serial = card.identity.serial;
  const known = [record.device.serial, ...clonesOf(record).map((clone) => clone.device.serial)];
  if (serial === undefined || !known.includes(serial))
    throw new Refusal(
      'conflict',
      `This card (serial ${serial ?? 'unknown'}) is not the device the ceremony "${record.name}" initialised (serial ${record.device.serial}); insert that device. Nothing was imported.`,
    );
  const status = await card.client.dkekStatus().catch((error: unknown) => {
    throw cardRefusal(error, who);
  });
  const imported = importedOn(folder, serial);
  if (status.state === 'complete' && status.kcv === domain.kcv)
    throw new Refusal(
      'conflict',
      `Every share of "${record.name}" is already on this device (serial ${serial}) and its check value ${status.kcv} is the record's: there is nothing left to import.`,
    );
  if (status.state !== 'pending')
    throw new Refusal(
      'conflict',
      `The device (serial ${serial}) is not waiting for DKEK shares (${describeStatus(status)}). Nothing was imported.`,
    );
  if (status.total !== domain.shareCount)
    throw new Refusal(
      'conflict',
      `The device waits for ${status.total} shares, but "${record.name}" made ${domain.shareCount}: it was initialised for another domain. Nothing was imported.`,
    );
  if (status.imported !== imported.length)
    throw new Refusal(
      'conflict',
      `The device has ${status.imported} share${status.imported === 1 ? '' : 's'} in, but this ceremony folder records ${imported.length} (${imported.join(', ') || 'none'}) on it: a share went in elsewhere or the folder is an older copy. Use the folder that travels with the device. Nothing was imported.`,
    );
  return { next: 'import', imported };
}
