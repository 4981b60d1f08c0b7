// What a loaded source says about the shares and the secondary: the share checks a restore can
// make (all of them with a record, the format ones only in interop mode), what a partial
// restore of this ceremony looks like, and — without a record — whether a candidate key is the
// right one because it opens the folder's backups.

import { openWrapped } from '../../hsm/yubihsm/protocol/wrap-format';
import { recordShareExpectations } from '../common/record-facts';
import type { ShareExpectations } from '../common/share-collection';
import type { LoadedSource } from './restore-source';
import { backupObjectsFromNames, type SecondaryExpectation } from './secondary-check';

export function shareExpectations(source: LoadedSource): ShareExpectations {
  // The record's sets, superseded ones included: a restore accepts an old set, with a warning.
  return source.record ? recordShareExpectations(source.record) : {};
}

export function secondaryExpectation(source: LoadedSource): SecondaryExpectation {
  const record = source.record;
  return {
    ...(record ? { primarySerial: record.primary.serial } : {}),
    ...(record?.wrapKey ? { wrapKeyId: record.wrapKey.id } : {}),
    backupObjects: backupObjectsFromNames(source.files),
    ...(record ? { earlierRestores: record.restores ?? [] } : {}),
  };
}

/** Does `key` open at least one of the folder's readable .yhw files (CCM tag verifies)? */
export function opensBackups(source: LoadedSource): (key: Uint8Array) => boolean {
  return (key) =>
    source.files.some((entry) => {
      if (!entry.content.ok) return false;
      const plaintext = openWrapped(key, entry.content.blob);
      plaintext?.fill(0);
      return plaintext !== undefined;
    });
}
