// The backup officer's day through the app's IPC router, as the renderer will drive it: the
// app's embedded simulated primary and secondary, dump/*, restore/* and verify/* intents with
// their payloads parsed by the contract, events pushed as the device steps run — and afterwards
// no event, no file in the ceremony folder and nothing in the logs holds a share, a password or
// the wrap key.

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackupSnapshot } from '../../shared/ceremony/backup-snapshot';
import type { RestoreSnapshot } from '../../shared/ceremony/restore-snapshot';
import type { VerifySnapshot } from '../../shared/ceremony/verify-snapshot';
import type { Channel } from '../../shared/ipc/contract';
import type { DeviceView } from '../../shared/ipc/devices';
import { formatCheckedLine, toCheckedLines } from '../../shared/shares/checked-lines';
import { secretSpellings } from '../ceremonies/init/testing/secret-spellings';
import {
  APP_PASSWORD,
  AUDIT_PASSWORD,
  initializeCeremonyOn,
} from '../ceremonies/common/testing/initialized-ceremony';
import { createCustosApp, type CustosApp } from '../services/custos-app';
import { startServices, type RunningServices } from '../services/lifecycle';
import { createSimulator } from '../services/simulator-factory';
import type { IpcSender } from './sender';

const SENDER: IpcSender = { kind: 'socket', authenticated: true };
const folders: string[] = [];
const running: RunningServices[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((services) => services.stop()));
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function devicesChecked(app: CustosApp): Promise<DeviceView[]> {
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

async function call<T>(app: CustosApp, channel: Channel, payload: unknown = {}): Promise<T> {
  const result = await app.router.dispatch(channel, payload, SENDER);
  if (!result.ok) throw new Error(`${channel} answered ${result.code}: ${result.message}`);
  return result.data as T;
}

function filesUnder(path: string): string[] {
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .map((name) => join(path, name))
    .filter((file) => statSync(file).isFile());
}

describe('back up, restore and verify through IPC', () => {
  it(
    'drives the three ceremonies by their channels and leaves no secret in events, files or logs',
    { timeout: 120_000 },
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'custos-ipc-restore-'));
      folders.push(root);
      const userData = join(root, 'user-data');
      const app = createCustosApp({
        host: 'browser',
        version: '0.0.0-test',
        userDataFolder: userData,
        createSimulator,
        usb: false,
        // No PC/SC either: the PC/SC tests run their own pcscd meanwhile, and its cards are theirs.
        pcsc: false,
        logToStderr: false,
      });
      running.push(await startServices(app.services, app.logger));
      await devicesChecked(app);
      const events: unknown[] = [];
      app.events.subscribe((event, payload) => events.push({ event, payload }));

      const folder = join(root, 'ceremony');
      const ceremony = await initializeCeremonyOn(
        folder,
        await app.devices.openTransport('sim:primary'),
      );

      // Back up, with rehearsal keys on the simulated primary.
      await call<BackupSnapshot>(app, 'dump/start');
      await call<BackupSnapshot>(app, 'dump/choose-folder', { folder });
      const chosen = await call<BackupSnapshot>(app, 'dump/choose-primary', {
        deviceId: 'sim:primary',
      });
      expect(chosen.view).toMatchObject({
        step: 'primary',
        suggestedAuthKeyId: 3,
        deviceId: 'sim:primary',
      });
      const review = await call<BackupSnapshot>(app, 'dump/authenticate', {
        authKeyId: 3,
        password: APP_PASSWORD,
      });
      expect(review.view).toMatchObject({
        step: 'review',
        wrapKeyId: 2,
        sampleKeys: { offered: true, generated: [] },
      });
      const withKeys = await call<BackupSnapshot>(app, 'dump/generate-sample-keys');
      expect(
        withKeys.view.step === 'review' &&
          withKeys.view.objects.filter((o) => o.status === 'export'),
      ).toHaveLength(3);
      const dumped = await call<BackupSnapshot>(app, 'dump/run', { replace: [] });
      expect(dumped.view).toMatchObject({
        step: 'export',
        finished: true,
        summary:
          'Back-up done: 3 files written, 2 files already there and kept, 1 object not exportable.',
      });
      await call(app, 'dump/close');

      // Restore on the embedded secondary, two custodians taking turns.
      const wrongStep = await app.router.dispatch(
        'restore/submit-share',
        { entry: { text: ceremony.shares[0] } },
        SENDER,
      );
      expect(wrongStep).toMatchObject({ ok: false, code: 'conflict' });
      await call<RestoreSnapshot>(app, 'restore/start');
      await call<RestoreSnapshot>(app, 'restore/choose-folder', { folder });
      const checked = await call<RestoreSnapshot>(app, 'restore/choose-secondary', {
        deviceId: 'sim:secondary',
      });
      expect(checked.view).toMatchObject({ step: 'secondary', check: { state: 'factory-fresh' } });
      await call<RestoreSnapshot>(app, 'restore/to-shares');
      const malformed = await app.router.dispatch(
        'restore/submit-share',
        { entry: { text: ceremony.shares[0], lines: [] } },
        SENDER,
      );
      expect(malformed).toMatchObject({ ok: false, code: 'invalid-request' });
      await call<RestoreSnapshot>(app, 'restore/begin-turn', { custodian: 2 });
      await call<RestoreSnapshot>(app, 'restore/submit-share', {
        entry: { lines: toCheckedLines(ceremony.shares[1]!).map(formatCheckedLine) },
      });
      await call<RestoreSnapshot>(app, 'restore/next-custodian');
      await call<RestoreSnapshot>(app, 'restore/begin-turn', { custodian: 3 });
      await call<RestoreSnapshot>(app, 'restore/submit-share', {
        entry: { text: ceremony.shares[2] },
      });
      const recombined = await call<RestoreSnapshot>(app, 'restore/next-custodian');
      expect(recombined.view).toMatchObject({
        step: 'shares',
        phase: 'recombined',
        recombined: { kcv: ceremony.kcv, matchesRecord: true },
      });
      await call<RestoreSnapshot>(app, 'restore/set-application-key', { password: APP_PASSWORD });
      const restored = await call<RestoreSnapshot>(app, 'restore/run-device-steps');
      expect(restored.view).toMatchObject({
        step: 'finished',
        status: 'completed',
        factoryKey: { decision: 'deleted' },
      });
      await call(app, 'restore/close');

      // Verify the clone against the record.
      await call<VerifySnapshot>(app, 'verify/start');
      await call<VerifySnapshot>(app, 'verify/choose-folder', { folder });
      await call<VerifySnapshot>(app, 'verify/choose-secondary', { deviceId: 'sim:secondary' });
      const ready = await call<VerifySnapshot>(app, 'verify/authenticate', {
        password: APP_PASSWORD,
      });
      expect(ready.view).toMatchObject({
        step: 'devices',
        suggestedAuthKeyId: 3,
        needsPrimary: false,
        passwordGiven: true,
      });
      const verified = await call<VerifySnapshot>(app, 'verify/run');
      expect(verified.view).toMatchObject({ step: 'result', allMatch: true, against: 'record' });
      expect(
        verified.view.step === 'result' && verified.view.signatures.map((s) => s.status),
      ).toEqual(['verified', 'verified', 'verified']);

      const names = events.map((e) => (e as { event: string }).event);
      expect(names).toContain('restore/snapshot');
      expect(names).toContain('dump/snapshot');
      expect(names).toContain('verify/snapshot');

      const forbidden = secretSpellings({
        shares: ceremony.shares,
        passwords: [APP_PASSWORD, AUDIT_PASSWORD],
        wrapKey: ceremony.wrapKey,
      });
      const eventText = JSON.stringify(events);
      for (const { what, text } of forbidden)
        expect(eventText.includes(text), `${what} in an event`).toBe(false);
      const searched = [...filesUnder(folder), ...filesUnder(join(userData, 'logs'))];
      expect(searched.some((file) => file.includes('logs'))).toBe(true);
      for (const file of searched) {
        const content = readFileSync(file).toString('latin1');
        for (const { what, text } of forbidden)
          expect(content.includes(text), `${what} found in ${file}`).toBe(false);
      }
    },
  );
});
