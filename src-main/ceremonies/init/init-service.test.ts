import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InitSnapshot } from '../../../shared/ceremony/init-snapshot';
import type { Channel } from '../../../shared/ipc/contract';
import type { DeviceView } from '../../../shared/ipc/devices';
import { CeremonyRecordSchema } from '../../../shared/records/ceremony-record';
import type { IpcSender } from '../../ipc/sender';
import { checkTranscript } from '../../records/transcript';
import { createCustosApp, type CustosApp } from '../../services/custos-app';
import { startServices, type RunningServices } from '../../services/lifecycle';
import { createSimulator } from '../../services/simulator-factory';
import { ABANDONED_DURING_SHARES, IN_PROGRESS_FILE } from './in-progress-index';
import { confirmationAnswers } from './share-answers';
import { secretSpellings } from './testing/secret-spellings';
import { recombine } from './testing/secondary';

const SENDER: IpcSender = { kind: 'socket', authenticated: true };
const APP_PASSWORD = 'Tr0ub4dor&3-application';
const AUDIT_PASSWORD = 'audit-only password 77';

const folders: string[] = [];
const running: RunningServices[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((services) => services.stop()));
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function tempFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

async function startApp(
  userDataFolder: string,
): Promise<{ app: CustosApp; services: RunningServices }> {
  const app = createCustosApp({
    host: 'browser',
    version: '0.0.0-test',
    userDataFolder,
    createSimulator,
    usb: false,
    // No PC/SC either: the PC/SC tests run their own pcscd meanwhile, and its cards are theirs.
    pcsc: false,
    logToStderr: false,
  });
  const services = await startServices(app.services, app.logger);
  await primaryChecked(app);
  return { app, services };
}

/** Resolves once the simulated primary is listed and its status check has finished. */
function primaryChecked(app: CustosApp): Promise<DeviceView> {
  const ready = () =>
    app.devices
      .list()
      .find((device) => device.id === 'sim:primary' && device.status.kind !== 'checking');
  return new Promise((resolve) => {
    const now = ready();
    if (now) return resolve(now);
    const off = app.events.subscribe(() => {
      const device = ready();
      if (device) {
        off();
        resolve(device);
      }
    });
  });
}

async function call(
  app: CustosApp,
  channel: Channel,
  payload: unknown = {},
): Promise<InitSnapshot> {
  const result = await app.router.dispatch(channel, payload, SENDER);
  if (!result.ok) throw new Error(`${channel} answered ${result.code}: ${result.message}`);
  return result.data as InitSnapshot;
}

async function toShares(
  app: CustosApp,
  folder: string,
  extra: Record<string, unknown> = {},
): Promise<InitSnapshot> {
  await call(app, 'init/start');
  await call(app, 'init/choose-primary', { deviceId: 'sim:primary' });
  await call(app, 'init/to-plan');
  await call(app, 'init/update-plan', {
    plan: {
      ceremony: 'App ceremony',
      custodians: ['Ann', 'Bob', 'Cy'],
      threshold: 2,
      domains: [1],
      wrapKey: { id: 0 },
      applicationKey: { id: 0 },
      auditKey: { id: 0 },
      ...extra,
    },
  });
  await call(app, 'init/set-password', {
    key: 'application',
    password: APP_PASSWORD,
    confirmation: APP_PASSWORD,
  });
  await call(app, 'init/set-password', {
    key: 'audit',
    password: AUDIT_PASSWORD,
    confirmation: AUDIT_PASSWORD,
  });
  await call(app, 'init/set-folder', { folder });
  const review = await call(app, 'init/to-review');
  expect(review.view.step).toBe('review');
  return call(app, 'init/begin');
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => join(folder, name))
    .filter((path) => statSync(path).isFile());
}

