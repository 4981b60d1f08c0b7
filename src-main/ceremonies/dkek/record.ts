// The DKEK ceremony folder (README.md beside this file): ceremony.json in the DKEK format
// (shared/records/dkek-ceremony-record.ts) and the hash-chained transcript.jsonl of
// records/transcript.ts. Every write is atomic, checked against the schema and refused by the
// secret guard if anything in it looks like a password, a password share or a share; the record
// carries the transcript's head so a witness's written-down hash matches both files.

import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DKEK_RECORD_FORMAT,
  DKEK_RECORD_KIND,
  DkekCeremonyRecordSchema,
  type DkekCeremonyRecord,
} from '../../../shared/records/dkek-ceremony-record';
import { writeFileAtomic } from '../../files/atomic-write';
import { fileFailureReason } from '../../records/file-failure';
import { assertNoSecretMaterial } from '../../records/secret-guard';
import { Transcript } from '../../records/transcript';
import { Refusal } from '../../refusal/refusal';

export const DKEK_RECORD_FILE = 'ceremony.json';
export const DKEK_TRANSCRIPT_FILE = 'transcript.jsonl';

export class DkekCeremonyFolder {
  private constructor(
    readonly path: string,
    private current: DkekCeremonyRecord,
    readonly transcript: Transcript,
  ) {}

  get record(): DkekCeremonyRecord {
    return this.current;
  }

  /** Starts a ceremony in `path` (created if missing); refuses a folder that already holds one. */
  static async create(
    path: string,
    record: DkekCeremonyRecord,
    now?: () => Date,
  ): Promise<DkekCeremonyFolder> {
    try {
      await mkdir(path, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new Refusal(
        'io-error',
        `The ceremony folder ${path} cannot be made: ${fileFailureReason(error, 'the folder')}.`,
      );
    }
    for (const name of [DKEK_RECORD_FILE, DKEK_TRANSCRIPT_FILE])
      if (await exists(join(path, name)))
        throw new Refusal(
          'conflict',
          `${path} already holds a ceremony (${name} is there); choose an empty folder so no record is overwritten. Nothing was written.`,
        );
    const folder = new DkekCeremonyFolder(
      path,
      record,
      Transcript.create(join(path, DKEK_TRANSCRIPT_FILE), now),
    );
    // The (empty) transcript first: a folder with a record is always one that opens.
    await folder.transcript.start();
    await folder.write(record);
    return folder;
  }

  /** Opens a DKEK ceremony; a YubiHSM 2 record, a broken one or a broken chain is refused. */
  static async open(path: string, now?: () => Date): Promise<DkekCeremonyFolder> {
    const recordPath = join(path, DKEK_RECORD_FILE);
    let text: string;
    try {
      text = await readFile(recordPath, 'utf8');
    } catch (error) {
      throw new Refusal(
        (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not-found' : 'io-error',
        `${path} holds no DKEK ceremony record: ${fileFailureReason(error, DKEK_RECORD_FILE)}. Give the folder \`dkek init\` wrote.`,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Refusal(
        'invalid-input',
        `${recordPath} is not valid JSON; it may have been edited by hand. Use the copy the ceremony wrote.`,
      );
    }
    const fields = parsed as { format?: unknown; kind?: unknown } | null;
    if (fields?.format !== DKEK_RECORD_FORMAT || fields.kind !== DKEK_RECORD_KIND)
      throw new Refusal(
        'invalid-input',
        `${recordPath} is not the record of a SmartCard-HSM DKEK ceremony (its format is ${JSON.stringify(fields?.format ?? null)}); give the folder \`dkek init\` wrote.`,
      );
    const result = DkekCeremonyRecordSchema.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new Refusal(
        'invalid-input',
        `${recordPath} is not a valid DKEK ceremony record: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
      );
    }
    let transcript: Transcript;
    try {
      transcript = await Transcript.open(join(path, DKEK_TRANSCRIPT_FILE), now);
    } catch (error) {
      throw new Refusal(
        'invalid-input',
        (error as NodeJS.ErrnoException).code
          ? `${join(path, DKEK_TRANSCRIPT_FILE)} cannot be read: ${fileFailureReason(error, 'the transcript')}.`
          : `${(error as Error).message}.`,
      );
    }
    return new DkekCeremonyFolder(path, result.data, transcript);
  }

  /** Applies a change to the record and writes it atomically, stamped with the transcript head. */
  async update(
    change: (record: DkekCeremonyRecord) => DkekCeremonyRecord,
  ): Promise<DkekCeremonyRecord> {
    await this.write(change(structuredClone(this.current)));
    return this.current;
  }

  /** Appends an event to the transcript and keeps the record's transcript head in step. */
  async log(event: string, data: Record<string, unknown> = {}): Promise<string> {
    const head = await this.transcript.append(event, data);
    await this.write(this.current);
    return head;
  }

  private async write(record: DkekCeremonyRecord): Promise<void> {
    const stamped =
      this.transcript.length > 0 ? { ...record, transcriptHead: this.transcript.head } : record;
    const checked = DkekCeremonyRecordSchema.parse(stamped);
    assertNoSecretMaterial(checked, DKEK_RECORD_FILE);
    await writeFileAtomic(
      join(this.path, DKEK_RECORD_FILE),
      `${JSON.stringify(checked, null, 2)}\n`,
      { mode: 0o644 },
    );
    this.current = checked;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
