// A hostile renderer replays another DKEK domain's secrets into a clone (issue 14, the replay
// part of the hostile-renderer suite for the DKEK clone). Two domains are made the way
// `dkek init --rehearsal-shares-dir` leaves them; at this clone's turns domain A's share file
// stands in for this domain's share 1 (it opens with the same typed password, so only the
// record can tell), and the page gives A's password shares for share 2's split. Each must be
// refused with a sentence naming what is wrong, import nothing (the clone's DKEK ends complete
// with the record's check value, so no foreign share took a slot), tell the page nothing secret,
// and the turn goes on: the right password, the right password shares, then accepted.

import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DkekRestoreSnapshot } from '../../shared/ceremony/dkek-clone-snapshot';
import type { Channel } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import {
  PIN,
  SO_PIN,
  makeCeremonyFolder,
  makePrimary,
  randomShares,
  writeRehearsalShares,
} from '../ceremonies/dkek/testing/cards';
import { createCustosApp, type CustosApp } from '../services/custos-app';
import { startServices, type RunningServices } from '../services/lifecycle';
import { createSimulator } from '../services/simulator-factory';
import { smartCardStatePath } from '../services/smartcard-service';
import type { IpcSender } from './sender';

const SENDER: IpcSender = { kind: 'socket', authenticated: true };
let root: string;
let app: CustosApp;
let running: RunningServices | undefined;
const answers: { channel: Channel; result: Result<unknown> }[] = [];

async function send(channel: Channel, payload: unknown = {}): Promise<Result<unknown>> {
  const result = await app.router.dispatch(channel, payload, SENDER);
  answers.push({ channel, result });
  return result;
}

async function must(channel: Channel, payload: unknown = {}): Promise<DkekRestoreSnapshot> {
  const result = await send(channel, payload);
  if (!result.ok) throw new Error(`${channel} answered ${result.code}: ${result.message}`);
  return result.data as DkekRestoreSnapshot;
}

/** One custodian's password share file as the page would type it (the add-password-share fields). */
async function typedShares(dir: string) {
  const files = (await readdir(dir)).sort();
  return Promise.all(
    files.map(async (file) => {
      const text = await readFile(join(dir, file), 'utf8');
      const field = (name: string) =>
        new RegExp(`^#?\\s*${name}\\s*:\\s*(.+)$`, 'm').exec(text)![1]!;
      return {
        prime: field('Prime'),
        id: field('Share ID'),
        value: field('Share value'),
        checkWord: field('Check word'),
      };
    }),
  );
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'custos-hostile-dkek-'));
  await mkdir(join(root, 'user-data', 'simulators'), { recursive: true });
  for (const dir of ['a', 'b']) await mkdir(join(root, dir));
}, 60_000);

afterAll(async () => {
  await running?.stop();
  await rm(root, { recursive: true, force: true });
});

