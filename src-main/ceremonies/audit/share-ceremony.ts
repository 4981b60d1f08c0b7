// Opening the ceremony folder a share audit or a reshare works on: a Custos record that reached
// the shares (it has a wrap key with its check value and commitments). What the screens see of
// it is the record's public facts, never a share.

import type { ShareCeremony } from '../../../shared/ceremony/audit-snapshot';
import { CeremonyFolder, CeremonyFolderError } from '../../records/ceremony-folder';
import { ceremonyFolderReason } from '../../records/file-failure';
import { Refusal } from '../../refusal/refusal';
import { recordShareExpectations, shareHideSeconds } from '../common/record-facts';
import { ShareCollector } from '../common/share-collection';
import { ShareEntryTurns } from '../common/share-entry';

/** Opens the folder and refuses one whose record has no share set to work on. */
export async function openShareCeremony(path: string): Promise<CeremonyFolder> {
  let folder: CeremonyFolder;
  try {
    folder = await CeremonyFolder.open(path);
  } catch (error) {
    const reason =
      error instanceof CeremonyFolderError ? error.message : ceremonyFolderReason(error, path);
    throw new Refusal('invalid-input', `${reason}. Choose the folder of a Custos ceremony.`, {
      cause: error,
    });
  }
  if (!folder.record.wrapKey || folder.record.custodians.length === 0)
    throw new Refusal(
      'invalid-input',
      `The ceremony in ${path} never made its shares (its record has no wrap key and no custodians), so there are no shares to work with.`,
    );
  return folder;
}

export function describeShareCeremony(folder: CeremonyFolder): ShareCeremony {
  const record = folder.record;
  const wrapKey = record.wrapKey!;
  return {
    folder: folder.path,
    id: record.id,
    name: record.name,
    rehearsal: record.rehearsal,
    kcv: wrapKey.kcv,
    threshold: wrapKey.threshold,
    shareCount: wrapKey.shareCount,
    shareFormat: wrapKey.shareFormat,
    custodians: record.custodians.map((c) => ({ index: c.index, name: c.name })),
    supersededSets: record.supersededShareSets?.length ?? 0,
  };
}

/** The custodians' share entry for this record: every check it allows, superseded sets included. */
export function shareEntryFor(
  folder: CeremonyFolder,
  { requireRecorded = false } = {},
): ShareEntryTurns {
  const record = folder.record;
  return new ShareEntryTurns({
    collector: new ShareCollector({ ...recordShareExpectations(record), requireRecorded }),
    custodians: record.custodians.map((c) => ({ index: c.index, name: c.name })),
    idleSeconds: shareHideSeconds(record),
  });
}
