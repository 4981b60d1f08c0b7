// A renderer that turns hostile gets nothing (issue 14). The whole app's router, as both hosts
// build it, with its embedded simulated devices, is driven the way a compromised page could:
// every contract channel with garbage, valid payloads out of order, and intents replayed from
// another ceremony. Every one must be refused, no answer may carry a share other than the one
// on screen for the custodian whose turn it is, nothing may be written outside the folder the
// person chose, and each ceremony must go on from where it was afterwards.
// Replays into the device-less share ceremonies and into the DKEK clone have their own files:
// hostile-renderer-share-replay.test.ts and hostile-renderer-dkek-replay.test.ts.

import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InitSnapshot } from '../../shared/ceremony/init-snapshot';
import { CHANNELS, type Channel } from '../../shared/ipc/contract';
import type { DeviceView } from '../../shared/ipc/devices';
import type { Result } from '../../shared/ipc/result';
import { confirmationAnswers } from '../ceremonies/init/share-answers';
import { createCustosApp, type CustosApp } from '../services/custos-app';
import { startServices, type RunningServices } from '../services/lifecycle';
import { createSimulator } from '../services/simulator-factory';
import type { IpcSender } from './sender';

const SENDER: IpcSender = { kind: 'socket', authenticated: true };
const ALL_CHANNELS = Object.keys(CHANNELS) as Channel[];
const PASSWORD = 'hostile-suite-password-1';

/** A payload each channel's schema accepts, aimed where a hostile page would aim it. */
const SAMPLE: Partial<Record<Channel, unknown>> = {
  'init/choose-primary': { deviceId: 'sim:primary' },
  'init/reset-primary': { deviceId: 'sim:primary', confirmation: 'RESET 7550001' },
  'init/update-plan': { plan: { ceremony: 'hostile', custodians: ['a', 'b'] } },
  'init/set-password': { key: 'application', password: PASSWORD, confirmation: PASSWORD },
  'init/set-folder': { folder: '/tmp/hostile-elsewhere' },
  'init/load-plan': { name: 'hostile' },
  'init/save-plan': { name: 'hostile', replace: true },
  'init/hide-share': { reason: 'user' },
  'init/confirm-share': { entries: ['AAAA'] },
  'init/open-sheet': { paper: 'a4' },
  'init/scan-back': { text: '2-1-AAAA' },
  'init/enter-verification-share': { text: '2-1-AAAA' },
  'dump/choose-folder': { folder: '/tmp/hostile-elsewhere' },
  'dump/choose-primary': { deviceId: 'sim:primary' },
  'dump/authenticate': { password: PASSWORD },
  'dump/run': { replace: ['0x0002-wrap-key.yhw'] },
  'restore/choose-folder': { folder: '/tmp/hostile-elsewhere' },
  'restore/choose-secondary': { deviceId: 'sim:secondary' },
  'restore/begin-turn': { custodian: 1 },
  'restore/submit-share': { entry: { text: '2-1-AAAA' } },
  'restore/abandon-turn': { reason: 'user' },
  'restore/plan-secondaries': { count: 2 },
  'restore/set-application-key': { password: PASSWORD },
  'verify/choose-folder': { folder: '/tmp/hostile-elsewhere' },
  'verify/choose-secondary': { deviceId: 'sim:secondary' },
  'verify/choose-primary': { deviceId: 'sim:primary' },
  'verify/authenticate': { password: PASSWORD },
  // The DKEK initialisation (its own out-of-order and reveal suite: dkek-init-handlers.test.ts).
  'dkek-init/start': { deviceId: 'sim-schsm:primary' },
  'dkek-init/confirm-reinitialise': { serial: 'DESIM0000000', keys: 2 },
  'dkek-init/leave-turn': { reason: 'user' },
  'dkek-init/confirm-turn': { value: '00112233' },
  'rotate/choose-folder': { folder: '/tmp/hostile-elsewhere' },
  'rotate/set-rotation-key': { password: PASSWORD },
  'rotate/set-audit-key': { password: PASSWORD },
  'rotate/begin-turn': { custodian: 1 },
  'rotate/submit-share': { entry: { text: '2-1-AAAA' } },
  'rotate/abandon-turn': { reason: 'user' },
  'rotate/make-new-shares': { deviceId: 'sim:primary' },
  'rotate/hide-share': { reason: 'user' },
  'rotate/confirm-share': { entries: ['AAAA'] },
  'rotate/run-device': { deviceId: 'sim:primary' },
  'audit/choose-folder': { folder: '/tmp/hostile-elsewhere' },
  'audit/begin-turn': { custodian: 1 },
  'audit/submit-share': { entry: { text: '2-1-AAAA' } },
  'audit/abandon-turn': { reason: 'user' },
  'reshare/choose-folder': { folder: '/tmp/hostile-elsewhere' },
  'reshare/set-plan': { plan: { custodians: ['a', 'b'], threshold: 2 } },
  'reshare/begin-turn': { custodian: 1 },
  'reshare/submit-share': { entry: { text: '2-1-AAAA' } },
  'reshare/abandon-turn': { reason: 'user' },
  'reshare/hide-share': { reason: 'user' },
  'reshare/confirm-share': { entries: ['AAAA'] },
  'reshare/open-sheet': { paper: 'a4' },
  'reshare/scan-back': { text: '2-1-AAAA' },
  'reshare/enter-verification-share': { text: '2-1-AAAA' },
  'dkek-backup/choose-folder': { folder: '/tmp/hostile-elsewhere' },
  'dkek-backup/choose-device': { deviceId: 'sim-schsm:primary', pin: '648219' },
  'dkek-restore/choose-folder': { folder: '/tmp/hostile-elsewhere' },
  'dkek-restore/choose-device': { deviceId: 'sim-schsm:secondary', pin: '648219' },
  'dkek-restore/import-share': { password: PASSWORD },
  'dkek-verify/choose-folder': { folder: '/tmp/hostile-elsewhere' },
  'dkek-verify/verify': { deviceId: 'sim-schsm:secondary', pin: '648219' },
};

