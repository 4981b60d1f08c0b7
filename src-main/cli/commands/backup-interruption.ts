// What `custos dump` prints when the primary drops out part-way: the files already written and
// the objects not reached, read back from the record the back-up keeps up to date, so the
// terminal says what the ceremony folder now holds (as the screen does).

import type { CeremonyRecord } from '../../../shared/records/ceremony-record';
import { hexId } from '../../ceremonies/common/objects';

/** Lines describing the newest back-up if it was interrupted and started at or after `since`. */
export function describeInterruption(record: CeremonyRecord, since: Date): string[] {
  const last = record.backups?.at(-1);
  if (!last?.interrupted || new Date(last.at) < since) return [];
  const lines = [last.interrupted];
  if (last.exported.length > 0) {
    lines.push('Written before it stopped (kept in the folder and in the record):');
    for (const file of last.exported)
      lines.push(`  ${file.file}  ${file.type} ${hexId(file.objectId)} "${file.label}"`);
  } else {
    lines.push('No file was written before it stopped.');
  }
  const unreached = last.notExported.filter((object) =>
    object.reason.startsWith('The back-up stopped before'),
  );
  if (unreached.length > 0) {
    lines.push('Not reached (run the back-up again once the primary is back):');
    for (const object of unreached)
      lines.push(`  ${object.type} ${hexId(object.objectId)} "${object.label}"`);
  }
  return lines;
}
