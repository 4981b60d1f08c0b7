// The DKEK initialisation over IPC, through the whole app's router with its embedded simulated
// SmartCard-HSM pair, driven as a page (honest or hostile) would drive it: intents out of order
// refused and the ceremony going on, a folder no person would choose refused, bad plans each
// with their sentence, a password share only in the answer that puts it in its custodian's hand
// (never in a pushed event), a wrong spot check named and the turn still usable, and afterwards
// no password or password share anywhere on disk or in the events.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DkekInitSnapshot } from '../../shared/ceremony/dkek-init-snapshot';
import { CHANNELS, type Channel } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import { searchForSecrets, textNeedles } from '../../e2e/support/secrets-search';
import { createCustosApp, type CustosApp } from '../services/custos-app';
import { startServices, type RunningServices } from '../services/lifecycle';
import { createSimulator } from '../services/simulator-factory';
import type { IpcSender } from './sender';

const SENDER: IpcSender = { kind: 'socket', authenticated: true };
const PRIMARY = 'sim-schsm:primary';
const ALICE_PASSWORD = 'alice-typed-dkek-password-2026';
const DKEK_CHANNELS = (Object.keys(CHANNELS) as Channel[]).filter((c) =>
  c.startsWith('dkek-init/'),
);
const ANYTIME = new Set<Channel>([
  'dkek-init/list-plans',
  'dkek-init/current',
  'dkek-init/cancel',
  'dkek-init/close',
  'dkek-init/start',
]);

let root: string;
let userData: string;
let chosen: string;
let app: CustosApp;
let running: RunningServices;
const events: string[] = [];

async function send(channel: Channel, payload: unknown = {}): Promise<Result<unknown>> {
  return app.router.dispatch(channel, payload, SENDER);
}

async function must(channel: Channel, payload: unknown = {}): Promise<DkekInitSnapshot> {
  const result = await send(channel, payload);
  if (!result.ok) throw new Error(`${channel} answered ${result.code}: ${result.message}`);
  return result.data as DkekInitSnapshot;
}

function plan(overrides: Record<string, unknown> = {}) {
  return {
    plan: {
      ceremony: 'DKEK over IPC',
      pinRetries: 3,
      mode: 'shares',
      printSheets: false,
      shares: [{ custodian: 'Alice' }, { custodians: ['Bob', 'Carol', 'Dan'], threshold: 2 }],
    },
    folder: chosen,
    soPin: '3537363231383830',
    soPinConfirmation: '3537363231383830',
    pin: '648219',
    pinConfirmation: '648219',
    passwords: [{ shareNumber: 1, password: ALICE_PASSWORD, confirmation: ALICE_PASSWORD }],
    ...overrides,
  };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'custos-dkek-init-ipc-'));
  userData = join(root, 'user-data');
  chosen = join(root, 'ceremony');
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
  app.events.subscribe((event, payload) => {
    if (event === 'dkek-init/snapshot') events.push(JSON.stringify(payload));
  });
}, 60_000);