/** Every ceremony of the contract (each has a start channel), so one added later is covered. */
const CEREMONIES = ALL_CHANNELS.filter((c) => c.endsWith('/start')).map((c) => c.split('/')[0]!);

/** Intents that are fine at any step: reading, hiding, leaving. They must still leak nothing. */
const ALWAYS_ANSWERED = new Set<Channel>([
  'host/info',
  'device/list',
  'init/current',
  'init/hide-share',
  'init/still-here',
  'init/close-sheet',
  'init/cancel',
  'init/close',
  'init/list-plans',
  'dump/current',
  'dump/cancel',
  'dump/close',
  'restore/current',
  'restore/cancel',
  'restore/close',
  'restore/abandon-turn',
  'verify/current',
  'verify/close',
  'dkek-init/current',
  'dkek-init/cancel',
  'dkek-init/close',
  // Names of saved plans in the browser host's plans folder: no plan, no secret.
  'dkek-init/list-plans',
  'rotate/current',
  'rotate/cancel',
  'rotate/close',
  'audit/current',
  'audit/cancel',
  'audit/close',
  'reshare/current',
  // As at the initialization: closing no sheet, or saying "still here", moves nothing on.
  'reshare/close-sheet',
  'reshare/still-here',
  'reshare/cancel',
  'reshare/close',
  'dkek-backup/current',
  'dkek-backup/cancel',
  'dkek-backup/close',
  'dkek-restore/current',
  'dkek-restore/cancel',
  'dkek-restore/close',
  'dkek-verify/current',
  'dkek-verify/cancel',
  'dkek-verify/close',
  // The audit key may be given at the first step, before the folder.
  'rotate/set-audit-key',
]);

const GARBAGE: unknown[] = [
  null,
  42,
  'init/start',
  [],
  [{}],
  { junk: true },
  JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}'),
  { folder: 7, path: '/home/user/.bashrc', name: '../../.bashrc', text: { text: 'x' } },
  { plan: { ceremony: 'x', extra: '$(touch /tmp/pwned)' } },
  { plan: { custodians: Array(10_000).fill('x') } },
  { entries: Array(1000).fill('A'.repeat(300)) },
  nested(200),
];

function nested(depth: number): unknown {
  let value: unknown = {};
  for (let i = 0; i < depth; i += 1) value = { plan: value };
  return value;
}

let root: string;
let userData: string;
let chosen: string;
let app: CustosApp;
let running: RunningServices;
/** Every answer the page got, with what was on screen when it got it. */
const answers: { channel: Channel; result: Result<unknown> }[] = [];

async function send(channel: Channel, payload: unknown = {}): Promise<Result<unknown>> {
  const result = await app.router.dispatch(channel, payload, SENDER);
  answers.push({ channel, result });
  return result;
}

async function must<T>(channel: Channel, payload: unknown = {}): Promise<T> {
  const result = await send(channel, payload);
  if (!result.ok) throw new Error(`${channel} answered ${result.code}: ${result.message}`);
  return result.data as T;
}

