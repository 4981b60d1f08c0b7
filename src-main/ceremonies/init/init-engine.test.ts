import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InitPlanInput } from '../../../shared/ceremony/init-plan';
import type { InitSnapshot, NetworkCheck } from '../../../shared/ceremony/init-snapshot';
import { inSession } from '../../hsm/yubihsm/client/test-support/in-session';
import type { YubiHsmSession } from '../../hsm/yubihsm/client/yubihsm-session';
import { Algorithm } from '../../hsm/yubihsm/protocol/algorithms';
import { ObjectType } from '../../hsm/yubihsm/protocol/object-types';
import { SimulatorTransport } from '../../hsm/yubihsm/transport/simulator-transport';
import { Refusal } from '../../refusal/refusal';
import { createLogger } from '../../log/logger';
import { plansFolderChooser, type PlanChooser } from './plan-chooser';
import { InitEngine } from './init-engine';
import { driveToReview, view } from './testing/drive';
import { ManualTimers } from './testing/manual-timers';
import { TestDevices } from './testing/test-devices';
import { TempFolders } from '../../testing/temp-folders';

const temp = new TempFolders('custos-init-');
afterEach(() => temp.removeAll());

const PLAN: InitPlanInput = {
  ceremony: 'Payments HSM',
  custodians: ['Ann', 'Bob', 'Cy'],
  threshold: 2,
  domains: [1],
  wrapKey: { id: 0 },
  applicationKey: { id: 0 },
};

async function setup(
  network: NetworkCheck = { airGapped: true, interfaces: [] },
  planChooser?: PlanChooser,
) {
  const devices = await TestDevices.create();
  const engine = new InitEngine({
    devices,
    ...(planChooser ? { planChooser } : {}),
    logger: createLogger({ sinks: [] }),
    toolVersion: '0.0.0-test',
    network: () => network,
  });
  return { devices, engine };
}

function withFactorySession<T>(
  devices: TestDevices,
  use: (session: YubiHsmSession) => Promise<T>,
): Promise<T> {
  return inSession(new SimulatorTransport(devices.device), 1, 'password', use);
}

async function atPlan(engine: InitEngine, devices: TestDevices) {
  await engine.start();
  await engine.choosePrimary(devices.id);
  return engine.toPlan();
}

async function expectConflict(promise: Promise<unknown>, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Refusal);
  expect((error as Refusal).code).toBe('conflict');
  expect((error as Refusal).message).toMatch(message);
}

