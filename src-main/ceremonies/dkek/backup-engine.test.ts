// The DKEK back-up on simulated SmartCard-HSMs: every key wrapped into sc-hsm-tool's file, the
// record with each blob's KCV and public key, files never overwritten, a card pulled out part-way
// and the back-up run again, a device of another domain refused, a wrong PIN said.

import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { combineShares, dkekCheckValue } from '../../hsm/smartcard-hsm/protocol/dkek-keys';
import { parseWrapFile } from '../../hsm/smartcard-hsm/protocol/wrap-file';
import { openWrappedKey } from '../../hsm/smartcard-hsm/protocol/wrapped-key';
import { createLogger } from '../../log/logger';
import { Refusal } from '../../refusal/refusal';
import {
  AIR_GAP_WARNINGS,
  airGapSurveys,
  expectBothSurveys,
  transcriptEvents,
} from '../common/testing/air-gap-surveys';
import { DkekBackupEngine } from './backup-engine';
import { backupsOf } from './backup-record';
import { DkekCeremonyFolder } from './record';
import {
  TestCards,
  makeCeremonyFolder,
  makePrimary,
  onCard,
  randomShares,
  PIN,
} from './testing/cards';

let dir: string;
let folder: string;
let primary: string;
const shares = randomShares(2);
const dkek = combineShares(shares);
const kcv = dkekCheckValue(dkek);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custos-dkek-backup-'));
  folder = join(dir, 'ceremony');
  primary = join(dir, 'a.json');
  await makePrimary(primary, shares);
  await makeCeremonyFolder({ folder, primaryState: primary, shares });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function engine(cards = new TestCards(), airGap = airGapSurveys().source) {
  return new DkekBackupEngine({ cards, logger: createLogger({ sinks: [] }), airGap });
}