/** Every file outside user data and the chosen folder, with its content: must never change. */
function elsewhere(): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    const path = join(root, name);
    if (path.startsWith(userData) || path.startsWith(chosen) || !statSync(path).isFile()) continue;
    files.set(relative(root, path), readFileSync(path, 'utf8'));
  }
  return files;
}

function devicesChecked(): Promise<DeviceView[]> {
  const ready = () => {
    const list = app.devices.list();
    return list.length === 2 && list.every((d) => d.status.kind !== 'checking') ? list : undefined;
  };
  return new Promise((resolve) => {
    const now = ready();
    if (now) return resolve(now);
    const off = app.events.subscribe(() => {
      const list = ready();
      if (list) {
        off();
        resolve(list);
      }
    });
  });
}

/** Ends whatever the ceremony was doing, the way the page's Cancel and Close do. */
async function leave(ceremony: string): Promise<void> {
  const cancel = `${ceremony}/cancel` as Channel;
  if (ALL_CHANNELS.includes(cancel)) await send(cancel);
  await send(`${ceremony}/close` as Channel);
}

async function initToShares(folder: string): Promise<InitSnapshot> {
  await leave('init');
  await must('init/start');
  await must('init/choose-primary', { deviceId: 'sim:primary' });
  await must('init/to-plan');
  await must('init/update-plan', {
    plan: {
      ceremony: 'Hostile rehearsal',
      custodians: ['Ann', 'Ben', 'Cat'],
      threshold: 2,
      domains: [1],
      wrapKey: { id: 0 },
      applicationKey: { id: 0 },
      keepFactoryKey: true,
    },
  });
  await must('init/set-password', {
    key: 'application',
    password: PASSWORD,
    confirmation: PASSWORD,
  });
  await must('init/set-folder', { folder });
  const review = await must<InitSnapshot>('init/to-review');
  if (review.view.step !== 'review') throw new Error(`not at review: ${review.problem?.message}`);
  return must<InitSnapshot>('init/begin');
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'custos-hostile-'));
  userData = join(root, 'user-data');
  chosen = join(root, 'chosen');
  mkdirSync(join(root, 'home'));
  writeFileSync(join(root, 'home', '.bashrc'), 'echo hello\n');
  app = createCustosApp({
    host: 'browser',
    version: '0.0.0-test',
    userDataFolder: userData,
    createSimulator,
    usb: false,
    logToStderr: false,
  });
  running = await startServices(app.services, app.logger);
  await devicesChecked();
}, 60_000);

