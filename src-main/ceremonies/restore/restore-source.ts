// What a restore restores from (spec/yubihsm-setup-interop.md §4–§5): a Custos ceremony folder
// (ceremony.json with the wrap key's check value, each custodian's commitment and a digest of
// every .yhw it wrote), or — interop mode — a folder of .yhw files made by yubihsm-setup or
// yubihsm-manager with no record, where fewer checks are possible and the screen says so.
// Every *.yhw is read up front (base64 or raw binary); a file that cannot be read is reported
// with the others, never fatal. With a record, a file the record lists that is not in the folder
// is reported too: otherwise a clone missing a key would be called complete.

import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RestoreSource } from '../../../shared/ceremony/restore-snapshot';
import type { CeremonyRecord } from '../../../shared/records/ceremony-record';
import { Refusal } from '../../refusal/refusal';
import { CeremonyFolder, CeremonyFolderError } from '../../records/ceremony-folder';
import {
  decodeWrappedFile,
  parseWrappedFileName,
  type WrappedFileContent,
} from '../../records/wrapped-file';
import { ceremonyFolderReason, fileFailureReason } from '../../records/file-failure';

export interface SourceFileEntry {
  file: string;
  objectId?: number;
  typeName?: string;
  content: WrappedFileContent;
  /** Record mode: the file's bytes differ from the digest the ceremony recorded. */
  changed: boolean;
  /** Record mode: the ceremony wrote (or backed up) this file. */
  recorded: boolean;
  /** Record mode: the record lists this file but it is not in the folder. */
  missing?: boolean;
}

export interface LoadedSource {
  folderPath: string;
  mode: 'record' | 'interop';
  /** Record mode only. */
  folder?: CeremonyFolder;
  record?: CeremonyRecord;
  files: SourceFileEntry[];
}

export const INTEROP_NOTE =
  'This folder has no Custos ceremony record, so shares cannot be checked against commitments or a recorded check value, and the files cannot be checked against recorded digests. The recombined key is checked by whether it opens the .yhw files.';

export async function loadSource(folderPath: string): Promise<LoadedSource> {
  let folder: CeremonyFolder | undefined;
  try {
    folder = await CeremonyFolder.open(folderPath);
  } catch (error) {
    if (!(error instanceof CeremonyFolderError) || error.reason !== 'no-ceremony') {
      throw new Refusal('io-error', `${ceremonyFolderReason(error, folderPath)}.`, {
        cause: error,
      });
    }
  }
  const record = folder?.record;
  if (record && !record.wrapKey) {
    throw new Refusal(
      'conflict',
      `The ceremony in ${folderPath} never made its wrap key (it stopped at the ${record.stage} stage), so there is nothing to restore from it.`,
    );
  }
  const files = await readYhwFiles(folderPath, record);
  if (!record && files.length === 0) {
    throw new Refusal(
      'not-found',
      `${folderPath} holds neither a Custos ceremony record (ceremony.json) nor any .yhw file: choose the ceremony folder, or the folder yubihsm-setup dumped into.`,
    );
  }
  return folder && record
    ? { folderPath, mode: 'record', folder, record, files }
    : { folderPath, mode: 'interop', files };
}

export const MISSING_FILE_PROBLEM =
  'is in the ceremony record but missing from the folder: copy it back from the back-up media';

/**
 * Every *.yhw in the folder (not hidden, not recursive), by name, as yubihsm-setup restore reads
 * them (§4 step 6), and in record mode every file the record lists that is not there.
 */
async function readYhwFiles(
  folderPath: string,
  record: CeremonyRecord | undefined,
): Promise<SourceFileEntry[]> {
  // After a rotation the current backups are in its own folder; the old ones stay where they
  // were, named for destruction, and are not this ceremony's backups any more.
  const directory = record?.backupFolder ? join(folderPath, record.backupFolder) : folderPath;
  let names: string[];
  try {
    names = (await readdir(directory, { withFileTypes: true }))
      .filter(
        (entry) => entry.isFile() && entry.name.endsWith('.yhw') && !entry.name.startsWith('.'),
      )
      .map((entry) => entry.name)
      .sort();
  } catch {
    throw new Refusal(
      'io-error',
      `${directory} cannot be read: check the path and that Custos may read it.`,
    );
  }
  const entries: SourceFileEntry[] = [];
  for (const file of names) {
    const recordedFile = record?.files.find((f) => f.file === file);
    const read = await readBackup(join(directory, file));
    if (!read.ok) {
      // One file Custos may not read (EACCES, EIO) is that file's failed row, not the restore's end.
      entries.push({
        file,
        ...parseWrappedFileName(file),
        content: { ok: false, problem: `cannot be read: ${read.reason}` },
        changed: false,
        recorded: recordedFile !== undefined,
      });
      continue;
    }
    const digest = createHash('sha256').update(read.bytes).digest('hex');
    entries.push({
      file,
      ...parseWrappedFileName(file),
      content: decodeWrappedFile(read.bytes),
      changed: recordedFile !== undefined && recordedFile.sha256 !== digest,
      recorded: recordedFile !== undefined,
    });
  }
  for (const recorded of record?.files ?? []) {
    if (names.includes(recorded.file)) continue;
    entries.push({
      file: recorded.file,
      objectId: recorded.objectId,
      typeName: recorded.type,
      content: { ok: false, problem: MISSING_FILE_PROBLEM },
      changed: false,
      recorded: true,
      missing: true,
    });
  }
  return entries.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

async function readBackup(
  path: string,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; reason: string }> {
  try {
    return { ok: true, bytes: new Uint8Array(await readFile(path)) };
  } catch (error) {
    return { ok: false, reason: fileFailureReason(error, 'the file') };
  }
}

/** What the screens show of the source: names, numbers and sentences, nothing secret. */
export function describeSource(source: LoadedSource): RestoreSource {
  const record = source.record;
  const wrapKey = record?.wrapKey;
  return {
    folder: source.folderPath,
    mode: source.mode,
    ...(source.mode === 'interop' ? { note: INTEROP_NOTE } : {}),
    ...(record && wrapKey
      ? {
          ceremony: {
            id: record.id,
            name: record.name,
            rehearsal: record.rehearsal,
            primarySerial: record.primary.serial,
            kcv: wrapKey.kcv,
            threshold: wrapKey.threshold,
            shareCount: wrapKey.shareCount,
            shareFormat: wrapKey.shareFormat,
            wrapKeyId: wrapKey.id,
            custodians: record.custodians.map((c) => ({ index: c.index, name: c.name })),
          },
        }
      : {}),
    files: source.files.map((f) => ({
      file: f.file,
      ...(f.objectId === undefined ? {} : { objectId: f.objectId }),
      ...(f.typeName === undefined ? {} : { type: f.typeName }),
      ...(f.content.ok ? {} : { problem: `${f.file} ${f.content.problem}.` }),
    })),
  };
}