describe('a hostile renderer at a DKEK clone', () => {
  it('replays another domain’s password and password shares: refused, nothing imported, the clone goes on', async () => {
    const userData = join(root, 'user-data');
    // Domain A: only its share files and its custodians' secrets (another ceremony's folder).
    await writeRehearsalShares({
      folder: join(root, 'a'),
      sharesDir: join(root, 'a-shares'),
      shares: randomShares(2),
      iterations: 1,
    });
    // Domain B: the primary this clone copies, its ceremony folder and share files (c = 1).
    const sharesB = randomShares(2);
    const primaryState = smartCardStatePath(userData, 'primary');
    await makePrimary(primaryState, sharesB);
    const folder = join(root, 'b');
    await writeRehearsalShares({
      folder,
      sharesDir: join(root, 'b-shares'),
      shares: sharesB,
      iterations: 1,
    });
    await makeCeremonyFolder({ folder, primaryState, shares: sharesB });
    const splitA = await typedShares(join(root, 'a-shares', 'share-2'));
    const splitB = await typedShares(join(root, 'b-shares', 'share-2'));
    const ownFile = await readFile(join(folder, 'dkek-share-1.pbe'));

    app = createCustosApp({
      host: 'browser',
      version: '0.0.0-test',
      userDataFolder: userData,
      createSimulator,
      usb: false,
      pcsc: false,
      logToStderr: false,
      dkekIterations: 1,
    });
    running = await startServices(app.services, app.logger);

    // The primary's keys backed up, as a clone needs them.
    await must('dkek-backup/start');
    await must('dkek-backup/choose-folder', { folder });
    await must('dkek-backup/choose-device', { deviceId: 'sim-schsm:primary', pin: PIN });
    await must('dkek-backup/run');
    await must('dkek-backup/close');

    await must('dkek-restore/start');
    await must('dkek-restore/choose-folder', { folder });
    const chosen = await must('dkek-restore/choose-device', {
      deviceId: 'sim-schsm:secondary',
      pin: PIN,
      soPin: SO_PIN,
    });
    expect(chosen.shares).toMatchObject({ total: 2, imported: [], next: 1 });

    // Share 1 (a typed password): domain A's share file, opened by the right password, is refused.
    await copyFile(join(root, 'a', 'dkek-share-1.pbe'), join(folder, 'dkek-share-1.pbe'));
    await must('dkek-restore/begin-turn');
    const wrong = await send('dkek-restore/import-share', { password: 'rehearsal-password-1' });
    expect(wrong).toMatchObject({ ok: false });
    expect((wrong as { message: string }).message).toMatch(
      /another ceremony's share file.*Nothing was imported/,
    );
    // The turn stays at the entry, its sentence on screen, for the holder to try again.
    const afterWrong = await must('dkek-restore/current');
    expect(afterWrong.shares.imported).toEqual([]);
    expect(afterWrong.shares.turn).toMatchObject({ shareNumber: 1, phase: 'entry' });
    expect(afterWrong.shares.turn?.refusal).toBe((wrong as { message: string }).message);
    // The file back as the ceremony wrote it, the holder types again: accepted.
    await writeFile(join(folder, 'dkek-share-1.pbe'), ownFile);
    const first = await must('dkek-restore/import-share', { password: 'rehearsal-password-1' });
    expect(first.shares.imported).toEqual([1]);

    // Share 2 (a 2-of-3 password split): domain A's custodians' password shares are refused.
    await must('dkek-restore/next-turn');
    await must('dkek-restore/begin-turn');
    // Each password share is well formed (its check word holds), so each is taken in; the set
    // is refused when it fails to open this domain's file.
    for (const typed of splitA) await must('dkek-restore/add-password-share', typed);
    const replayed = await send('dkek-restore/import-share');
    expect(replayed).toMatchObject({ ok: false, code: 'invalid-input' });
    const sentence = (replayed as { message: string }).message;
    expect(sentence).toMatch(
      /password shares do not open .*dkek-share-2\.pbe.*Nothing was imported/,
    );
    const afterReplay = await must('dkek-restore/current');
    expect(afterReplay.shares.imported).toEqual([1]);
    // The refused shares are dropped; the turn waits at the entry for the right custodians.
    expect(afterReplay.shares.turn).toMatchObject({
      shareNumber: 2,
      phase: 'entry',
      passwordSharesIn: [],
      refusal: sentence,
    });
    for (const typed of splitB) await must('dkek-restore/add-password-share', typed);
    const second = await must('dkek-restore/import-share');
    expect(second.shares.imported).toEqual([1, 2]);
    // The record holds the clone's two imports, one each, and nothing for the refused attempts.
    const record = JSON.parse(await readFile(join(folder, 'ceremony.json'), 'utf8')) as {
      imports: { shareNumber: number; session?: string }[];
    };
    const cloned = record.imports.filter((entry) => entry.session === 'clone');
    expect(cloned.map((entry) => entry.shareNumber)).toEqual([1, 2]);

    // Nothing secret went to the page: no password, no password share value, of either domain.
    const told = JSON.stringify(answers);
    for (const secret of [
      'rehearsal-password-1',
      ...[...splitA, ...splitB].map((share) => share.value),
    ])
      expect(told.includes(secret), 'an answer carried a secret').toBe(false);
  }, 120_000);
});