afterAll(async () => {
  await running?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('the DKEK initialisation over IPC', () => {
  it('refuses every intent out of order, and goes on from where it was', async () => {
    for (const channel of DKEK_CHANNELS.filter((c) => !ANYTIME.has(c)))
      expect((await send(channel, {})).ok, `${channel} before start`).toBe(false);
    expect((await send('dkek-init/start', { deviceId: 'sim-schsm:nowhere' })).ok).toBe(false);

    const preflight = await must('dkek-init/start', { deviceId: PRIMARY });
    expect(preflight.wizard.current).toBe('preflight');
    expect(preflight.preflight?.device.simulated).toBe(true);
    for (const channel of DKEK_CHANNELS.filter((c) => !ANYTIME.has(c) && c !== 'dkek-init/to-plan'))
      expect((await send(channel, {})).ok, `${channel} at preflight`).toBe(false);
    await must('dkek-init/to-plan');
    // The folder guard: nothing inside Custos's own user data, nothing relative.
    const own = await send('dkek-init/set-plan', plan({ folder: join(userData, 'logs') }));
    expect(own).toMatchObject({ ok: false, code: 'invalid-input' });
    expect(await send('dkek-init/set-plan', plan({ folder: 'relative/here' }))).toMatchObject({
      ok: false,
    });
    expect(readdirSync(root)).not.toContain('ceremony');
  });

  it('says what is wrong with a plan, and the plan screen still works', async () => {
    const differ = await send(
      'dkek-init/set-plan',
      plan({ passwords: [{ shareNumber: 1, password: ALICE_PASSWORD, confirmation: 'other-0' }] }),
    );
    expect(differ).toMatchObject({ ok: false, message: expect.stringMatching(/Alice.*twice/) });
    const threshold = await send(
      'dkek-init/set-plan',
      plan({
        plan: {
          ceremony: 'x',
          pinRetries: 3,
          mode: 'shares',
          printSheets: false,
          shares: [{ custodians: ['Bob', 'Carol', 'Dan'], threshold: 4 }],
        },
        passwords: [],
      }),
    );
    expect(threshold).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Share 1: how many custodians open it/),
    });
    const empty = await send(
      'dkek-init/set-plan',
      plan({
        plan: { ceremony: 'x', pinRetries: 3, mode: 'shares', printSheets: false, shares: [] },
      }),
    );
    expect(empty).toMatchObject({ ok: false, message: expect.stringMatching(/at least one/) });
    const unnamed = await send(
      'dkek-init/set-plan',
      plan({
        plan: { ceremony: ' ', pinRetries: 0, mode: 'none', printSheets: false, shares: [] },
      }),
    );
    expect(unnamed).toMatchObject({
      ok: false,
      code: 'invalid-input',
      message: expect.stringMatching(/^The ceremony name/),
    });
    expect((await must('dkek-init/current')).wizard.current).toBe('plan');
    // A share file inside Custos's own user data is refused like a ceremony folder there.
    const inside = plan().plan;
    const ownShare = await send(
      'dkek-init/set-plan',
      plan({
        plan: { ...inside, shares: [{ custodian: 'Alice', file: join(userData, 'a.pbe') }] },
      }),
    );
    expect(ownShare).toMatchObject({
      ok: false,
      message: expect.stringMatching(/inside Custos's own user-data folder/),
    });
    // The plan screen's plan file: saved by name into the plans folder, loaded back the same.
    const saved = await send('dkek-init/save-plan', {
      name: 'ipc plan',
      replace: false,
      plan: inside,
    });
    expect(saved).toMatchObject({ ok: true, data: { outcome: 'saved' } });
    expect(
      await send('dkek-init/save-plan', { name: 'ipc plan', replace: false, plan: inside }),
    ).toMatchObject({ ok: true, data: { outcome: 'exists' } });
    expect(await send('dkek-init/load-plan', { name: 'ipc plan' })).toMatchObject({
      ok: true,
      data: { plan: inside },
    });
    expect(await send('dkek-init/list-plans', {})).toMatchObject({
      ok: true,
      data: { where: 'plans-folder', names: ['ipc plan'] },
    });
    // The page names a plan, never a path.
    expect((await send('dkek-init/load-plan', { name: '../../etc/passwd' })).ok).toBe(false);
    expect(await send('dkek-init/load-plan', { name: 'no such plan' })).toMatchObject({
      ok: false,
      code: 'not-found',
    });
    const planned = await must('dkek-init/set-plan', plan());
    expect(await send('dkek-init/load-plan', { name: 'ipc plan' })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/plan is set/),
    });
    expect(planned.plan?.shares.map((share) => share.file)).toEqual([
      join(chosen, 'dkek-share-1.pbe'),
      join(chosen, 'dkek-share-2.pbe'),
    ]);
  });

  it('hands each password share only to its custodian, names a wrong spot check, and initialises', async () => {
    const shares = await must('dkek-init/to-shares');
    expect(shares.shares?.files).toHaveLength(2);
    const revealed: string[] = [];
    for (let turn = 1; turn <= 3; turn += 1) {
      const inHand = await must('dkek-init/take-turn');
      const reveal = inHand.shares!.turn!.reveal!;
      expect(reveal).toMatchObject({ id: turn, threshold: 2, total: 3 });
      revealed.push(reveal.value);
      await must('dkek-init/turn-recorded');
      if (turn === 1) {
        const wrong = await send('dkek-init/confirm-turn', { value: 'ff'.repeat(8) });
        expect(wrong).toMatchObject({ ok: false, message: expect.stringMatching(/Bob's share/) });
        expect((await must('dkek-init/current')).shares?.turn?.phase).toBe('confirm');
      }
      const confirmed = await must('dkek-init/confirm-turn', { value: reveal.value });
      expect(confirmed.shares?.turn?.reveal).toBeUndefined();
      await must('dkek-init/next-turn');
    }
    const proven = await must('dkek-init/prove-shares');
    expect(proven.shares?.kcv).toMatch(/^[0-9A-F]{16}$/);
    await must('dkek-init/to-device');
    await must('dkek-init/initialise-device');
    expect((await must('dkek-init/import-next-share')).device?.outstanding).toBe(1);
    const complete = await must('dkek-init/import-next-share');
    expect(complete.device).toMatchObject({ outstanding: 0, kcv: proven.shares?.kcv });
    const record = await must('dkek-init/finish', {});
    expect(record.record?.kcv).toBe(proven.shares?.kcv);

    // No event carried a password share, and nothing on disk holds a password or one.
    expect(events.some((event) => event.includes('"reveal"'))).toBe(false);
    const needles = [
      ...textNeedles("Alice's password", ALICE_PASSWORD),
      ...revealed.flatMap((value, index) => textNeedles(`password share ${index + 1}`, value)),
      ...revealed.flatMap((value, index) =>
        textNeedles(`password share ${index + 1} (bare)`, value.replace(/[\s:]/g, '')),
      ),
    ];
    const { hits, filesSearched } = searchForSecrets(
      [root],
      { events: events.join('\n') },
      needles,
    );
    expect(filesSearched.length).toBeGreaterThan(3);
    expect(hits).toEqual([]);
  });
});