describe('the init service in the app', () => {
  it('runs a whole ceremony through the IPC router and leaves no share, password or key in any file or event', async () => {
    const userData = tempFolder('custos-userdata-');
    const folder = join(tempFolder('custos-folder-'), 'ceremony');
    const { app, services } = await startApp(userData);
    const events: string[] = [];
    app.events.subscribe((event, payload) => events.push(JSON.stringify({ event, payload })));

    expect((await toShares(app, folder, { verificationRound: true })).view.step).toBe('shares');
    const shares: string[] = [];
    for (let turn = 0; turn < 3; turn++) {
      expect((await call(app, 'init/reveal-share')).view).toMatchObject({ phase: 'reveal' });
      // Window blur hides it; showing it again works.
      expect((await call(app, 'init/hide-share', { reason: 'blur' })).view).toMatchObject({
        phase: 'handover',
        hiddenBecause: 'blur',
      });
      const reveal = await call(app, 'init/reveal-share');
      expect((await app.router.dispatch('init/still-here', {}, SENDER)).ok).toBe(true);
      shares.push(reveal.view.step === 'shares' ? reveal.view.share!.canonical : '');
      const confirm = await call(app, 'init/share-recorded');
      expect(
        (await call(app, 'init/confirm-share', { entries: confirmationAnswers(reveal, confirm) }))
          .view,
      ).toMatchObject({ phase: 'cleared' });
      await call(app, 'init/next-custodian');
    }
    for (const share of shares) {
      await call(app, 'init/reveal-share');
      expect(
        (await call(app, 'init/enter-verification-share', { text: share })).problem,
      ).toBeUndefined();
      await call(app, 'init/next-custodian');
    }
    expect(app.init.engine.current()?.view).toMatchObject({
      step: 'verification',
      phase: 'result',
      result: { allMatch: true, subsetsChecked: 3 },
    });
    await call(app, 'init/run-device-steps');
    await app.init.engine.idle();
    const finished = await call(app, 'init/current');
    expect(finished.view.step).toBe('record');
    // The home screen's card now says the primary was configured.
    await app.devices.refresh('sim:primary');
    expect(app.devices.list().find((device) => device.id === 'sim:primary')?.status.kind).toBe(
      'configured',
    );
    expect(
      events.some(
        (line) => line.includes('"init/snapshot"') && line.includes('"step":"device-steps"'),
      ),
    ).toBe(true);
    await services.stop();

    const { secret } = await recombine(shares.slice(0, 2));
    const forbidden = secretSpellings({
      shares,
      passwords: [APP_PASSWORD, AUDIT_PASSWORD],
      wrapKey: secret.key,
    });
    secret.key.fill(0);
    const files = [...filesUnder(folder), ...filesUnder(userData)];
    expect(files.some((file) => file.includes(join(userData, 'logs')))).toBe(true);
    expect(files.some((file) => file.endsWith('transcript.jsonl'))).toBe(true);
    for (const file of files) {
      const content = readFileSync(file).toString('latin1');
      for (const { what, text } of forbidden)
        expect(content.includes(text), `${what} found in ${file}`).toBe(false);
    }
    for (const line of events)
      for (const { what, text } of forbidden)
        expect(line.includes(text), `${what} found in an event`).toBe(false);
    const log = filesUnder(join(userData, 'logs'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('');
    expect(log).toContain('initialization completed');
  });

  it('marks a ceremony abandoned when Custos died while a share was on screen, and the primary is still factory-fresh', async () => {
    const userData = tempFolder('custos-userdata-');
    const folder = join(tempFolder('custos-folder-'), 'ceremony');
    const first = await startApp(userData);
    await toShares(first.app, folder);
    const shown = await call(first.app, 'init/reveal-share');
    expect(shown.view.step === 'shares' && shown.view.share).toBeTruthy();
    expect(JSON.parse(readFileSync(join(userData, IN_PROGRESS_FILE), 'utf8')).entries).toEqual([
      { folder, pid: process.pid },
    ]);

    // The first app is dropped without stopping (a crash); a new one starts on the same user data.
    const second = await startApp(userData);
    running.push(second.services);
    const record = CeremonyRecordSchema.parse(
      JSON.parse(readFileSync(join(folder, 'ceremony.json'), 'utf8')),
    );
    expect(record).toMatchObject({
      status: 'abandoned',
      stage: 'shares',
      statusReason: ABANDONED_DURING_SHARES,
    });
    const transcript = checkTranscript(readFileSync(join(folder, 'transcript.jsonl'), 'utf8'));
    expect(transcript.ok && transcript.lines.at(-1)).toMatchObject({
      event: 'ceremony-abandoned',
      data: { reason: ABANDONED_DURING_SHARES, stage: 'shares' },
    });
    expect(JSON.parse(readFileSync(join(userData, IN_PROGRESS_FILE), 'utf8')).entries).toEqual([]);
    expect(await primaryChecked(second.app)).toMatchObject({ status: { kind: 'factory-fresh' } });
  });

  it('marks the ceremony abandoned at once on a clean shutdown during the share turns', async () => {
    const userData = tempFolder('custos-userdata-');
    const folder = join(tempFolder('custos-folder-'), 'ceremony');
    const { app, services } = await startApp(userData);
    await toShares(app, folder);
    await call(app, 'init/reveal-share');
    await services.stop();
    const record = CeremonyRecordSchema.parse(
      JSON.parse(readFileSync(join(folder, 'ceremony.json'), 'utf8')),
    );
    expect(record).toMatchObject({
      status: 'abandoned',
      statusReason:
        'Custos was closed before anything was written to the device. The shares shown so far are worthless: destroy any copy.',
    });
    expect(JSON.parse(readFileSync(join(userData, IN_PROGRESS_FILE), 'utf8')).entries).toEqual([]);
  });

  it('answers an intent out of order with a conflict the screen can show', async () => {
    const { app, services } = await startApp(tempFolder('custos-userdata-'));
    running.push(services);
    await call(app, 'init/start');
    expect(await app.router.dispatch('init/begin', {}, SENDER)).toEqual({
      ok: false,
      code: 'conflict',
      message: 'You can only begin at the Review step; this ceremony is at Preflight.',
    });
    expect(
      await app.router.dispatch(
        'init/set-password',
        { key: 'application', password: 'x'.repeat(600), confirmation: '' },
        SENDER,
      ),
    ).toMatchObject({ ok: false, code: 'invalid-request' });
  });

  it('takes every plan edit through the router, even one that does not parse yet, and says what is wrong at its field', async () => {
    const { app, services } = await startApp(tempFolder('custos-userdata-'));
    running.push(services);
    await call(app, 'init/start');
    await call(app, 'init/choose-primary', { deviceId: 'sim:primary' });
    await call(app, 'init/to-plan');
    const plan = {
      ceremony: 'Seam ceremony',
      custodians: ['Ann', 'Bob', 'Cy'],
      threshold: 2,
      domains: [1],
      wrapKey: { id: 0 },
      applicationKey: { id: 0 },
    };
    const errorsAt = (snapshot: InitSnapshot) =>
      snapshot.view.step === 'plan' ? snapshot.view.errors.map((error) => error.field) : [];
    // As typed: a custodian's name cleared and the threshold emptied to 0.
    const typing = await call(app, 'init/update-plan', {
      plan: { ...plan, custodians: ['Ann', '', 'Cy'], threshold: 0 },
    });
    expect(typing.view.step === 'plan' && typing.view.plan).toMatchObject({
      custodians: ['Ann', '', 'Cy'],
      threshold: 0,
    });
    expect(errorsAt(typing)).toEqual(expect.arrayContaining(['custodians.1', 'threshold']));
    // Filled in again: those sentences go, and the review shows what was typed last.
    const filled = await call(app, 'init/update-plan', {
      plan: { ...plan, custodians: ['Ann', 'Dee', 'Cy'], threshold: 3 },
    });
    expect(errorsAt(filled)).not.toContain('custodians.1');
    expect(errorsAt(filled)).not.toContain('threshold');
    // Only a draft too large to be a plan is refused on the channel.
    expect(
      await app.router.dispatch(
        'init/update-plan',
        { plan: { ...plan, contact: 'x'.repeat(70_000) } },
        SENDER,
      ),
    ).toMatchObject({ ok: false, code: 'invalid-request' });
  });
});
