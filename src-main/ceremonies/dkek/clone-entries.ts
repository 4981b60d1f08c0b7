// What a clone or a sequential import writes into the ceremony's record as it goes (record.ts):
// the clone's entry after every share and every file (so a pulled card resumes where it stopped),
// and every share import in `imports[]` (session "clone" or "sequential-import") and the
// transcript.

import { clonesOf, type CloneEntry } from './backup-record';
import type { Chosen } from './restore-state';

/**
 * The clone's entry in the record, changed and written: the latest unfinished one for this
 * card, or a new one (always a new one when the card was just initialised).
 */
export async function saveClone(
  chosen: Chosen,
  at: string,
  change: (entry: CloneEntry) => void,
  fresh = false,
): Promise<void> {
  await chosen.folder.update((record) => {
    const clones = [...(record.clones ?? [])];
    const entries = clonesOf(record);
    const last = entries.at(-1);
    let index = -1;
    if (!fresh && last && !last.complete && last.device.serial === chosen.device.serial) {
      // clonesOf keeps the record's order: the last restore entry is the last 'restore' item.
      index = clones.map((c) => c.kind).lastIndexOf('restore');
    }
    const entry: CloneEntry =
      index >= 0
        ? structuredClone(last!)
        : {
            kind: 'restore',
            at,
            device: chosen.device,
            sharesImported: [],
            kcv: chosen.domain.kcv,
            files: [],
            complete: false,
          };
    change(entry);
    clones[index >= 0 ? index : clones.length] = entry;
    return { ...record, clones };
  });
}

/** The share import as the ceremony's imports list it, and in the transcript. */
export async function recordImport(
  chosen: Chosen,
  session: 'clone' | 'sequential-import',
  shareNumber: number,
  outstanding: number,
  at: string,
): Promise<void> {
  if (chosen.device.serial)
    await chosen.folder.update((record) => ({
      ...record,
      imports: [
        ...record.imports,
        {
          shareNumber,
          deviceSerial: chosen.device.serial!,
          at,
          session,
          outstandingAfter: outstanding,
        },
      ],
    }));
  await chosen.folder.log(session === 'clone' ? 'dkek-clone-share-imported' : 'share-imported', {
    shareNumber,
    device: chosen.device,
    session,
    outstandingAfter: outstanding,
  });
}
