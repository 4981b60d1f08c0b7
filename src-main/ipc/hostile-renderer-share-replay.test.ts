// A hostile renderer replays shares from another ceremony's set into a share audit and into a
// reshare (issue 14, the replay part of the hostile-renderer suite for the two device-less share
// ceremonies). Ceremonies A and B are split for the same custodians and threshold, so A's shares
// are well formed in every way a share can be checked alone; only B's salted commitments tell
// them apart. Each replay must be refused with a sentence naming the custodian (the reshare takes
// a lone first share that is not the recorded one with a warning, as it may be of a re-split of
// the same key, and refuses the set once it does not rebuild the recorded key), change nothing in
// B's folder, answer nothing secret, and the turn goes on: B's own shares are then accepted.

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditSnapshot, ReshareSnapshot } from '../../shared/ceremony/audit-snapshot';
import type { Channel } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import { makeShareCeremony, type TestCeremony } from '../ceremonies/audit/testing/share-ceremony';
import { secretSpellings } from '../ceremonies/init/testing/secret-spellings';
import { createCustosApp, type CustosApp } from '../services/custos-app';
import { startServices, type RunningServices } from '../services/lifecycle';
import { createSimulator } from '../services/simulator-factory';
import type { IpcSender } from './sender';

const SENDER: IpcSender = { kind: 'socket', authenticated: true };
let root: string;
let app: CustosApp;
let running: RunningServices;
let a: TestCeremony;
let b: TestCeremony;
const answers: { channel: Channel; result: Result<unknown> }[] = [];

async function must<T>(channel: Channel, payload: unknown = {}): Promise<T> {
  const result = await app.router.dispatch(channel, payload, SENDER);
  answers.push({ channel, result });
  if (!result.ok) throw new Error(`${channel} answered ${result.code}: ${result.message}`);
  return result.data as T;
}

/** Every file of B's folder with its content: a refused share must leave them all as they were. */
async function folderB(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of (await readdir(b.path)).sort())
    files.set(name, await readFile(join(b.path, name), 'utf8'));
  return files;
}

/** The share-entry part of an audit or reshare snapshot (the step both share). */
function entryOf(snapshot: AuditSnapshot | ReshareSnapshot) {
  const view = snapshot.view as { phase?: string; refusal?: { message: string } };
  return { phase: view.phase, refusal: view.refusal?.message };
}

/**
 * At the audit's first turn: A's share for custodian 1, and A's share for custodian 2 under
 * custodian 1's number, are each refused naming custodian 1 (an audit proves the recorded shares,
 * so even a first share is judged alone); then B's own is taken.
 */
async function replayAtFirstTurn(ceremony: 'audit'): Promise<void> {
  await must(`${ceremony}/begin-turn`, { custodian: 1 });
  const before = await folderB();
  const replays = [a.shares[0]!, a.shares[1]!.replace(/^2-2-/, '2-1-')];
  for (const text of replays) {
    const refused = entryOf(await must(`${ceremony}/submit-share`, { entry: { text } }));
    expect(refused.phase, `${ceremony}: ${text.slice(0, 4)} replayed`).toBe('entry');
    expect(refused.refusal).toContain(`Share 1 (${b.custodians[0]}) is wrong`);
    expect(await folderB()).toEqual(before);
  }
  const taken = entryOf(await must(`${ceremony}/submit-share`, { entry: { text: b.shares[0]! } }));
  expect(taken).toMatchObject({ phase: 'cleared' });
  expect(taken.refusal).toBeUndefined();
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'custos-hostile-shares-'));
  a = await makeShareCeremony(await mkdtemp(join(root, 'a-')));
  b = await makeShareCeremony(await mkdtemp(join(root, 'b-')));
  app = createCustosApp({
    host: 'browser',
    version: '0.0.0-test',
    userDataFolder: join(root, 'user-data'),
    createSimulator,
    usb: false,
    pcsc: false,
    logToStderr: false,
  });
  running = await startServices(app.services, app.logger);
}, 60_000);

afterAll(async () => {
  await running?.stop();
  await rm(root, { recursive: true, force: true });
});

