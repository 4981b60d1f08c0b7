// `custos dkek restore` refusing bad input with its sentence, nothing lost (issue 10 "Bad input"):
// a share file given twice (share 2's file and password are share 1's) stopped before it reaches
// the secondary, which keeps its one share and finishes once the right file is back; the wrong
// device for the secondary, an empty card with the primary's serial or a card holding keys of its
// own, left as it was. One rehearsal domain (two shares, c = 1) serves every case.

import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  custos,
  dkekSite,
  expectNoHalfWrittenFile,
} from '../../ceremonies/faults/dkek-fault-harness';
import { makePrimary, onCard, randomShares } from '../../ceremonies/dkek/testing/cards';

let cwd: string;

const restore = (device: string, shares = 'shares') =>
  custos(
    cwd,
    'restore',
    '--folder',
    'ceremony',
    '--device',
    `schsm-sim:${device}`,
    '--pin-file',
    'pin.txt',
    '--rehearsal-shares-dir',
    shares,
  );
const status = (device: string) => custos(cwd, 'status', '--device', `schsm-sim:${device}`);

beforeAll(async () => {
  cwd = await dkekSite({ generated: true });
  const plan = JSON.parse(await readFile(join(cwd, 'plan.json'), 'utf8'));
  plan.dkek.shares = [{ custodian: 'Alice' }, { custodian: 'Bob' }];
  await writeFile(join(cwd, 'plan.json'), JSON.stringify(plan));
  const init = await custos(
    cwd,
    'init',
    '--plan',
    'plan.json',
    '--device',
    'schsm-sim:a.json',
    '--out',
    'ceremony',
    '--rehearsal-shares-dir',
    'shares',
  );
  expect(init.code, init.stderr).toBe(0);
  const backup = await custos(
    cwd,
    'backup',
    '--folder',
    'ceremony',
    '--device',
    'schsm-sim:a.json',
    '--pin-file',
    'pin.txt',
  );
  expect(backup.code, backup.stderr + backup.stdout).toBe(0);
}, 120_000);
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('custos dkek restore refuses', () => {
  it('share 1 given again as share 2, before it reaches the secondary; with the right file it finishes', async () => {
    const own = join(cwd, 'ceremony', 'dkek-share-2.pbe');
    const kept = await readFile(own);
    await cp(join(cwd, 'ceremony', 'dkek-share-1.pbe'), own);
    await mkdir(join(cwd, 'twice'));
    await cp(join(cwd, 'shares', 'share-1'), join(cwd, 'twice', 'share-1'), { recursive: true });
    await cp(join(cwd, 'shares', 'share-1'), join(cwd, 'twice', 'share-2'), { recursive: true });

    const twice = await restore('b.json', 'twice');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(
      /^custos dkek: The file given as share 2 \(dkek-share-2\.pbe\) opens to share 1 \(check value [0-9A-F]{16}\), which is already one of this domain's shares: importing it again would cancel it out and leave an all-zero DKEK\. Nothing was imported; bring share 2's own file\.$/m,
    );
    expect((await status('b.json')).stdout).toContain('DKEK shares: 2 total, 1 outstanding');
    await expectNoHalfWrittenFile(cwd);

    await writeFile(own, kept);
    const resumed = await restore('b.json');
    expect(resumed.code, resumed.stderr + resumed.stdout).toBe(0);
    expect(resumed.stdout).toContain('1 of 2 shares in');
    expect(resumed.stdout).toMatch(/^unwrapped key-001-/m);
  });

  it("an empty card with the primary's serial, and a card holding keys of its own; both left as they were", async () => {
    // A copy of the primary's state, initialised again: no keys, the primary's serial.
    await cp(join(cwd, 'a.json'), join(cwd, 'c.json'));
    await cp(join(cwd, 'a.json.storage-key'), join(cwd, 'c.json.storage-key'));
    await onCard(join(cwd, 'c.json'), (client) =>
      client.initialize({ userPin: 'custos-pin-642', soPin: '0123456789ABCDEF', dkekShares: 2 }),
    );
    const before = await status('c.json');
    const serial = /serial (\S+)/.exec((await status('a.json')).stdout)![1];
    expect(before.stdout).toContain(`serial ${serial}`);
    const same = await restore('c.json');
    expect(same.code).toBe(1);
    expect(same.stderr).toContain(
      `custos dkek: This card is the primary (serial ${serial}), the device the back-up was made from: a clone is made on a second device. Insert the secondary.`,
    );
    expect((await status('c.json')).stdout).toBe(before.stdout);

    await makePrimary(join(cwd, 'd.json'), randomShares(1), [
      { ref: 4, algorithm: 'ec-p256', label: 'mine' },
    ]);
    const keysBefore = await status('d.json');
    const used = await restore('d.json');
    expect(used.code).toBe(1);
    expect(used.stderr).toMatch(
      /^custos dkek: This card already holds keys of its own \(key reference 4, under the DKEK with check value [0-9A-F]{16}\): cloning onto it would mix domains, and initialising it would destroy them\./m,
    );
    expect((await status('d.json')).stdout).toBe(keysBefore.stdout);
    expect(await onCard(join(cwd, 'd.json'), async (c) => (await c.listKeys()).length)).toBe(1);
    await expectNoHalfWrittenFile(join(cwd, 'ceremony'));
  });
});
