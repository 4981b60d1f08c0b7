// The DKEK ceremony folder: created, extended and reopened with its chain intact; the check
// values it must keep pass the secret guard, a password does not; a YubiHSM 2 record is not
// mistaken for a DKEK one.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DKEK_RECORD_FORMAT,
  DKEK_RECORD_KIND,
  type DkekCeremonyRecord,
} from '../../../shared/records/dkek-ceremony-record';
import { checkTranscript } from '../../records/transcript';
import { DkekCeremonyFolder } from './record';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'custos-dkek-record-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function sampleRecord(): DkekCeremonyRecord {
  return {
    format: DKEK_RECORD_FORMAT,
    kind: DKEK_RECORD_KIND,
    ceremonyId: '0b6f2f4e-8a6e-4c1e-9d5e-3f2a1b0c9d8e',
    name: 'HSM backup domain 2026',
    rehearsal: true,
    status: 'in-progress',
    stage: 'shares',
    startedAt: '2026-12-06T08:00:00.000Z',
    tool: { name: 'Custos', version: 'test' },
    device: {
      reader: 'simulated SmartCard-HSM (a.json)',
      family: 'smartcard-hsm',
      serial: 'DESIM1A2B3',
      version: 'SmartCard-HSM version 3.5',
      simulated: true,
    },
    pinRetries: 3,
    dkek: {
      mode: 'shares',
      shareCount: 2,
      shareFiles: [
        {
          number: 1,
          holders: { kind: 'password', custodian: 'Alice' },
          file: 'alice/dkek-share-1.pbe',
          sha256: 'a'.repeat(64),
          shareKcv: '4CA6B49CBEF4D6CF',
          createdAt: '2026-12-06T08:01:00.000Z',
        },
        {
          number: 2,
          holders: { kind: 'password-split', custodians: ['Bob', 'Carol', 'Dan'], threshold: 2 },
          file: 'dkek-share-2.pbe',
          sha256: 'b'.repeat(64),
          shareKcv: '72CD6E8422C407FB',
          createdAt: '2026-12-06T08:02:00.000Z',
        },
      ],
    },
    imports: [],
  };
}

describe('the DKEK ceremony folder', () => {
  it('keeps the record and the transcript in step, and reopens with the chain checked', async () => {
    const made = await DkekCeremonyFolder.create(folder, sampleRecord());
    await made.log('dkek-share-imported', { shareNumber: 1, outstandingAfter: 1 });
    await made.update((record) => ({
      ...record,
      dkek: { ...record.dkek, kcv: '911F4F7256156CDE' },
    }));
    const head = await made.log('dkek-complete', { kcv: '911F4F7256156CDE' });
    const reopened = await DkekCeremonyFolder.open(folder);
    expect(reopened.record.transcriptHead).toBe(head);
    expect(reopened.record.dkek.kcv).toBe('911F4F7256156CDE');
    const chain = checkTranscript(await readFile(join(folder, 'transcript.jsonl'), 'utf8'));
    expect(chain.ok && chain.head).toBe(head);
  });

  it('refuses a second ceremony in the same folder', async () => {
    await DkekCeremonyFolder.create(folder, sampleRecord());
    await expect(DkekCeremonyFolder.create(folder, sampleRecord())).rejects.toThrow(
      /already holds a ceremony/,
    );
  });

  it('refuses to write a password, and a share-looking value outside a check value field', async () => {
    const made = await DkekCeremonyFolder.create(folder, sampleRecord());
    await expect(made.log('oops', { password: 'correct horse' })).rejects.toThrow(/secret/);
    await expect(made.log('oops', { note: '4CA6B49CBEF4D6CF' })).rejects.toThrow(/secret/);
    await expect(made.log('oops', { kcv: '4ca6b49cbef4d6cf' })).rejects.toThrow(/secret/);
    const text = await readFile(join(folder, 'transcript.jsonl'), 'utf8');
    expect(text).toBe('');
  });

  it('refuses a YubiHSM 2 record and a tampered transcript with sentences', async () => {
    await writeFile(
      join(folder, 'ceremony.json'),
      JSON.stringify({ format: 'custos-ceremony/1', kind: 'yubihsm2-initialize' }),
    );
    await expect(DkekCeremonyFolder.open(folder)).rejects.toThrow(
      /not the record of a SmartCard-HSM DKEK ceremony/,
    );
    await rm(join(folder, 'ceremony.json'));
    const made = await DkekCeremonyFolder.create(folder, sampleRecord());
    await made.log('one', { shareNumber: 1 });
    await made.log('two', { shareNumber: 2 });
    const path = join(folder, 'transcript.jsonl');
    await writeFile(
      path,
      (await readFile(path, 'utf8')).replace('"shareNumber":1', '"shareNumber":3'),
    );
    await expect(DkekCeremonyFolder.open(folder)).rejects.toThrow(/line 2 does not carry the hash/);
  });
});
