import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InitPlanInput } from '../../../shared/ceremony/init-plan';
import type { InitSnapshot } from '../../../shared/ceremony/init-snapshot';
import { CeremonyRecordSchema } from '../../../shared/records/ceremony-record';
import { OptionTag } from '../../hsm/yubihsm/client/options';
import type { YubiHsmSession } from '../../hsm/yubihsm/client/yubihsm-session';
import { inSession } from '../../hsm/yubihsm/client/test-support/in-session';
import { Algorithm } from '../../hsm/yubihsm/protocol/algorithms';
import { Command } from '../../hsm/yubihsm/protocol/commands';
import { ObjectType } from '../../hsm/yubihsm/protocol/object-types';
import { SimulatorTransport } from '../../hsm/yubihsm/transport/simulator-transport';
import { createLogger } from '../../log/logger';
import { checkTranscript } from '../../records/transcript';
import { InitEngine } from './init-engine';
import { driveShares, driveToReview, runDeviceSteps, view } from './testing/drive';
import { TestDevices } from './testing/test-devices';
import { TempFolders } from '../../testing/temp-folders';

const temp = new TempFolders('custos-device-steps-');
afterEach(() => temp.removeAll());

const PLAN: InitPlanInput = {
  ceremony: 'Device steps',
  custodians: ['Ann', 'Bob', 'Cy'],
  threshold: 2,
  domains: [1],
  wrapKey: { id: 0 },
  applicationKey: { id: 0 },
  auditKey: { id: 0 },
  shareConfirmation: 'none',
};

/** An engine whose ceremony has shown every share and sits at the device steps, nothing written. */
async function atDeviceSteps(plan: InitPlanInput = PLAN) {
  const devices = await TestDevices.create();
  const engine = new InitEngine({
    devices,
    logger: createLogger({ sinks: [] }),
    toolVersion: '0.0.0-test',
    network: () => ({ airGapped: true, interfaces: [] }),
  });
  const parent = temp.make();
  const folder = join(parent, 'ceremony');
  await driveToReview(engine, devices.id, {
    plan,
    applicationPassword: 'app password 1',
    ...(plan.auditKey ? { auditPassword: 'audit password 1' } : {}),
    folder,
  });
  await engine.begin();
  await driveShares(engine);
  const ready = view(engine.current(), 'device-steps');
  expect(ready.tasks.every((task) => task.status === 'pending')).toBe(true);
  expect(ready.deviceState).toBe(
    'Nothing has been written to the primary: it holds only its factory authentication key 0x0001.',
  );
  return { devices, engine, folder };
}

function onDevice<T>(
  devices: TestDevices,
  keyId: number,
  password: string,
  use: (session: YubiHsmSession) => Promise<T>,
): Promise<T> {
  return inSession(new SimulatorTransport(devices.device), keyId, password, use);
}

const objectsOn = (devices: TestDevices, keyId = 1, password = 'password') =>
  onDevice(devices, keyId, password, async (session) =>
    (await session.listObjects()).map(({ id, type }) => [type, id]),
  );

/** Calls `act` once, synchronously, when the named task starts running. */
function whenTaskStarts(engine: InitEngine, task: string, act: () => void): void {
  let done = false;
  const off = engine.onSnapshot((snapshot: InitSnapshot | null) => {
    if (done || snapshot?.view.step !== 'device-steps') return;
    if (
      snapshot.view.tasks.some(
        (candidate) => candidate.id === task && candidate.status === 'running',
      )
    ) {
      done = true;
      off();
      act();
    }
  });
}

function status(snapshot: InitSnapshot | null): Record<string, string> {
  return Object.fromEntries(
    view(snapshot, 'device-steps').tasks.map((task) => [task.id, task.status]),
  );
}

