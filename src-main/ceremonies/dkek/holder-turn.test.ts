// A share holder's turn at the DKEK clone and at the sequential import, on simulated cards: the
// password shares of a split checked one by one (the wrong one named), a holder who gives up
// mid-turn (nothing imported, the turn taken again), and the travelling device of a sequential
// import (a share already on it named and refused before it reaches the card; KCV at 0).

import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { combineShares, dkekCheckValue } from '../../hsm/smartcard-hsm/protocol/dkek-keys';
import { createLogger } from '../../log/logger';
import { DkekBackupEngine } from './backup-engine';
import { rehearsalTurn } from './rehearsal-turn';
import { DkekRestoreEngine } from './restore-engine';
import {
  PIN,
  SO_PIN,
  TestCards,
  makeCeremonyFolder,
  makePrimary,
  onCard,
  randomShares,
  writeRehearsalShares,
} from './testing/cards';

let dir: string;
let folder: string;
let sharesDir: string;
let secondary: string;
const shares = randomShares(2);
const kcv = dkekCheckValue(combineShares(shares));
const logger = createLogger({ sinks: [] });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custos-dkek-turn-'));
  folder = join(dir, 'ceremony');
  sharesDir = join(dir, 'shares');
  const primary = join(dir, 'a.json');
  secondary = join(dir, 'b.json');
  await mkdir(folder);
  await makePrimary(primary, shares);
  await writeRehearsalShares({ folder, sharesDir, shares, iterations: 1 });
  await makeCeremonyFolder({ folder, primaryState: primary, shares });
  const backup = new DkekBackupEngine({ cards: new TestCards(), logger });
  await backup.start();
  await backup.chooseFolder(folder);
  await backup.chooseDevice(primary, PIN);
  await backup.run();
}, 60_000);
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Share 2's password shares as their custodians would type them, by ID (1 and 3 were kept). */
async function typedPasswordShares() {
  const files = (await readdir(join(sharesDir, 'share-2'))).sort();
  return Promise.all(
    files.map(async (name) => {
      const text = await readFile(join(sharesDir, 'share-2', name), 'utf8');
      const field = (label: RegExp) => label.exec(text)![1]!.trim();
      return {
        prime: field(/^Prime\s*:\s*(.*)$/m),
        id: field(/^Share ID\s*:\s*(.*)$/m),
        value: field(/^Share value\s*:\s*(.*)$/m),
        checkWord: field(/^# Check word\s*:\s*(.*)$/m),
      };
    }),
  );
}

async function engineAtShareTwo(mode: 'clone' | 'import' = 'clone') {
  const engine = new DkekRestoreEngine({ cards: new TestCards(), logger, iterations: 1 });
  await engine.start(mode);
  await engine.chooseFolder(folder);
  return engine;
}

const message = (error: unknown) => (error as Error).message;

describe("a share holder's turn", () => {
  it('takes the password shares one by one, naming the wrong one, and a holder who gives up imports nothing', async () => {
    const engine = await engineAtShareTwo();
    await engine.chooseDevice(secondary, PIN, SO_PIN);
    await rehearsalTurn(engine, sharesDir);
    const [bob, dan] = await typedPasswordShares();
    expect(message(await engine.addPasswordShare(bob!).catch((e: unknown) => e))).toMatch(
      /Take the turn first/,
    );
    const taken = await engine.beginTurn();
    expect(taken.shares.turn).toMatchObject({
      shareNumber: 2,
      phase: 'entry',
      holders: { kind: 'password-split', custodians: ['Bob', 'Carol', 'Dan'], threshold: 2 },
    });
    const misread = { ...bob!, value: bob!.value.replace(/.$/, (c) => (c === '0' ? '1' : '0')) };
    expect(message(await engine.addPasswordShare(misread).catch((e: unknown) => e))).toMatch(
      /^Password share 1 does not match its check word/,
    );
    expect(
      message(
        await engine.addPasswordShare({ ...bob!, id: '7', checkWord: '' }).catch((e: unknown) => e),
      ),
    ).toMatch(
      /Password share 1 says Share ID 7, but share 2's set has IDs 1 to 3 \(Bob, Carol, Dan\)/,
    );
    expect((await engine.addPasswordShare(bob!)).shares.turn?.passwordSharesIn).toEqual(['Bob']);
    expect(message(await engine.addPasswordShare(bob!).catch((e: unknown) => e))).toMatch(
      /Bob's password share \(ID 1\) is already in/,
    );
    expect(message(await engine.importShare().catch((e: unknown) => e))).toMatch(
      /1 of the 2 password shares this 2-of-3 set needs are in/,
    );
    // Dan walks away: Esc. What was entered is forgotten; nothing reached the card.
    const left = await engine.leaveTurn('escape');
    expect(left.shares.turn).toMatchObject({ phase: 'handover', passwordSharesIn: [] });
    expect(left.shares.turn?.cleared).toContain('because Esc was pressed');
    expect(left.shares.imported).toEqual([1]);
    expect(message(await engine.importShare().catch((e: unknown) => e))).toMatch(
      /turn is at handover. Take the turn first/,
    );
    expect(await onCard(secondary, (c) => c.dkekStatus())).toMatchObject({ outstanding: 1 });
    // The turn taken again, both custodians enter theirs; the share goes in, the KCV is checked.
    await engine.beginTurn();
    await engine.addPasswordShare(bob!);
    await engine.addPasswordShare(dan!);
    const imported = await engine.importShare();
    expect(imported.shares.turn?.phase).toBe('cleared');
    const on = await engine.nextTurn();
    expect(on.steps.current).toBe('unwrap');
    expect(on.kcv).toBe(kcv);
    expect(on.shares.turn).toBeUndefined();
  });

  it('a sequential import: the travelling device reads k outstanding, a share already on it is named and refused, the next one completes it with the KCV', async () => {
    // Share 1 went in at the first site (the clone's secondary, left waiting for share 2).
    const first = await engineAtShareTwo();
    await first.chooseDevice(secondary, PIN, SO_PIN);
    await rehearsalTurn(first, sharesDir);
    await first.cancel();

    const site = await engineAtShareTwo('import');
    const read = await site.chooseDevice(secondary, PIN);
    expect(read.mode).toBe('import');
    expect(read.shares).toMatchObject({ total: 2, imported: [1], next: 2 });
    const again = await site.chooseShare(1).catch((e: unknown) => e);
    expect(message(again)).toMatch(
      /^Share 1 \(dkek-share-1.pbe\) is already on this device \(imported .*\): importing it again would cancel it out/,
    );
    expect(message(again)).toContain(
      'Bring one of the shares still missing: 2. Nothing was imported.',
    );
    expect(await onCard(secondary, (c) => c.dkekStatus())).toMatchObject({ outstanding: 1 });
    const done = await rehearsalTurn(site, sharesDir);
    expect(done.finished).toBe(true);
    expect(done.steps.skipped).toEqual(['unwrap']);
    expect(done.summary).toContain(`its check value ${kcv} is the record's`);
    expect(await onCard(secondary, (c) => c.dkekStatus())).toMatchObject({
      state: 'complete',
      kcv,
    });
  });
});
