// The ceremony folder (DESIGN.md "Formats"): ceremony.json, transcript.jsonl and the .yhw files.
// Everything is written atomically; the folder never holds a share or a password.

import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CeremonyRecordSchema,
  type CeremonyRecord,
  type WrappedFileRecord,
} from '../../shared/records/ceremony-record';
import { writeFileAtomic } from '../files/atomic-write';
import { assertNoSecretMaterial } from './secret-guard';
import { Transcript } from './transcript';
import {
  decodeWrappedFile,
  encodeWrappedFile,
  parseWrappedFileName,
  wrappedFileName,
  type WrappedFileContent,
} from './wrapped-file';
import { fileFailureReason } from './file-failure';

export const RECORD_FILE = 'ceremony.json';
export const TRANSCRIPT_FILE = 'transcript.jsonl';

export class CeremonyFolderError extends Error {
  constructor(
    message: string,
    readonly reason: 'holds-ceremony' | 'no-ceremony' | 'unreadable' | 'file-exists',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CeremonyFolderError';
  }
}

export interface WrappedFileEntry {
  file: string;
  objectId?: number;
  typeName?: string;
  content: WrappedFileContent;
}

export class CeremonyFolder {
  private constructor(
    readonly path: string,
    private current: CeremonyRecord,
    readonly transcript: Transcript,
  ) {}

  get record(): CeremonyRecord {
    return this.current;
  }

  /** Starts a ceremony in `path` (created if missing); refuses a folder that already holds one. */
  static async create(
    path: string,
    record: CeremonyRecord,
    now?: () => Date,
  ): Promise<CeremonyFolder> {
    await mkdir(path, { recursive: true, mode: 0o700 });
    if (await holdsCeremony(path)) {
      throw new CeremonyFolderError(
        `${path} already holds a ceremony (${RECORD_FILE} or ${TRANSCRIPT_FILE} is there); choose an empty folder so no record is overwritten`,
        'holds-ceremony',
      );
    }
    const folder = new CeremonyFolder(
      path,
      record,
      Transcript.create(join(path, TRANSCRIPT_FILE), now),
    );
    // Write the (empty) transcript first: a folder with a record is always one that opens.
    await folder.transcript.start();
    await folder.writeRecord(record);
    return folder;
  }

  /** Opens an existing ceremony; refuses a record that does not parse or a broken transcript. */
  static async open(path: string, now?: () => Date): Promise<CeremonyFolder> {
    let text: string;
    try {
      text = await readFile(join(path, RECORD_FILE), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new CeremonyFolderError(
          `${path} holds no Custos ceremony record (${RECORD_FILE} is missing)`,
          'no-ceremony',
        );
      }
      throw new CeremonyFolderError(
        `${join(path, RECORD_FILE)} cannot be read: ${fileFailureReason(error, 'the record')}`,
        'unreadable',
        { cause: error },
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new CeremonyFolderError(
        `${join(path, RECORD_FILE)} is not valid JSON; it may have been edited by hand`,
        'unreadable',
      );
    }
    const result = CeremonyRecordSchema.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new CeremonyFolderError(
        `${join(path, RECORD_FILE)} is not a Custos ceremony record: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
        'unreadable',
      );
    }
    let transcript: Transcript;
    try {
      transcript = await Transcript.open(join(path, TRANSCRIPT_FILE), now);
    } catch (error) {
      // A broken chain is Custos's own sentence; a file that cannot be read is told by its code.
      const message = (error as NodeJS.ErrnoException).code
        ? `${join(path, TRANSCRIPT_FILE)} cannot be read: ${fileFailureReason(error, 'the transcript')}`
        : (error as Error).message;
      throw new CeremonyFolderError(message, 'unreadable', { cause: error });
    }
    return new CeremonyFolder(path, result.data, transcript);
  }

  /** Applies a change to the record and writes it atomically, stamped with the transcript head. */
  async update(change: (record: CeremonyRecord) => CeremonyRecord): Promise<CeremonyRecord> {
    const next = change(structuredClone(this.current));
    await this.writeRecord(next);
    return this.current;
  }

  /** Appends an event to the transcript and keeps the record's transcript head in step. */
  async log(event: string, data: Record<string, unknown> = {}): Promise<string> {
    const head = await this.transcript.append(event, data);
    await this.writeRecord(this.current);
    return head;
  }

  /**
   * Writes a wrapped object as yubihsm-setup would (base64, one line, no newline). Never
   * overwrites silently: an existing file is an error unless `replace` is set.
   */
  async writeWrappedObject(
    objectId: number,
    typeName: string,
    blob: Uint8Array,
    options: { replace?: boolean; now?: Date; into?: string } = {},
  ): Promise<WrappedFileRecord> {
    const file = wrappedFileName(objectId, typeName);
    const content = encodeWrappedFile(blob);
    // `into`: a backup folder inside this one (a rotation's), one plain name deep.
    if (options.into !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(options.into))
      throw new Error(`${options.into} is not a backup folder name`);
    const directory = options.into === undefined ? this.path : join(this.path, options.into);
    if (options.into !== undefined) await mkdir(directory, { recursive: true, mode: 0o755 });
    try {
      await writeFileAtomic(join(directory, file), content, {
        exclusive: !options.replace,
        mode: 0o644,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new CeremonyFolderError(
          `${file} already exists in ${directory} and was kept; remove it or choose to replace it`,
          'file-exists',
        );
      }
      throw error;
    }
    return {
      file,
      objectId,
      type: typeName,
      sha256: createHash('sha256').update(content).digest('hex'),
      writtenAt: (options.now ?? new Date()).toISOString(),
    };
  }

  /** Every *.yhw file in the folder, sorted by name, each decoded or with the reason it cannot be. */
  async readWrappedObjects(): Promise<WrappedFileEntry[]> {
    return readWrappedFolder(this.path);
  }

  private async writeRecord(record: CeremonyRecord): Promise<void> {
    const stamped: CeremonyRecord =
      this.transcript.length > 0 ? { ...record, transcriptHead: this.transcript.head } : record;
    const checked = CeremonyRecordSchema.parse(stamped);
    assertNoSecretMaterial(checked, RECORD_FILE);
    await writeFileAtomic(join(this.path, RECORD_FILE), `${JSON.stringify(checked, null, 2)}\n`, {
      mode: 0o644,
    });
    this.current = checked;
  }
}

async function holdsCeremony(path: string): Promise<boolean> {
  for (const name of [RECORD_FILE, TRANSCRIPT_FILE]) {
    try {
      await stat(join(path, name));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return false;
}

/** Reads a folder of .yhw files with or without a Custos record (yubihsm-setup interop). */
export async function readWrappedFolder(path: string): Promise<WrappedFileEntry[]> {
  const names = (await readdir(path, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.endsWith('.yhw') && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  const entries: WrappedFileEntry[] = [];
  for (const file of names) {
    const parsedName = parseWrappedFileName(file);
    const content = decodeWrappedFile(new Uint8Array(await readFile(join(path, file))));
    entries.push({ file, ...parsedName, content });
  }
  return entries;
}