describe('DKEK back-up', () => {
  it('wraps every key into its own sc-hsm-tool file and records each with the blob KCV and public key', async () => {
    const surveys = airGapSurveys();
    const backup = engine(new TestCards(), surveys.source);
    expect((await backup.start()).airGapWarnings).toEqual(AIR_GAP_WARNINGS);
    await backup.chooseFolder(folder);
    const review = await backup.chooseDevice(primary, PIN);
    expect(review.steps.current).toBe('review');
    expect(review.kcv).toBe(kcv);
    expect(review.keys.map((k) => [k.keyReference, k.type, k.label, k.file, k.status])).toEqual([
      [1, 'EC P-256', 'Issuing CA 2026', 'key-001-issuing-ca-2026.wrapped', 'to-wrap'],
      [2, 'RSA-2048', 'code signing', 'key-002-code-signing.wrapped', 'to-wrap'],
    ]);
    expect(review.keys[0]!.certificateSubject).toMatch(/^CUSTOS0000/);
    const done = await backup.run();
    expect(done.finished).toBe(true);
    expect(done.keys.map((k) => [k.status, k.blobKcv])).toEqual([
      ['written', kcv],
      ['written', kcv],
    ]);
    expect(done.summary).toBe('2 keys wrapped into the ceremony folder.');

    const opened = await DkekCeremonyFolder.open(folder);
    const backups = backupsOf(opened.record);
    expect(backups).toHaveLength(1);
    expect(backups[0]!.kcv).toBe(kcv);
    expect(opened.transcript.length).toBeGreaterThanOrEqual(4);
    // Both air-gap surveys in the transcript, after the back-up's files.
    const lines = await transcriptEvents(folder);
    expectBothSurveys(lines, surveys.taken);
    expect(lines.at(-1)?.event).toBe('air-gap-end');
    for (const key of backups[0]!.keys) {
      const bytes = new Uint8Array(await readFile(join(folder, key.file)));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(key.fileSha256);
      const file = parseWrapFile(bytes);
      expect(file.prkd).toBeDefined();
      expect(file.certificate).toBeDefined();
      const opened = openWrappedKey(file.blob, dkek);
      expect(opened.keyType).toBe(key.keyReference === 1 ? 12 : 5);
      expect(key.publicKey).toMatch(/^30/);
    }
    // No share, DKEK or PIN in the folder.
    for (const name of await readdir(folder)) {
      const text = (await readFile(join(folder, name))).toString('latin1');
      const hex = Buffer.from(await readFile(join(folder, name))).toString('hex');
      expect(text).not.toContain(PIN);
      for (const secret of [dkek, ...shares])
        expect(hex).not.toContain(Buffer.from(secret).toString('hex'));
    }
  });

  it('never overwrites a file: a second back-up keeps what is there and says so', async () => {
    const first = engine();
    await first.start();
    await first.chooseFolder(folder);
    await first.chooseDevice(primary, PIN);
    await first.run();
    const before = await readFile(join(folder, 'key-001-issuing-ca-2026.wrapped'));
    await writeFile(join(folder, 'key-002-code-signing.wrapped'), 'someone else\n');

    const second = engine();
    await second.start();
    await second.chooseFolder(folder);
    await second.chooseDevice(primary, PIN);
    const done = await second.run();
    expect(done.keys.map((k) => k.status)).toEqual(['kept', 'kept']);
    expect(done.keys[0]!.reason).toContain('from an earlier back-up of this key');
    expect(done.keys[1]!.reason).toContain('is not this key');
    expect(await readFile(join(folder, 'key-001-issuing-ca-2026.wrapped'))).toEqual(before);
    expect(await readFile(join(folder, 'key-002-code-signing.wrapped'), 'utf8')).toBe(
      'someone else\n',
    );
  });

  it('a card pulled out mid-wrap: the sentence, what was written is recorded, and the run again finishes', async () => {
    const cards = new TestCards();
    const backup = engine(cards);
    await backup.start();
    await backup.chooseFolder(folder);
    await backup.chooseDevice(primary, PIN);
    // Out of the reader as the second key's WRAP KEY arrives.
    cards.pullOnInstruction(0x72, 1);
    const stopped = await backup.run().catch((e: unknown) => e);
    expect(stopped).toBeInstanceOf(Refusal);
    expect((stopped as Refusal).code).toBe('device-missing');
    expect((stopped as Error).message).toContain('Insert the card again');
    const partial = backupsOf((await DkekCeremonyFolder.open(folder)).record);
    const files = (await readdir(folder)).filter((n) => n.endsWith('.wrapped'));
    expect(partial[0]!.keys.map((k) => k.file)).toEqual(files);
    expect(files).toEqual(['key-001-issuing-ca-2026.wrapped']);

    const again = await backup.run();
    expect(again.finished).toBe(true);
    expect((await readdir(folder)).filter((n) => n.endsWith('.wrapped'))).toHaveLength(2);
  });

  it('refuses a device of another domain than the folder, and a wrong PIN with the tries left', async () => {
    const other = join(dir, 'other.json');
    await makePrimary(other, randomShares(1), []);
    const backup = engine();
    await backup.start();
    await backup.chooseFolder(folder);
    const refused = await backup.chooseDevice(other, PIN).catch((e: unknown) => e);
    expect((refused as Error).message).toContain('it belongs to another security domain');
    const wrong = await backup.chooseDevice(primary, '000000').catch((e: unknown) => e);
    expect((wrong as Refusal).code).toBe('wrong-password');
    expect((wrong as Error).message).toContain('2 tries are left');
    expect((await backup.chooseDevice(primary, PIN)).steps.current).toBe('review');
  });

  it('a device without a DKEK: no back-up is possible, said before anything is written', async () => {
    const plain = join(dir, 'plain.json');
    await onCard(plain, async (client) => {
      await client.initialize({ userPin: PIN, soPin: '3537363231383830' });
    });
    const backup = engine();
    await backup.start();
    await backup.chooseFolder(folder);
    const before = await readdir(folder);
    const refused = await backup.chooseDevice(plain, PIN).catch((e: unknown) => e);
    expect((refused as Error).message).toContain('initialised without DKEK shares');
    expect(await readdir(folder)).toEqual(before);

    // A ceremony recorded without a DKEK: refused at the folder, with the reason.
    const none = join(dir, 'none');
    await makeCeremonyFolder({ folder: none, primaryState: plain, shares: [], mode: 'none' });
    const noDkek = engine();
    await noDkek.start();
    const atFolder = await noDkek.chooseFolder(none).catch((e: unknown) => e);
    expect((atFolder as Error).message).toContain('initialised without a DKEK');
  });
});