describe('a hostile renderer replaying another ceremony’s shares', () => {
  it('at the share audit: refused by commitment, nothing recorded, and the audit proves B', async () => {
    await must('audit/start');
    await must('audit/choose-folder', { folder: b.path });
    await replayAtFirstTurn('audit');
    await must('audit/next-custodian');
    // Custodian 2's turn: A's share 2 replayed, refused; B's own then proves the set.
    await must('audit/begin-turn', { custodian: 2 });
    const refused = entryOf(await must('audit/submit-share', { entry: { text: a.shares[1]! } }));
    expect(refused.refusal).toContain(`Share 2 (${b.custodians[1]}) is wrong`);
    await must('audit/submit-share', { entry: { text: b.shares[1]! } });
    const result = await must<AuditSnapshot>('audit/next-custodian');
    expect(result.view).toMatchObject({
      step: 'result',
      outcome: 'proven',
      kcv: b.kcv,
      matchesRecord: true,
      wrong: [],
    });
    await must('audit/close');
  });

  it('at the reshare’s current shares: a replayed set is refused whole, a replayed share beside a recorded one at once; B is rebuilt', async () => {
    await must('reshare/start');
    await must('reshare/choose-folder', { folder: b.path });
    await must('reshare/set-plan', {
      plan: { custodians: ['Alan', 'Barbara', 'Claude'], threshold: 2 },
    });
    await must('reshare/to-old-shares');
    const before = await folderB();
    // A first share that is not the recorded one may be of a re-split of the same key
    // (yubihsm-setup, yubihsm-manager): taken with a warning that names it, judged by the set.
    await must('reshare/begin-turn', { custodian: 1 });
    const first = await must<ReshareSnapshot>('reshare/submit-share', {
      entry: { text: a.shares[0]! },
    });
    expect(first.view).toMatchObject({ step: 'old-shares', phase: 'cleared' });
    expect(JSON.stringify(first.view)).toContain('or from another ceremony');
    await must('reshare/next-custodian');
    await must('reshare/begin-turn', { custodian: 2 });
    await must('reshare/submit-share', { entry: { text: a.shares[1]! } });
    // A's set rebuilds A's key, not B's: refused whole, each custodian named, nothing kept.
    const refused = await must<ReshareSnapshot>('reshare/next-custodian');
    const view = refused.view as { setProblems?: string[]; accepted?: unknown[] };
    expect(view.accepted).toEqual([]);
    expect(view.setProblems).toEqual([
      expect.stringMatching(/^Share 1 \(Ada Lovelace\) is wrong: .*comes from another ceremony/),
      expect.stringMatching(/^Share 2 \(Grace Hopper\) is wrong: .*comes from another ceremony/),
    ]);
    expect(refused.view).not.toHaveProperty('recombined');
    expect(await folderB()).toEqual(before);
    // The custodians enter again: B's own share 1, then A's share 3 beside it is refused at once.
    await must('reshare/begin-turn', { custodian: 1 });
    await must('reshare/submit-share', { entry: { text: b.shares[0]! } });
    await must('reshare/next-custodian');
    await must('reshare/begin-turn', { custodian: 3 });
    const replayed = entryOf(await must('reshare/submit-share', { entry: { text: a.shares[2]! } }));
    expect(replayed.phase).toBe('entry');
    expect(replayed.refusal).toContain(`Share 3 (${b.custodians[2]}) is wrong`);
    expect(replayed.refusal).toContain('comes from another ceremony');
    expect(await folderB()).toEqual(before);
    await must('reshare/submit-share', { entry: { text: b.shares[2]! } });
    const rebuilt = await must<ReshareSnapshot>('reshare/next-custodian');
    expect(rebuilt.view).toMatchObject({ step: 'old-shares', recombined: { kcv: b.kcv } });
    await must('reshare/cancel');
    await must('reshare/close');
    const record = JSON.parse(await readFile(join(b.path, 'ceremony.json'), 'utf8')) as {
      reshares?: unknown;
    };
    expect(record.reshares).toBeUndefined();
  });

  it('was told no share of either set, in any spelling', () => {
    // Both ceremonies above ran first (a file's tests run in order): their answers are here.
    expect(answers.filter((entry) => entry.channel.endsWith('/submit-share')).length).toBe(10);
    const told = JSON.stringify(answers);
    for (const ceremony of [a, b])
      for (const spelling of secretSpellings({
        shares: ceremony.shares,
        passwords: [],
        wrapKey: ceremony.key,
      }))
        expect(told.includes(spelling.text), spelling.what).toBe(false);
  });
});