describe('preflight', () => {
  it('checks the network and finds a fresh simulated primary with only its factory key', async () => {
    const { engine, devices } = await setup({
      airGapped: false,
      interfaces: [{ name: 'eth0', addresses: ['10.0.0.2'] }],
    });
    const started = await engine.start();
    expect(view(started, 'preflight')).toEqual({
      step: 'preflight',
      network: { airGapped: false, interfaces: [{ name: 'eth0', addresses: ['10.0.0.2'] }] },
    });
    const checked = await engine.choosePrimary(devices.id);
    expect(checked.primary).toEqual({ deviceId: devices.id, serial: 12_345_678, simulated: true });
    expect(checked.rehearsal).toBe(true);
    expect(view(checked, 'preflight').primary).toEqual({
      state: 'factory-fresh',
      deviceId: devices.id,
      serial: 12_345_678,
      firmware: '2.4.0',
      simulated: true,
      objects: [
        {
          id: 1,
          type: 'authentication-key',
          algorithm: 'aes128-yubico-authentication',
          label: 'DEFAULT AUTHKEY CHANGE THIS ASAP',
          domains: Array.from({ length: 16 }, (_, i) => i + 1),
          capabilities: expect.any(Array),
        },
      ],
    });
  });

  it('resets nothing when the dialog main opens is not confirmed, even with the right words typed', async () => {
    const devices = await TestDevices.create();
    const asked: { serial: number; objects: number }[] = [];
    const engine = new InitEngine({
      devices,
      logger: createLogger({ sinks: [] }),
      toolVersion: '0.0.0-test',
      network: () => ({ airGapped: true, interfaces: [] }),
      confirmReset: async (device) => {
        asked.push(device);
        return false;
      },
    });
    await withFactorySession(devices, (session) =>
      session.putOpaque({
        id: 9,
        label: 'stray',
        domains: 1,
        capabilities: 0n,
        algorithm: Algorithm.OpaqueData,
        data: new Uint8Array(4),
      }),
    );
    await engine.start();
    await engine.choosePrimary(devices.id);
    const refused = await engine.resetPrimary(devices.id, 'RESET 12345678');
    expect(asked).toEqual([{ serial: 12345678, objects: 2 }]);
    expect(refused.problem?.message).toBe(
      'The reset was not confirmed in the dialog. Nothing was reset.',
    );
    expect(await withFactorySession(devices, (session) => session.listObjects())).toHaveLength(2);
  });

  it('asks for a word the page is never told where the host shows one, a new word for every attempt', async () => {
    const devices = await TestDevices.create();
    const shown: { serial: number; word: string }[] = [];
    const seen: unknown[] = [];
    const lines: string[] = [];
    const engine = new InitEngine({
      devices,
      logger: createLogger({ sinks: [{ write: (line) => void lines.push(line) }] }),
      toolVersion: '0.0.0-test',
      network: () => ({ airGapped: true, interfaces: [] }),
      resetWord: {
        where: 'the terminal where Custos was started',
        show: (device, word) => void shown.push({ serial: device.serial, word }),
      },
    });
    engine.onSnapshot((snapshot) => seen.push(snapshot));
    await withFactorySession(devices, (session) =>
      session.putOpaque({
        id: 9,
        label: 'stray',
        domains: 1,
        capabilities: 0n,
        algorithm: Algorithm.OpaqueData,
        data: new Uint8Array(4),
      }),
    );
    await engine.start();
    const checked = view(await engine.choosePrimary(devices.id), 'preflight');
    expect(checked.primary).toMatchObject({
      state: 'not-fresh',
      resetWordShownIn: 'the terminal where Custos was started',
    });
    expect(shown).toHaveLength(1);
    const first = shown[0]!.word;
    expect(first).toMatch(/^[A-Z]{6}$/);
    // RESET and the serial, which the page knows, are not enough.
    const guessed = await engine.resetPrimary(devices.id, 'RESET 12345678');
    expect(guessed.problem?.message).toBe(
      'Type RESET, a space, the serial number of the device, a space and the word Custos shows in the terminal where Custos was started, exactly. Nothing was reset; a new word is shown there now.',
    );
    expect(await withFactorySession(devices, (session) => session.listObjects())).toHaveLength(2);
    // The word was used up by that attempt: a new one is shown, and the old one no longer resets.
    expect(shown).toHaveLength(2);
    expect(shown[1]!.word).not.toBe(first);
    const stale = await engine.resetPrimary(devices.id, `RESET 12345678 ${first}`);
    expect(stale.problem?.field).toBe('resetConfirmation');
    expect(await withFactorySession(devices, (session) => session.listObjects())).toHaveLength(2);
    const third = shown.at(-1)!.word;
    const reset = await engine.resetPrimary(devices.id, `RESET 12345678 ${third}`);
    expect(view(reset, 'preflight').primary?.state).toBe('factory-fresh');
    // No word ever reached the page or the log.
    const everything = JSON.stringify([seen, checked, guessed, stale, reset]) + lines.join('\n');
    for (const { word } of shown) expect(everything).not.toContain(word);
    expect(new Set(shown.map((entry) => entry.word)).size).toBe(shown.length);
  });

  it('says what is on a device that is not factory-fresh and resets it only behind the typed confirmation', async () => {
    const { engine, devices } = await setup();
    await withFactorySession(devices, (session) =>
      session.putWrapKey({
        id: 9,
        label: 'old wrap',
        domains: 1,
        capabilities: 0x3000n,
        delegatedCapabilities: 0n,
        algorithm: Algorithm.Aes256CcmWrap,
        key: new Uint8Array(32).fill(7),
      }),
    );
    await engine.start();
    const checked = view(await engine.choosePrimary(devices.id), 'preflight');
    expect(checked.primary).toMatchObject({ state: 'not-fresh', serial: 12345678 });
    // The words to type are not in anything the page receives.
    expect(JSON.stringify(checked)).not.toContain('RESET');
    expect(
      checked.primary?.state === 'not-fresh' &&
        checked.primary.objects.map((object) => [object.type, object.id]),
    ).toEqual([
      ['authentication-key', 1],
      ['wrap-key', 9],
    ]);

    const refused = await engine.toPlan().catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'not-factory-fresh',
      message:
        'The plan comes after a factory-fresh primary: the primary is not factory-fresh (it also holds wrap-key 0x0009 "old wrap"); reset it or choose another device.',
    });

    const mistyped = await engine.resetPrimary(devices.id, 'reset 12345678');
    expect(mistyped.problem).toEqual({
      field: 'resetConfirmation',
      message:
        'Type RESET, a space and the serial number of the device exactly to reset it. Nothing was reset.',
    });
    expect(await withFactorySession(devices, (session) => session.listObjects())).toHaveLength(2);

    const reset = await engine.resetPrimary(devices.id, 'RESET 12345678');
    expect(view(reset, 'preflight').primary?.state).toBe('factory-fresh');
    expect(view(await engine.toPlan(), 'plan').errors.length).toBeGreaterThan(0);
  });

  it('calls a device whose factory key no longer opens a session configured, and an unplugged one unreachable', async () => {
    const { engine, devices } = await setup();
    await withFactorySession(devices, async (session) => {
      await session.putAuthenticationKey({
        id: 2,
        label: 'admin',
        domains: 1,
        capabilities: 0n,
        delegatedCapabilities: 0n,
        credential: { password: 'admin-password' },
      });
      await session.deleteObject(1, ObjectType.AuthenticationKey);
    });
    await engine.start();
    expect(view(await engine.choosePrimary(devices.id), 'preflight').primary).toMatchObject({
      state: 'configured',
      serial: 12_345_678,
      message: expect.stringMatching(
        /^The factory authentication key \(id 1, password "password"\) does not open a session on this device/,
      ),
    });
    devices.unplug();
    expect(view(await engine.choosePrimary(devices.id), 'preflight').primary).toEqual({
      state: 'unreachable',
      deviceId: devices.id,
      message:
        'That device is not connected. Plug it in, wait until it is listed, then choose it again.',
    });
  });
});