afterAll(async () => {
  await running?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('a hostile renderer', () => {
  it('gets a refusal for garbage on every channel, and pollutes nothing', async () => {
    const before = elsewhere();
    for (const channel of ALL_CHANNELS) {
      for (const payload of GARBAGE) {
        const result = await send(channel, payload);
        expect(result, `${channel} with ${JSON.stringify(payload)?.slice(0, 60)}`).toMatchObject({
          ok: false,
          code: 'invalid-request',
        });
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(elsewhere()).toEqual(before);
    // Every ceremony can still begin.
    expect(CEREMONIES).toEqual(expect.arrayContaining(['audit', 'reshare', 'dkek-verify']));
    for (const ceremony of CEREMONIES) {
      const start = `${ceremony}/start` as Channel;
      expect((await send(start, SAMPLE[start] ?? {})).ok, ceremony).toBe(true);
      await leave(ceremony);
    }
  });

  it('gets a refusal for every valid intent out of order, and each ceremony goes on', async () => {
    const before = elsewhere();
    // The one intent each ceremony's first step takes: the DKEK initialisation begins on a
    // device, at its preflight (its own out-of-order suite: dkek-init-handlers.test.ts).
    const firstStep = (ceremony: string): Channel =>
      ceremony === 'init'
        ? 'init/choose-primary'
        : ceremony === 'dkek-init'
          ? 'dkek-init/to-plan'
          : (`${ceremony}/choose-folder` as Channel);
    for (const ceremony of CEREMONIES) {
      await leave(ceremony);
      const start = `${ceremony}/start` as Channel;
      await must(start, SAMPLE[start] ?? {});
      for (const channel of ALL_CHANNELS.filter((c) => c.startsWith(`${ceremony}/`))) {
        if (ALWAYS_ANSWERED.has(channel) || channel.endsWith('/start')) continue;
        if (channel === firstStep(ceremony)) {
          // The first step itself, aimed at a folder no person would choose, is refused too.
          if (channel.endsWith('/choose-folder'))
            expect((await send(channel, { folder: join(userData, 'logs') })).ok).toBe(false);
          continue;
        }
        const result = await send(channel, SAMPLE[channel] ?? {});
        expect(result.ok, `${channel} at the first step`).toBe(false);
      }
    }
    // Nothing reset the primary, and the initialization goes on from its first step.
    const checked = await must<InitSnapshot>('init/choose-primary', { deviceId: 'sim:primary' });
    expect(checked.view).toMatchObject({ step: 'preflight', primary: { state: 'factory-fresh' } });
    expect((await must<InitSnapshot>('init/to-plan')).view.step).toBe('plan');
    expect(elsewhere()).toEqual(before);
    await must('init/cancel');
    await must('init/close');
  });

  it('sees no share but the one on screen, and a share replayed from another ceremony is refused', async () => {
    const before = elsewhere();
    // Ceremony A: every custodian's share, the page trying every other intent meanwhile.
    const sharesA = await sharesOfCeremony(join(chosen, 'a'));
    // Ceremony B: A's shares replayed at B's first custodian's confirm phase.
    await initToShares(join(chosen, 'b'));
    const reveal = await must<InitSnapshot>('init/reveal-share');
    const recorded = await must<InitSnapshot>('init/share-recorded');
    const phaseAfter = (result: Result<unknown>) =>
      result.ok ? ((result.data as InitSnapshot).view as { phase?: string }).phase : 'refused';
    expect(phaseAfter(await send('init/scan-back', { text: sharesA[0]! }))).not.toBe('cleared');
    const ownAnswers = confirmationAnswers(reveal, recorded);
    const replayed = await send('init/confirm-share', {
      entries: ownAnswers.map(() => sharesA[0]!.slice(4, 8)),
    });
    expect(phaseAfter(replayed)).not.toBe('cleared');
    // B goes on with its own custodian's answers.
    const confirmed = await must<InitSnapshot>('init/confirm-share', { entries: ownAnswers });
    expect(confirmed.view).toMatchObject({ step: 'shares', phase: 'cleared' });
    await must('init/cancel');
    await must('init/close');

    // Across everything the page was told: a share only in its own custodian's reveal.
    for (const { channel, result } of answers) {
      const text = JSON.stringify(result);
      const onScreen =
        result.ok &&
        (result.data as InitSnapshot | null)?.view?.step === 'shares' &&
        (result.data as InitSnapshot).view.step === 'shares'
          ? ((result.data as InitSnapshot).view as { share?: { canonical: string } }).share
              ?.canonical
          : undefined;
      for (const share of sharesA) {
        if (share === onScreen) continue;
        expect(text.includes(share.slice(4, 20)), `${channel} answered another share`).toBe(false);
      }
    }
    // Passwords travel renderer -> main only.
    expect(JSON.stringify(answers)).not.toContain(PASSWORD);
    expect(elsewhere()).toEqual(before);
    expect(readFileSync(join(root, 'home', '.bashrc'), 'utf8')).toBe('echo hello\n');
  });
});

/** Runs every custodian's turn of a new ceremony, trying every other intent at each phase. */
async function sharesOfCeremony(folder: string): Promise<string[]> {
  await initToShares(folder);
  const shares: string[] = [];
  for (let custodian = 0; custodian < 3; custodian += 1) {
    await probeEverything();
    const reveal = await must<InitSnapshot>('init/reveal-share');
    if (reveal.view.step !== 'shares' || !reveal.view.share) throw new Error('no share shown');
    shares.push(reveal.view.share.canonical);
    await probeEverything();
    const recorded = await must<InitSnapshot>('init/share-recorded');
    await probeEverything();
    const confirmed = await must<InitSnapshot>('init/confirm-share', {
      entries: confirmationAnswers(reveal, recorded),
    });
    expect(confirmed.view).toMatchObject({ phase: 'cleared' });
    await probeEverything();
    if (custodian < 2) await must('init/next-custodian');
  }
  await must('init/cancel');
  await must('init/close');
  return shares;
}

/** The intents a page could send mid-turn that move nothing on: each must be refused. */
async function probeEverything(): Promise<void> {
  for (const channel of [
    'init/update-plan',
    'init/set-password',
    'init/set-folder',
    'init/load-plan',
    'init/to-review',
    'init/begin',
    'init/enter-verification-share',
    'init/run-device-steps',
    'init/reset-primary',
    'init/open-sheet',
    'init/print-sheet',
    'init/save-sheet-pdf',
    'dump/choose-folder',
  ] as const) {
    const result = await send(channel, SAMPLE[channel] ?? {});
    expect(result.ok, `${channel} mid-turn`).toBe(false);
  }
}
