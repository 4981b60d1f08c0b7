// The DKEK back-up, clone and verification through the IPC router as the page drives them, on
// the app's own simulated SmartCard-HSM pair (prepared as `dkek init` leaves a rehearsal
// primary): the PIN and the share passwords go in, the snapshots and events that come back hold
// none of them; a payload outside the strict schemas and a folder inside the user-data folder are
// refused before any engine sees them.

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  DkekBackupSnapshot,
  DkekRestoreSnapshot,
  DkekVerifySnapshot,
} from '../../shared/ceremony/dkek-clone-snapshot';
import type { Channel } from '../../shared/ipc/contract';
import {
  PIN,
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
let running: RunningServices | undefined;

afterEach(async () => {
  await running?.stop();
  running = undefined;
  await rm(root, { recursive: true, force: true });
});

async function call<T>(app: CustosApp, channel: Channel, payload: unknown = {}): Promise<T> {
  const result = await app.router.dispatch(channel, payload, SENDER);
  if (!result.ok) throw new Error(`${channel}: ${result.code}: ${result.message}`);
  return result.data as T;
}

describe('DKEK clone channels', () => {
  it('back up the simulated primary, choose the secondary for the clone, refuse a verification of a card that is no clone; no PIN or password comes back', async () => {
    root = await mkdtemp(join(tmpdir(), 'custos-ipc-dkek-'));
    const userData = join(root, 'user-data');
    const folder = join(root, 'ceremony');
    const sharesDir = join(root, 'shares');
    await mkdir(join(userData, 'simulators'), { recursive: true });
    await mkdir(folder);
    const shares = randomShares(2);
    const primaryState = smartCardStatePath(userData, 'primary');
    await makePrimary(primaryState, shares);
    // Share files at sc-hsm-tool's cost would take minutes here; c = 1 as spec §8 V2.
    await writeRehearsalShares({ folder, sharesDir, shares, iterations: 1 });
    await makeCeremonyFolder({ folder, primaryState, shares });

    const app = createCustosApp({
      host: 'browser',
      version: '0.0.0-test',
      userDataFolder: userData,
      createSimulator,
      usb: false,
      pcsc: false,
      logToStderr: false,
    });
    running = await startServices(app.services, app.logger);
    const events: string[] = [];
    app.events.subscribe((event, payload) => events.push(`${event} ${JSON.stringify(payload)}`));

    // Refused before an engine sees it: a folder in user data, a field outside the schema.
    await call(app, 'dkek-backup/start');
    const inside = await app.router.dispatch(
      'dkek-backup/choose-folder',
      { folder: userData },
      SENDER,
    );
    expect(inside).toMatchObject({ ok: false, code: 'invalid-input' });
    const extra = await app.router.dispatch(
      'dkek-backup/choose-device',
      { deviceId: 'sim-schsm:primary', pin: PIN, path: '/etc/passwd' },
      SENDER,
    );
    expect(extra).toMatchObject({ ok: false, code: 'invalid-request' });

    await call(app, 'dkek-backup/choose-folder', { folder });
    const review = await call<DkekBackupSnapshot>(app, 'dkek-backup/choose-device', {
      deviceId: 'sim-schsm:primary',
      pin: PIN,
    });
    expect(review.keys.map((k) => k.file)).toEqual([
      'key-001-issuing-ca-2026.wrapped',
      'key-002-code-signing.wrapped',
    ]);
    const wrapped = await call<DkekBackupSnapshot>(app, 'dkek-backup/run');
    expect(wrapped.finished).toBe(true);
    await call(app, 'dkek-backup/close');

    // The restore up to the first share holder's turn (opening a share file through IPC costs
    // sc-hsm-tool's 10^7 rounds; the CLI test and the engine tests open them).
    await call(app, 'dkek-restore/start');
    await call(app, 'dkek-restore/choose-folder', { folder });
    const chosen = await call<DkekRestoreSnapshot>(app, 'dkek-restore/choose-device', {
      deviceId: 'sim-schsm:secondary',
      pin: PIN,
      soPin: '3537363231383830',
    });
    expect(chosen.shares).toMatchObject({ total: 2, imported: [], next: 1 });
    // The first share holder's turn waits at the handover: names and numbers, nothing secret.
    expect(chosen.shares.turn).toMatchObject({
      shareNumber: 1,
      phase: 'handover',
      holders: { kind: 'password', custodian: 'Alice' },
      passwordSharesIn: [],
    });
    const both = await app.router.dispatch(
      'dkek-restore/import-share',
      { password: 'x', passwordShares: [] },
      SENDER,
    );
    expect(both).toMatchObject({ ok: false, code: 'invalid-request' });
    await call(app, 'dkek-restore/cancel');
    await call(app, 'dkek-restore/close');

    // The verification of a card that is not a clone: its sentence, and the screen goes on.
    await call(app, 'dkek-verify/start');
    await call(app, 'dkek-verify/choose-folder', { folder });
    const notClone = await app.router.dispatch(
      'dkek-verify/verify',
      { deviceId: 'sim-schsm:secondary', pin: PIN },
      SENDER,
    );
    expect(notClone).toMatchObject({ ok: false });
    expect((notClone as { message: string }).message).toContain('has never been initialised');
    const still = await call<DkekVerifySnapshot>(app, 'dkek-verify/current');
    expect(still.steps.current).toBe('device');
    // The report is named by the verification only, never by a path, and only once it exists.
    const byPath = await app.router.dispatch(
      'dkek-verify/open-report',
      { ceremonyId: still.ceremonyId, path: join(folder, 'ceremony.json') },
      SENDER,
    );
    expect(byPath).toMatchObject({ ok: false, code: 'invalid-request' });
    const noReport = await app.router.dispatch(
      'dkek-verify/open-report',
      { ceremonyId: still.ceremonyId },
      SENDER,
    );
    expect(noReport).toMatchObject({ ok: false });
    expect((noReport as { message: string }).message).toMatch(/^No verification has finished/);

    for (const line of events) {
      expect(line).not.toContain(PIN);
      expect(line).not.toContain('rehearsal-password');
    }
    expect(events.some((line) => line.startsWith('dkek-backup/snapshot'))).toBe(true);
  }, 120_000);
});