describe('the device steps', () => {
  it('stop when the primary is unplugged after it stored a key, say what may be on it, and a retry recognises that key', async () => {
    const { devices, engine, folder } = await atDeviceSteps();
    // The device receives GET OBJECT INFO and PUT AUTHENTICATION KEY, then is pulled out before its answer arrives.
    whenTaskStarts(engine, 'put-application-key', () => devices.unplugAfterSessionMessages(2));
    const failed = await runDeviceSteps(engine);
    const steps = view(failed, 'device-steps');
    expect(status(failed)).toMatchObject({
      'put-wrap-key': 'done',
      'put-application-key': 'failed',
      'put-audit-key': 'pending',
      'delete-factory-key': 'pending',
    });
    expect(steps.canRetry).toBe(true);
    expect(steps.deviceState).toBe(
      'The primary now holds the wrap key 0x0002 and its factory authentication key 0x0001. It may also hold the application key 0x0003: the device may have received the command before the failure, and a retry checks.',
    );
    expect(failed.problem).toEqual({
      field: 'put-application-key',
      message: expect.stringMatching(
        /^Create the application authentication key 0x0003 from its password failed: the primary stopped answering \(it was unplugged, or its connection dropped\); plug it back in/,
      ),
    });
    expect(failed.problem?.message).toContain(steps.deviceState);
    expect(failed.stopped).toBeUndefined();

    // A retry while it is still unplugged fails again at once, and says so.
    const stillOut = await runDeviceSteps(engine);
    expect(stillOut.problem?.message).toMatch(/failed: that device is no longer connected/);

    devices.plugIn();
    // The device did store the key before the answer was lost.
    expect(await objectsOn(devices)).toEqual([
      [ObjectType.AuthenticationKey, 1],
      [ObjectType.WrapKey, 2],
      [ObjectType.AuthenticationKey, 3],
    ]);
    const done = await runDeviceSteps(engine);
    expect(done.view.step).toBe('record');
    const transcript = checkTranscript(readFileSync(join(folder, 'transcript.jsonl'), 'utf8'));
    const lines = transcript.ok ? transcript.lines : [];
    expect(
      lines.filter((line) => line.event === 'device-task-failed').map((line) => line.data.task),
    ).toEqual(['put-application-key', 'put-application-key']);
    expect(
      lines.find(
        (line) => line.event === 'device-task-done' && line.data.task === 'put-application-key',
      )?.data.detail,
    ).toBe(
      'It was already on the primary: the earlier attempt had put it there before the failure.',
    );
    expect(await objectsOn(devices, 3, 'app password 1')).toEqual([
      [ObjectType.WrapKey, 2],
      [ObjectType.AuthenticationKey, 3],
      [ObjectType.AuthenticationKey, 4],
    ]);
  });

  it('says nothing was written when the primary is missing at the start, and carries on once it is back', async () => {
    const { devices, engine } = await atDeviceSteps();
    devices.unplug();
    const failed = await runDeviceSteps(engine);
    expect(status(failed)).toMatchObject({ 'open-session': 'failed', 'put-wrap-key': 'pending' });
    expect(failed.problem?.message).toBe(
      'Open a session on the primary with its factory authentication key 0x0001 failed: that device is no longer connected. Plug it in again and wait until it appears in the list. ' +
        'Nothing has been written to the primary: it holds only its factory authentication key 0x0001. Fix this and press Retry: Custos checks what is already on the primary and carries on from there.',
    );
    devices.plugIn();
    expect((await runDeviceSteps(engine)).view.step).toBe('record');
  });

  it('recognises on a retry that the factory key was already deleted when the answer was lost', async () => {
    const { devices, engine } = await atDeviceSteps();
    whenTaskStarts(engine, 'delete-factory-key', () => devices.unplugAfterSessionMessages(1));
    const failed = await runDeviceSteps(engine);
    expect(status(failed)['delete-factory-key']).toBe('failed');
    expect(view(failed, 'device-steps').deviceState).toBe(
      'The primary now holds the wrap key 0x0002, the application key 0x0003, the audit key 0x0004 and possibly its factory authentication key 0x0001. The factory key may have been deleted just before the failure; a retry checks with the application key.',
    );
    devices.plugIn();
    const done = await runDeviceSteps(engine);
    expect(view(done, 'record').inventory.map((object) => object.id)).toEqual([2, 3, 4]);
  });

  it('refuses an object it did not create, even one with the planned attributes, and leaves it alone', async () => {
    const { devices, engine } = await atDeviceSteps();
    await onDevice(devices, 1, 'password', (session) =>
      session.putWrapKey({
        id: 2,
        label: 'Wrap key',
        domains: 1,
        capabilities: 0x3000n,
        delegatedCapabilities: 0x010539f0n,
        algorithm: Algorithm.Aes256CcmWrap,
        key: new Uint8Array(32).fill(9),
      }),
    );
    const failed = await runDeviceSteps(engine);
    const steps = view(failed, 'device-steps');
    expect(status(failed)['put-wrap-key']).toBe('failed');
    expect(steps.canRetry).toBe(false);
    expect(failed.problem?.message).toBe(
      'Put the wrap key 0x0002 on the primary failed: the wrap-key 0x0002 "Wrap key" is already on the primary, and this ceremony did not put it there, so Custos will neither use it nor delete it. ' +
        'Nothing has been written to the primary: it holds only its factory authentication key 0x0001. Retrying cannot help: cancel the ceremony, reset the primary and start again.',
    );
    await expect(engine.runDeviceSteps()).rejects.toMatchObject({ code: 'conflict' });
    expect(await objectsOn(devices)).toEqual([
      [ObjectType.AuthenticationKey, 1],
      [ObjectType.WrapKey, 2],
    ]);
    const cancelled = await engine.cancel();
    expect(cancelled.stopped).toEqual({
      status: 'failed',
      deviceTouched: false,
      reason:
        'The ceremony was cancelled during the device steps; check the device. Nothing has been written to the primary: it holds only its factory authentication key 0x0001.',
    });
  });

  it('keeps the factory key when the application key does not open a session', async () => {
    const { devices, engine } = await atDeviceSteps();
    devices.refuseSessionsFor(3);
    const failed = await runDeviceSteps(engine);
    expect(status(failed)).toMatchObject({
      'prove-application-key': 'failed',
      'delete-factory-key': 'pending',
      'list-inventory': 'pending',
    });
    expect(failed.problem?.message).toMatch(
      /^Prove the application key 0x0003 opens a session, before anything is deleted failed: the application key 0x0003 did not open a session with its password, so the factory key was not deleted\./,
    );
    expect(view(failed, 'device-steps').canRetry).toBe(false);
    expect(await objectsOn(devices)).toContainEqual([ObjectType.AuthenticationKey, 1]);
    const cancelled = await engine.cancel();
    expect(cancelled.stopped).toMatchObject({
      status: 'failed',
      deviceTouched: true,
      reason: expect.stringMatching(
        /^The ceremony was cancelled during the device steps; check the device\. The primary now holds the wrap key 0x0002, the application key 0x0003, the audit key 0x0004 and its factory authentication key 0x0001\.$/,
      ),
    });
  });

  it('deletes the factory key only after the application key opened a session, as the device’s own audit log shows', async () => {
    const { devices, engine } = await atDeviceSteps();
    // Log AUTHENTICATE SESSION and DELETE OBJECT on the device (spec §4.3 SET OPTION command-audit).
    await onDevice(devices, 1, 'password', (session) =>
      session.setOption(
        OptionTag.CommandAudit,
        Uint8Array.of(Command.AuthenticateSession, 1, Command.DeleteObject, 1),
      ),
    );
    const done = await runDeviceSteps(engine);
    expect(done.view.step).toBe('record');
    const log = await onDevice(devices, 4, 'audit password 1', (session) =>
      session.getLogEntries(),
    );
    const entries = log.entries.map((entry) => ({
      command: entry.command,
      target: entry.targetKey,
      result: entry.result,
    }));
    const proved = entries.findIndex(
      (entry) =>
        entry.command === Command.AuthenticateSession &&
        entry.target === 3 &&
        entry.result === (Command.AuthenticateSession | 0x80),
    );
    const deleted = entries.findIndex(
      (entry) =>
        entry.command === Command.DeleteObject &&
        entry.target === 1 &&
        entry.result === (Command.DeleteObject | 0x80),
    );
    expect(proved).toBeGreaterThanOrEqual(0);
    expect(deleted).toBeGreaterThan(proved);
  });

  it("puts the primary's own audit log into the record at the end, its digest chain checked, and the transcript links it", async () => {
    const { devices, engine, folder } = await atDeviceSteps();
    await onDevice(devices, 1, 'password', (session) =>
      session.setOption(
        OptionTag.CommandAudit,
        Uint8Array.of(Command.AuthenticateSession, 1, Command.DeleteObject, 1),
      ),
    );
    const done = await runDeviceSteps(engine);
    expect(view(done, 'record').deviceAudit).toMatch(
      /^The device's audit log, read with the audit key 0x0004: \d+ entries \(numbers \d+ to \d+\); the digest chain holds, last digest [0-9a-f]{32}\.$/,
    );
    const record = CeremonyRecordSchema.parse(
      JSON.parse(readFileSync(join(folder, 'ceremony.json'), 'utf8')),
    );
    const audit = record.deviceAudits![0]!;
    expect(audit).toMatchObject({
      after: 'initialization',
      authKeyId: 4,
      device: { serial: record.primary.serial },
      chain: { valid: true },
    });
    expect(audit.entries.length).toBeGreaterThan(2);
    expect(audit.chain.checked).toBe(audit.entries.length - 1);
    expect(audit.lastDigest).toBe(audit.entries.at(-1)!.digest);
    // The chain again, from the raw bytes in the record with node's own SHA-256 (spec §8.1).
    for (let i = 1; i < audit.entries.length; i++) {
      const raw = Buffer.from(audit.entries[i]!.raw, 'hex');
      const previous = Buffer.from(audit.entries[i - 1]!.digest, 'hex');
      const digest = createHash('sha256')
        .update(Buffer.concat([raw.subarray(0, 16), previous]))
        .digest()
        .subarray(0, 16);
      expect(digest.toString('hex')).toBe(audit.entries[i]!.digest);
    }
    expect(audit.entries).toContainEqual(
      expect.objectContaining({ commandName: 'DELETE OBJECT', targetKey: 1, result: 0xd8 }),
    );
    // What the device holds now still has the recorded entries, digest for digest.
    const now = await onDevice(devices, 4, 'audit password 1', (session) =>
      session.getLogEntries(),
    );
    const onDeviceNow = new Map(
      now.entries.map((e) => [e.number, Buffer.from(e.digest).toString('hex')]),
    );
    for (const entry of audit.entries) expect(onDeviceNow.get(entry.number)).toBe(entry.digest);
    const transcript = checkTranscript(readFileSync(join(folder, 'transcript.jsonl'), 'utf8'));
    const read = transcript.ok && transcript.lines.find((l) => l.event === 'device-audit-log-read');
    expect(read && read.data).toMatchObject({
      after: 'initialization',
      record: 'deviceAudits[0]',
      entries: audit.entries.length,
      lastDigest: audit.lastDigest,
      chainValid: true,
      sha256: createHash('sha256').update(JSON.stringify(audit)).digest('hex'),
    });

    // The KSP hand-off from the record screen (issue 12 §6), logged on the same transcript chain.
    const handed = await engine.writeKspHandoff();
    const serial = record.primary.serial;
    expect(view(handed, 'record').kspHandoff?.files).toEqual([
      `ksp-handoff-${serial}.reg`,
      `ksp-handoff-${serial}-connector.yaml`,
      `ksp-handoff-${serial}.html`,
    ]);
    const after = checkTranscript(readFileSync(join(folder, 'transcript.jsonl'), 'utf8'));
    expect(after.ok && after.lines.at(-1)!.event).toBe('ksp-handoff-written');
    expect(view(handed, 'record').transcriptHead).toBe(after.ok && after.head);
    await expect(engine.writeKspHandoff('gopher://x')).rejects.toMatchObject({
      code: 'invalid-input',
    });
  });

  it('reads no audit log when the plan has no audit key', async () => {
    const { engine, folder } = await atDeviceSteps({ ...PLAN, auditKey: undefined });
    const done = await runDeviceSteps(engine);
    expect(view(done, 'record').deviceAudit).toBeUndefined();
    expect(
      JSON.parse(readFileSync(join(folder, 'ceremony.json'), 'utf8')).deviceAudits,
    ).toBeUndefined();
  });
});