describe('the plan', () => {
  it('starts from a usable draft and lists what blocks the review, each at its field', async () => {
    const { engine, devices } = await setup();
    const plan = view(await atPlan(engine, devices), 'plan');
    expect(plan.plan).toMatchObject({
      threshold: 2,
      custodians: ['', '', ''],
      capabilityProfile: 'ksp',
      shareFormat: 'yubihsm-setup',
    });
    expect(plan.passwords).toEqual({ application: false, audit: false });
    const fields = plan.errors.map((error) => error.field);
    expect(fields).toEqual(
      expect.arrayContaining(['ceremony', 'custodians.0', 'passwords.application', 'folder']),
    );
  });

  it('refuses a threshold above N, N above the format limit, an id already taken and duplicate names, with sentences', async () => {
    const { engine, devices } = await setup();
    await atPlan(engine, devices);
    const errorsFor = async (change: Partial<InitPlanInput>) =>
      view(await engine.updatePlan({ ...PLAN, ...change } as Record<string, unknown>), 'plan')
        .errors;
    expect(await errorsFor({ threshold: 4 })).toContainEqual({
      field: 'threshold',
      message: 'the threshold 4 is above the 3 custodians; it must be between 2 and 3',
    });
    // The primary here is simulated, and still 1-of-3 is refused: only 1-of-1 may have threshold 1.
    expect(
      (await errorsFor({ threshold: 1 })).filter((error) => error.field === 'threshold'),
    ).toEqual([
      {
        field: 'threshold',
        message:
          "a threshold of 1 puts the whole wrap key on each of the 3 custodians' sheets; it must be between 2 and 3",
      },
    ]);
    const ten = Array.from({ length: 10 }, (_, i) => `Custodian ${i + 1}`);
    expect(await errorsFor({ custodians: ten })).toContainEqual({
      field: 'custodians',
      message: expect.stringMatching(
        /^yubihsm-setup can only restore shares numbered 1 to 9, so at most 9 custodians/,
      ),
    });
    expect(await errorsFor({ applicationKey: { id: 1 } })).toContainEqual({
      field: 'applicationKey.id',
      message:
        'id 1 is the factory authentication key; choose another id (or 0 to let the device pick)',
    });
    expect(await errorsFor({ custodians: ['Ann', 'ann', 'Cy'] })).toContainEqual({
      field: 'custodians.1',
      message: expect.stringContaining('"ann" is listed twice'),
    });
    expect(
      await errorsFor({
        capabilityProfile: {
          custom: {
            wrapKey: ['export-wrapped', 'import-wrapped'],
            wrapKeyDelegated: [],
            applicationKey: ['exportable-under-wrap', 'teleport'],
            applicationKeyDelegated: [],
          },
        },
      }),
    ).toContainEqual({
      field: 'capabilityProfile.custom.applicationKey.1',
      message: expect.stringMatching(/^"teleport" is not a YubiHSM 2 capability/),
    });
  });

  it('says a threshold is above N while the ceremony still has no name', async () => {
    const { engine, devices } = await setup();
    await atPlan(engine, devices);
    const plan = view(
      await engine.updatePlan({ ...PLAN, ceremony: '', threshold: 5 } as Record<string, unknown>),
      'plan',
    );
    expect(plan.errors).toContainEqual({ field: 'ceremony', message: expect.any(String) });
    expect(plan.errors).toContainEqual({
      field: 'threshold',
      message: 'the threshold 5 is above the 3 custodians; it must be between 2 and 3',
    });
  });

  it('keeps a password only when it is long enough and typed the same twice, and never shows it', async () => {
    const { engine, devices } = await setup();
    await atPlan(engine, devices);
    await engine.updatePlan({ ...PLAN, auditKey: { id: 0 } } as Record<string, unknown>);
    const short = view(await engine.setPassword('application', 'short', 'short'), 'plan');
    expect(short.errors).toContainEqual({
      field: 'passwords.application.password',
      message: 'the application key password needs at least 8 characters',
    });
    const differing = view(
      await engine.setPassword('audit', 'audit-password-1', 'audit-password-2'),
      'plan',
    );
    expect(differing.errors).toContainEqual({
      field: 'passwords.audit.confirmation',
      message: 'the two audit key passwords differ; type them again',
    });
    const accepted = await engine.setPassword('application', 'correct horse', 'correct horse');
    expect(view(accepted, 'plan').passwords).toEqual({ application: true, audit: false });
    expect(JSON.stringify(accepted)).not.toContain('correct horse');
  });

  it('refuses a folder that already holds a ceremony at the plan step, and again at the review', async () => {
    const { engine, devices } = await setup();
    const folder = join(temp.make(), 'used');
    mkdirSync(folder);
    writeFileSync(join(folder, 'ceremony.json'), '{}');
    await atPlan(engine, devices);
    await engine.updatePlan(PLAN as Record<string, unknown>);
    await engine.setPassword('application', 'correct horse', 'correct horse');
    const plan = view(await engine.setFolder(folder), 'plan');
    expect(plan.errors).toEqual([
      {
        field: 'folder',
        message: `${folder} already holds a ceremony (ceremony.json is there); choose an empty folder so no record is overwritten`,
      },
    ]);
    const review = await engine.toReview();
    expect(review.view.step).toBe('plan');
    expect(review.problem?.message).toMatch(
      /^The plan is not ready for review: .* already holds a ceremony/,
    );
    expect(view(await engine.setFolder('relative/path'), 'plan').errors).toEqual([
      { field: 'folder', message: 'give the ceremony folder as a full path' },
    ]);
  });

  it('saves a plan file in the plans folder by name, never over another file unless confirmed and a plan, and loads only plan fields back', async () => {
    const userData = temp.make();
    const { engine, devices } = await setup(undefined, plansFolderChooser(userData));
    await atPlan(engine, devices);
    await engine.updatePlan({ ...PLAN, applicationKey: { id: 5 } });
    await engine.setPassword('application', 'correct horse', 'correct horse');
    const file = join(userData, 'plans', 'payments.json');
    expect(await engine.savePlan('payments', false)).toEqual({ outcome: 'saved', file });
    const saved = readFileSync(file, 'utf8');
    expect(JSON.parse(saved)).toMatchObject({
      ceremony: 'Payments HSM',
      applicationKey: { id: 5 },
    });
    expect(saved).not.toContain('correct horse');

    // A second save under the same name asks first; a confirmed replace writes.
    await engine.updatePlan({ ...PLAN, ceremony: 'Second' });
    expect(await engine.savePlan('payments', false)).toEqual({ outcome: 'exists', file });
    expect(JSON.parse(readFileSync(file, 'utf8')).ceremony).toBe('Payments HSM');
    expect(await engine.savePlan('payments', true)).toEqual({ outcome: 'saved', file });
    expect(JSON.parse(readFileSync(file, 'utf8')).ceremony).toBe('Second');

    // A file there that is not a Custos plan is never replaced, confirmed or not.
    const other = join(userData, 'plans', 'notes.json');
    writeFileSync(other, '{"token":"keep me"}');
    await expect(engine.savePlan('notes', true)).rejects.toMatchObject({ code: 'io-error' });
    expect(readFileSync(other, 'utf8')).toBe('{"token":"keep me"}');

    await engine.updatePlan({ ceremony: 'other' });
    const loaded = await engine.loadPlan('payments');
    expect(loaded.file).toBe(file);
    expect(view(loaded.snapshot, 'plan').plan).toMatchObject({
      ceremony: 'Second',
      custodians: ['Ann', 'Bob', 'Cy'],
    });
    // A JSON file with keys a plan does not have is refused, and its content never comes back.
    await expect(engine.loadPlan('notes')).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.not.stringContaining('keep me'),
    });
    writeFileSync(join(userData, 'plans', 'broken.json'), '{ not json');
    await expect(engine.loadPlan('broken')).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/is not valid JSON/),
    });
    expect(await engine.listPlans()).toEqual({
      where: 'plans-folder',
      folder: join(userData, 'plans'),
      names: ['broken', 'notes', 'payments'],
    });
  });

  it('without a plan chooser, plan files are refused with a sentence', async () => {
    const { engine, devices } = await setup();
    await atPlan(engine, devices);
    await expect(engine.savePlan('x', false)).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('the review', () => {
  it('fixes every id (picking free ones for 0), reads every value back, and says what will be deleted', async () => {
    const { engine, devices } = await setup({
      airGapped: false,
      interfaces: [{ name: 'wlan0', addresses: ['192.168.1.9'] }],
    });
    const folder = join(temp.make(), 'ceremony');
    const review = view(
      await driveToReview(engine, devices.id, {
        plan: { ...PLAN, auditKey: { id: 0 }, rsaDecrypt: true },
        applicationPassword: 'correct horse',
        auditPassword: 'battery staple',
        folder,
      }),
      'review',
    );
    const rows = Object.fromEntries(
      review.sections.map((section) => [
        section.title,
        Object.fromEntries(section.rows.map((row) => [row.label, row.value])),
      ]),
    );
    expect(rows['Wrap key']).toMatchObject({
      'Object id': '0x0002 (picked by Custos: the plan said 0, and this id is free on the primary)',
      Label: 'Wrap key',
      Capabilities: 'export-wrapped, import-wrapped',
      'Delegated capabilities': expect.stringContaining('decrypt-pkcs, decrypt-oaep'),
    });
    expect(rows['Application authentication key']?.['Object id']).toMatch(/^0x0003 /);
    expect(rows['Audit authentication key']?.['Object id']).toMatch(/^0x0004 /);
    expect(rows['Custodians and shares']).toMatchObject({
      Threshold: '2 of 3: any 2 custodians together can restore the wrap key',
      'Share 1': 'Ann',
      'Share 3': 'Cy',
    });
    expect(rows['Files written to the ceremony folder']).toMatchObject({
      'File 3': '0x0003-authentication-key.yhw',
      'File 4': '0x0004-authentication-key.yhw',
    });
    expect(rows['What will be deleted']?.['Factory authentication key']).toBe(
      'Key 0x0001 is deleted last, only after the application key has proved it opens a session',
    );
    expect(review.folder).toBe(folder);
    expect(review.warnings.map((warning) => warning.field)).toEqual(['network']);
    expect(JSON.stringify(review)).not.toMatch(/correct horse|battery staple/);
    // Nothing was written anywhere yet.
    expect(existsSync(folder)).toBe(false);
  });

  it('goes back to the plan and keeps what was entered', async () => {
    const { engine, devices } = await setup();
    await driveToReview(engine, devices.id, {
      plan: PLAN,
      applicationPassword: 'correct horse',
      folder: join(temp.make(), 'c'),
    });
    const back = view(await engine.back(), 'plan');
    expect(back.plan).toMatchObject({ ceremony: 'Payments HSM' });
    expect(back.passwords.application).toBe(true);
  });
});

describe('intents out of order', () => {
  it('answers each with a conflict sentence and changes nothing', async () => {
    const { engine, devices } = await setup();
    await expectConflict(
      engine.begin(),
      /^There is no initialization under way to begin; start one first\.$/,
    );
    await engine.start();
    await expectConflict(
      engine.begin(),
      /^You can only begin at the Review step; this ceremony is at Preflight\.$/,
    );
    await expectConflict(
      engine.revealShare(),
      /^You can only show the share at the Shares step; this ceremony is at Preflight\.$/,
    );
    await expectConflict(
      engine.runDeviceSteps(),
      /at the Verification round step; this ceremony is at Preflight/,
    );
    await expectConflict(engine.back(), /^Preflight is the first step/);
    await expectConflict(
      engine.start(),
      /^An initialization is already under way \(at Preflight\)/,
    );
    await expectConflict(engine.close(), /cancel it before closing it/);
    // The renderer's idle/blur/Esc messages are harmless at any step.
    expect((await engine.hideShare('blur')).view.step).toBe('preflight');
    expect(await engine.stillHere()).toEqual({});
    expect(await engine.stillHere(true)).toEqual({});
    await engine.choosePrimary(devices.id);
    expect(engine.current()?.view.step).toBe('preflight');
  });

  it('cancels before the shares with nothing written, then closes', async () => {
    const { engine, devices } = await setup();
    const folder = join(temp.make(), 'c');
    await driveToReview(engine, devices.id, {
      plan: PLAN,
      applicationPassword: 'correct horse',
      folder,
    });
    const cancelled = await engine.cancel();
    expect(cancelled.stopped).toEqual({
      status: 'abandoned',
      reason:
        'The ceremony was cancelled before the shares were made; nothing was written to the device or to a ceremony folder.',
      deviceTouched: false,
    });
    await expectConflict(
      engine.begin(),
      /^This initialization has stopped; close it, or start a new one\.$/,
    );
    expect(existsSync(folder)).toBe(false);
    expect(await engine.close()).toBeNull();
    expect(engine.current()).toBeNull();
  });
});

describe('share display', () => {
  it("hides the share on main's timer, pushes that as an event without the share, and records it", async () => {
    const devices = await TestDevices.create();
    const timers = new ManualTimers();
    const engine = new InitEngine({
      devices,
      logger: createLogger({ sinks: [] }),
      toolVersion: '0.0.0-test',
      network: () => ({ airGapped: true, interfaces: [] }),
      timers,
    });
    const events: (InitSnapshot | null)[] = [];
    engine.onSnapshot((snapshot) => events.push(snapshot));
    const folder = join(temp.make(), 'c');
    await driveToReview(engine, devices.id, {
      plan: { ...PLAN, shareHideSeconds: 30 },
      applicationPassword: 'correct horse',
      folder,
    });
    await engine.begin();
    const reveal = await engine.revealShare();
    expect(view(reveal, 'shares').share?.canonical).toMatch(/^2-1-/);
    expect(timers.waiting).toEqual([30_000]);
    // "I am still here" from the countdown: another full period, and on the record.
    await engine.stillHere(true);
    expect(timers.waiting).toEqual([30_000]);
    timers.fireAll();
    const pushed = events.at(-1)!;
    expect(view(pushed, 'shares')).toMatchObject({ phase: 'handover', hiddenBecause: 'idle' });
    expect(
      events.every(
        (snapshot) => snapshot?.view.step !== 'shares' || snapshot.view.share === undefined,
      ),
    ).toBe(true);
    expect(engine.current()?.view).toMatchObject({ phase: 'handover', hiddenBecause: 'idle' });
    await engine.idle();
    const transcript = readFileSync(join(folder, 'transcript.jsonl'), 'utf8');
    expect(transcript).toContain(
      '"event":"share-hidden","data":{"custodian":"Ann","shareNumber":1,"reason":"idle"}',
    );
    expect(transcript).toContain(
      '"event":"share-display-extended","data":{"custodian":"Ann","shareNumber":1,"seconds":30}',
    );
  });

  it('refuses to go back once the shares exist, and a cancel leaves the record abandoned and the device untouched', async () => {
    const { engine, devices } = await setup();
    const folder = join(temp.make(), 'c');
    await driveToReview(engine, devices.id, {
      plan: PLAN,
      applicationPassword: 'correct horse',
      folder,
    });
    await engine.begin();
    await engine.revealShare();
    await expectConflict(
      engine.back(),
      /^The shares have been made, so the steps before them cannot be reopened\. Cancel the ceremony to stop it\.$/,
    );
    const cancelled = await engine.cancel();
    expect(cancelled.stopped).toEqual({
      status: 'abandoned',
      reason:
        'The ceremony was cancelled before anything was written to the device. The shares shown so far are worthless: destroy any copy.',
      deviceTouched: false,
    });
    expect(view(cancelled, 'shares').share).toBeUndefined();
    const record = JSON.parse(readFileSync(join(folder, 'ceremony.json'), 'utf8')) as {
      status: string;
      stage: string;
    };
    expect(record).toMatchObject({ status: 'abandoned', stage: 'shares' });
    expect(await withFactorySession(devices, (session) => session.listObjects())).toEqual([
      { id: 1, type: ObjectType.AuthenticationKey, sequence: 0 },
    ]);
  });
});
