// Restoring a secondary from a ceremony folder against real simulators: the full path (back up,
// restore, clone holds the same keys), then bad input of every kind, each refused with its
// sentence and nothing lost (the secondary untouched, the record unchanged), and a device
// pulled out mid-import, resumed with the objects already there skipped.

import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inSession } from '../../hsm/yubihsm/client/test-support/in-session';
import { YubiHsmClient } from '../../hsm/yubihsm/client/yubihsm-client';
import { OptionTag } from '../../hsm/yubihsm/client/options';
import { Algorithm } from '../../hsm/yubihsm/protocol/algorithms';
import { Command } from '../../hsm/yubihsm/protocol/commands';
import { ObjectType } from '../../hsm/yubihsm/protocol/object-types';
import { SimulatedYubiHsm } from '../../hsm/yubihsm/simulator/simulated-yubihsm';
import { SimulatorTransport } from '../../hsm/yubihsm/transport/simulator-transport';
import { CeremonyFolder } from '../../records/ceremony-folder';
import { encodeWrapSecret, splitForSetup } from '../../secrets';
import { checkTranscript } from '../../records/transcript';
import { deviceRecord, withDevice, withSession } from '../common/device-access';
import {
  APP_KEY_ID,
  APP_PASSWORD,
  AUDIT_KEY_ID,
  AUDIT_PASSWORD,
  MASKS,
  SECONDARY_SERIAL,
  PRIMARY_SERIAL,
  WRAP_KEY_ID,
  initializeCeremony,
  simulatorAccess,
  type InitializedCeremony,
} from '../common/testing/initialized-ceremony';
import { planBackup } from '../backup/backup-plan';
import { runBackup } from '../backup/backup-run';
import { generateRehearsalKeys } from '../backup/rehearsal-keys';
import { restoreFromFiles, type ShareFile } from './restore-from-files';
import { wrapOffline } from './testing/yubihsm-wrap';

let dir: string;
let ceremony: InitializedCeremony;
let secondary: SimulatedYubiHsm;
let transports: SimulatorTransport[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custos-restore-'));
  ceremony = await initializeCeremony(join(dir, 'ceremony'));
  await backUpWithSampleKeys(ceremony);
  secondary = await SimulatedYubiHsm.create({ serial: SECONDARY_SERIAL });
  transports = [];
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function backUpWithSampleKeys(c: InitializedCeremony): Promise<void> {
  const folder = await CeremonyFolder.open(c.folderPath);
  const access = simulatorAccess({ 'sim:primary': { device: c.primary } });
  await withDevice(access, 'sim:primary', (device) =>
    withSession(device, APP_KEY_ID, { password: APP_PASSWORD }, 'the primary', async (session) => {
      const keys = await generateRehearsalKeys(session, true, 1, folder);
      const plan = await planBackup(session, folder.path, WRAP_KEY_ID);
      await runBackup({
        session,
        folder,
        plan,
        device: deviceRecord(device),
        replace: new Set(),
        sampleKeys: keys.map((k) => k.id),
        clock: () => new Date(),
      });
    }),
  );
}

function share(path: string, text: string): ShareFile {
  return { path, text };
}

/** Shares 1 and 3 of the fixture's 2-of-3, as files named after their custodians. */
function goodShares(c = ceremony): ShareFile[] {
  return [
    share('shares/1-ada-lovelace.txt', `${c.shares[0]!}\n`),
    share('shares/3-katherine-johnson.txt', c.shares[2]!),
  ];
}

function access(device: SimulatedYubiHsm = secondary) {
  return simulatorAccess({ 'sim:secondary': { device, transports } });
}

async function restore(
  shares: ShareFile[],
  options: {
    device?: SimulatedYubiHsm;
    password?: string;
    onProgress?: Parameters<typeof restoreFromFiles>[0]['onProgress'];
  } = {},
) {
  return restoreFromFiles({
    folderPath: ceremony.folderPath,
    access: access(options.device),
    deviceId: 'sim:secondary',
    shares,
    ...(options.password ? { proof: { credential: { password: options.password } } } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}

async function objectsOn(device: SimulatedYubiHsm, authKeyId = 1, password = 'password') {
  const listed = await inSession(new SimulatorTransport(device), authKeyId, password, (session) =>
    session.listObjects(),
  );
  return listed.map((o) => `${o.type}:${o.id}`).sort();
}

/** The secondary is still factory-fresh and the record and transcript did not change. */
async function expectNothingLost(recordBefore: string, transcriptBefore: string): Promise<void> {
  expect(await objectsOn(secondary)).toEqual([`${ObjectType.AuthenticationKey}:1`]);
  expect(await readFile(join(ceremony.folderPath, 'ceremony.json'), 'utf8')).toBe(recordBefore);
  expect(await readFile(join(ceremony.folderPath, 'transcript.jsonl'), 'utf8')).toBe(
    transcriptBefore,
  );
}

async function folderState(): Promise<[string, string]> {
  return [
    await readFile(join(ceremony.folderPath, 'ceremony.json'), 'utf8'),
    await readFile(join(ceremony.folderPath, 'transcript.jsonl'), 'utf8'),
  ];
}

/** Changes one payload character of a share to another valid base64 character. */
function typo(text: string, index: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const at = index < 0 ? text.length + index : index;
  const replacement = alphabet[(alphabet.indexOf(text[at]!) + 17) % 64]!;
  return text.slice(0, at) + replacement + text.slice(at + 1);
}

describe('restoring a secondary from the ceremony folder', () => {
  it('rebuilds the wrap key from two custodians, imports every backup, proves the application key and deletes the factory key', async () => {
    const run = await restore(goodShares(), { password: APP_PASSWORD });
    expect(run.source.mode).toBe('record');
    expect(run.check.state).toBe('factory-fresh');
    expect(run.kcv).toBe(ceremony.kcv);
    expect(run.shareNumbers).toEqual([1, 3]);
    expect(run.confirmedBy).toContain('the check value matches the record');
    const { result } = run;
    expect(result.files.map((f) => f.status)).toEqual(result.files.map(() => 'imported'));
    expect(result.files).toHaveLength(5);
    expect(result.files.find((f) => f.file === '0x0003-authentication-key.yhw')).toMatchObject({
      objectId: 3,
      type: 'authentication-key',
      label: 'Application auth key',
    });
    expect(result.factoryKey.decision).toBe('deleted');
    expect(result.factoryKey.reason).toMatch(
      /application key 0x0003 \("Application auth key"\) was imported and its password opened a session/,
    );
    expect(result.applicationKeyProven).toBe(true);
    expect(result.complete).toBe(true);

    const primaryObjects = await objectsOn(ceremony.primary, APP_KEY_ID, APP_PASSWORD);
    expect(await objectsOn(secondary, APP_KEY_ID, APP_PASSWORD)).toEqual(primaryObjects);
    await expect(objectsOn(secondary)).rejects.toThrow();

    const folder = await CeremonyFolder.open(ceremony.folderPath);
    const entry = folder.record.restores![0]!;
    expect(entry).toMatchObject({
      status: 'completed',
      shareNumbers: [1, 3],
      kcv: ceremony.kcv,
      wrapKeyId: WRAP_KEY_ID,
      factoryKey: 'deleted',
      applicationKeyProven: true,
      resumed: false,
      device: { serial: SECONDARY_SERIAL },
    });
    const transcript = checkTranscript(
      await readFile(join(ceremony.folderPath, 'transcript.jsonl'), 'utf8'),
    );
    expect(
      transcript.ok && transcript.lines.map((l) => l.event).filter((e) => e.startsWith('restore')),
    ).toEqual([
      'restore-started',
      'restore-file',
      'restore-file',
      'restore-file',
      'restore-file',
      'restore-file',
      'restore-factory-key',
      'restore-finished',
    ]);
  });

  it('restores from yubihsm-manager 1.0 shares (T-X-hex) too, typo refused by commitment', async () => {
    const manager = await initializeCeremony(join(dir, 'manager'), {
      shareFormat: 'yubihsm-manager',
    });
    expect(manager.shares[0]).toMatch(/^2-1-[0-9a-f]{104}$/);
    const run = (shares: ShareFile[]) =>
      restoreFromFiles({
        folderPath: manager.folderPath,
        access: access(),
        deviceId: 'sim:secondary',
        shares,
      });
    const bad =
      manager.shares[1]!.slice(0, 50) +
      (manager.shares[1]![50] === '0' ? '1' : '0') +
      manager.shares[1]!.slice(51);
    await expect(
      run([share('1-ada.txt', manager.shares[0]!), share('2-grace.txt', bad)]),
    ).rejects.toThrow(/2-grace\.txt: Share 2 \(Grace Hopper\) is wrong/);
    await expect(
      run([share('1-ada.txt', ceremony.shares[0]!), share('2-grace.txt', manager.shares[1]!)]),
    ).rejects.toThrow(
      /1-ada\.txt: Ada Lovelace \(share 1\): This is a yubihsm-setup share, but this ceremony's shares are yubihsm-manager shares/,
    );
    const restored = await run([
      share('1-ada.txt', manager.shares[0]!),
      share('2-grace.txt', manager.shares[1]!.toUpperCase()),
    ]);
    expect(restored.kcv).toBe(manager.kcv);
    expect(restored.result.complete).toBe(true);
  });

  it('restores from a set re-split from the same wrap key (as yubihsm-setup would), saying and recording that these are not the recorded shares', async () => {
    const secret = encodeWrapSecret({
      wrapKeyId: WRAP_KEY_ID,
      domains: 1,
      capabilities: MASKS.wrap,
      delegatedCapabilities: MASKS.wrapDelegated,
      key: ceremony.wrapKey.slice(),
    });
    const again = splitForSetup(secret, 2, 3);
    secret.fill(0);
    const run = await restore(
      [share('shares/2-grace.txt', again[1]!), share('shares/3-katherine.txt', again[2]!)],
      { password: APP_PASSWORD },
    );
    expect(run.kcv).toBe(ceremony.kcv);
    expect(run.notRecorded).toEqual({ matched: [], unmatched: [2, 3] });
    expect(run.confirmedBy).toEqual([
      'the check value matches the record',
      'the wrap key id, domains and capabilities match the record',
    ]);
    expect(run.warnings[0]).toMatch(
      /^These shares are not the ones recorded at the ceremony: share 2 \(Grace Hopper\), share 3 \(Katherine Johnson\) do not match the recorded commitments, and none of them matches\. They rebuild the recorded wrap key/,
    );
    expect(run.result.complete).toBe(true);
    const folder = await CeremonyFolder.open(ceremony.folderPath);
    expect(folder.record.restores![0]).toMatchObject({
      status: 'completed',
      shareNumbers: [2, 3],
      sharesNotRecorded: { matched: [], unmatched: [2, 3] },
    });
    const transcript = checkTranscript(
      await readFile(join(ceremony.folderPath, 'transcript.jsonl'), 'utf8'),
    );
    const started = transcript.ok && transcript.lines.find((l) => l.event === 'restore-started');
    expect(started && started.data).toMatchObject({
      sharesNotRecorded: { matched: [], unmatched: [2, 3] },
    });
  });

  it("reads the secondary's own audit log with the audit key at the end, checks its chain and records it; a wrong audit password is said without undoing the restore", async () => {
    // Command auditing is off on a fresh device (fw >= 2.3.1, spec §7): the organisation turns
    // on the commands it wants logged (SET OPTION command-audit, §4.3) before the restore.
    await inSession(new SimulatorTransport(secondary), 1, 'password', (session) =>
      session.setOption(
        OptionTag.CommandAudit,
        Uint8Array.of(Command.PutWrapKey, 1, Command.ImportWrapped, 1, Command.DeleteObject, 1),
      ),
    );
    const run = await restoreFromFiles({
      folderPath: ceremony.folderPath,
      access: access(),
      deviceId: 'sim:secondary',
      shares: goodShares(),
      proof: { credential: { password: APP_PASSWORD } },
      auditProof: { credential: { password: AUDIT_PASSWORD } },
    });
    expect(run.result.complete).toBe(true);
    const audit = run.deviceAudit!;
    expect(audit).toMatchObject({
      after: 'restore',
      authKeyId: AUDIT_KEY_ID,
      device: { serial: SECONDARY_SERIAL },
      chain: { valid: true },
    });
    // The restore's own commands are in the secondary's log: the wrap key put and each import.
    const names = audit.entries.map((e) => e.commandName);
    expect(names.slice(0, 2)).toEqual(['DEVICE RESET', 'DEVICE BOOT']);
    expect(names).toContain('PUT WRAP KEY');
    expect(names.filter((n) => n === 'IMPORT WRAPPED').length).toBe(run.result.files.length);
    expect(audit.entries).toContainEqual(
      expect.objectContaining({ commandName: 'DELETE OBJECT', targetKey: 1, result: 0xd8 }),
    );
    expect(audit.chain.checked).toBe(audit.entries.length - 1);
    const folder = await CeremonyFolder.open(ceremony.folderPath);
    expect(folder.record.deviceAudits).toEqual([audit]);
    const transcript = checkTranscript(
      await readFile(join(ceremony.folderPath, 'transcript.jsonl'), 'utf8'),
    );
    const events = transcript.ok ? transcript.lines.map((l) => l.event) : [];
    expect(events.slice(-2)).toEqual(['restore-finished', 'device-audit-log-read']);

    // On another secondary, a wrong audit password: the restore is complete, the log not read.
    const other = await SimulatedYubiHsm.create({ serial: SECONDARY_SERIAL + 1 });
    const second = await restoreFromFiles({
      folderPath: ceremony.folderPath,
      access: access(other),
      deviceId: 'sim:secondary',
      shares: goodShares(),
      auditProof: { credential: { password: 'not the audit password' } },
    });
    expect(second.result.complete).toBe(true);
    expect(second.deviceAudit).toBeUndefined();
    expect(second.deviceAuditProblem).toBe(
      `The audit log was not read with the audit key 0x0004: Authentication key 0x0004 did not open a session on the secondary (serial ${SECONDARY_SERIAL + 1}): check the key id and its password.`,
    );
    expect((await CeremonyFolder.open(ceremony.folderPath)).record.deviceAudits).toHaveLength(1);
  });

  it('refuses a set from another key that matches no commitment, naming each share and its file, with the secondary untouched', async () => {
    const before = await folderState();
    const other = encodeWrapSecret({
      wrapKeyId: WRAP_KEY_ID,
      domains: 1,
      capabilities: MASKS.wrap,
      delegatedCapabilities: MASKS.wrapDelegated,
      key: new Uint8Array(randomBytes(32)),
    });
    const foreignSetup = splitForSetup(other, 2, 3);
    other.fill(0);
    await expect(
      restore([share('a.txt', foreignSetup[0]!), share('b.txt', foreignSetup[1]!)]),
    ).rejects.toThrow(
      /^a\.txt: Share 1 \(Ada Lovelace\) is wrong: it is not the share recorded at the ceremony for custodian 1, Ada Lovelace, and the shares entered do not rebuild the recorded wrap key \(check value [0-9A-F]{6}\)\..* b\.txt: Share 2 \(Grace Hopper\) is wrong/,
    );
    await expectNothingLost(...before);
  });

  it('deletes the factory key without a password once the application key is imported, and says so', async () => {
    const { result } = await restore(goodShares());
    expect(result.factoryKey).toEqual({
      decision: 'deleted',
      reason:
        'The factory key 0x0001 was deleted: application key 0x0003 ("Application auth key") was imported.',
    });
    expect(result.applicationKeyProven).toBe(false);
  });

  it('keeps the factory key when the application key password given does not open it', async () => {
    const { result } = await restore(goodShares(), { password: 'a wrong password' });
    expect(result.factoryKey.decision).toBe('kept');
    expect(result.factoryKey.reason).toMatch(/password given does not open a session/);
    expect(result.complete).toBe(false);
    expect(await objectsOn(secondary)).toContain(`${ObjectType.AuthenticationKey}:1`);
  });

  it('keeps the factory key and explains when the application key file is missing', async () => {
    await rm(join(ceremony.folderPath, '0x0003-authentication-key.yhw'));
    const { result } = await restore(goodShares());
    expect(result.files.find((f) => f.file === '0x0003-authentication-key.yhw')).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/is in the ceremony record but missing from the folder/),
    });
    expect(result.factoryKey.decision).toBe('kept');
    expect(result.factoryKey.reason).toMatch(
      /the application key's file 0x0003-authentication-key\.yhw could not be imported.*no way to log in.*start a new restore onto the same secondary/,
    );
    expect(result.complete).toBe(false);
    expect(await objectsOn(secondary)).toContain(`${ObjectType.AuthenticationKey}:1`);
    const folder = await CeremonyFolder.open(ceremony.folderPath);
    expect(folder.record.restores![0]).toMatchObject({ status: 'incomplete', factoryKey: 'kept' });
  });
});

describe('bad shares are refused before anything touches the secondary, naming the share', () => {
  const cases: [string, () => ShareFile[], RegExp][] = [
    [
      'a typo in the threshold of the K-X- prefix',
      () => [share('1-ada.txt', `3${ceremony.shares[0]!.slice(1)}`), goodShares()[1]!],
      /1-ada\.txt: Ada Lovelace \(share 1\): This share says threshold 3 .* but the ceremony's threshold is 2/,
    ],
    [
      'a typo in the share number of the K-X- prefix',
      () => [share('1-ada.txt', `2-2${ceremony.shares[0]!.slice(3)}`), goodShares()[1]!],
      /This custodian holds share 1, but the share typed says number 2/,
    ],
    [
      'a typo in the share number, file not named after its custodian',
      () => [share('ada.txt', `2-2${ceremony.shares[0]!.slice(3)}`), goodShares()[1]!],
      /ada\.txt: Share 2 \(Grace Hopper\) is wrong: it is not the share recorded at the ceremony for custodian 2, Grace Hopper/,
    ],
    [
      'a typo mid-payload',
      () => [share('1-ada.txt', typo(ceremony.shares[0]!, 40)), goodShares()[1]!],
      /1-ada\.txt: Share 1 \(Ada Lovelace\) is wrong/,
    ],
    [
      'a typo in the last character',
      () => [goodShares()[0]!, share('3-katherine.txt', typo(ceremony.shares[2]!, -1))],
      /3-katherine\.txt: Share 3 \(Katherine Johnson\) is wrong/,
    ],
    [
      'the same share twice',
      () => [goodShares()[0]!, share('copy-of-ada.txt', ceremony.shares[0]!)],
      /copy-of-ada\.txt: This share was already entered as share 1 \(Ada Lovelace\)/,
    ],
    [
      'too few shares',
      () => [goodShares()[0]!],
      /2 shares are needed to rebuild the wrap key and 1 was given/,
    ],
    [
      'a share that is not a share',
      () => [share('1-ada.txt', 'hello'), goodShares()[1]!],
      /1-ada\.txt: Ada Lovelace \(share 1\): /,
    ],
  ];

  for (const [what, shares, message] of cases) {
    it(what, async () => {
      const [record, transcript] = await folderState();
      await expect(restore(shares())).rejects.toThrow(message);
      await expectNothingLost(record, transcript);
    });
  }

  it('a share from another ceremony, named as the custodian whose share is wrong', async () => {
    const other = await initializeCeremony(join(dir, 'other'));
    const [record, transcript] = await folderState();
    await expect(
      restore([goodShares()[0]!, share('3-katherine.txt', other.shares[2]!)]),
    ).rejects.toThrow(
      /3-katherine\.txt: Share 3 \(Katherine Johnson\) is wrong: .*or it comes from another ceremony/,
    );
    await expectNothingLost(record, transcript);
  });

  it('mixed thresholds: a share of a 3-of-5 set among 2-of-3 shares', async () => {
    const other = await initializeCeremony(join(dir, 'other'), { threshold: 3, custodians: 5 });
    const [record, transcript] = await folderState();
    await expect(
      restore([goodShares()[0]!, share('3-katherine.txt', other.shares[2]!)]),
    ).rejects.toThrow(
      /says threshold 3 \(the digit before the first dash\), but the ceremony's threshold is 2/,
    );
    await expectNothingLost(record, transcript);
  });
});

describe('the secondary and the files', () => {
  it('refuses a secondary that is not factory-fresh', async () => {
    const client = new YubiHsmClient(new SimulatorTransport(secondary));
    const session = await client.openSession(1, { password: 'password' });
    await session.putOpaque({
      id: 0x0050,
      label: 'left over',
      domains: 1,
      capabilities: 0n,
      data: Uint8Array.of(1, 2, 3),
    });
    await client.close();
    await expect(restore(goodShares())).rejects.toThrow(
      /serial 7550002\) is not factory-fresh: besides the factory key it holds 1 object/,
    );
    expect((await objectsOn(secondary)).length).toBe(2);
  });

  it('refuses a second restore onto a clone this ceremony already finished, suggesting verify before any reset', async () => {
    await restore(goodShares(), { password: APP_PASSWORD });
    await expect(restore(goodShares())).rejects.toThrow(
      /^The factory authentication key does not open a session on this device \(serial 7550002\): it has already been configured\. The record shows a restore of this ceremony onto it that ended \S+ \(completed\) and deleted its factory key\. An earlier restore of this ceremony may have finished on it .*: verify it against this ceremony with the application key first \(Verify a clone, or custos verify\), and if it matches it is already a clone\. Only if it is not, reset it/,
    );
    // Recording the good restore failed: the record says nothing, and the sentence still says verify first.
    const folder = await CeremonyFolder.open(ceremony.folderPath);
    await folder.update((r) => ({ ...r, restores: [] }));
    await expect(restore(goodShares())).rejects.toThrow(
      /it has already been configured\. An earlier restore of this ceremony may have finished on it .*verify it against this ceremony with the application key first/,
    );
  });

  it("refuses the primary's serial as the secondary", async () => {
    const twin = await SimulatedYubiHsm.create({ serial: PRIMARY_SERIAL });
    await expect(restore(goodShares(), { device: twin })).rejects.toThrow(
      /This device \(serial 7550001\) is the primary of this ceremony/,
    );
  });

  it('reports a corrupted .yhw and a non-base64 file, imports the rest, and keeps going', async () => {
    const folder = await CeremonyFolder.open(ceremony.folderPath);
    const sample = folder.record.files.find((f) => f.type === 'asymmetric-key')!.file;
    const text = await readFile(join(ceremony.folderPath, sample), 'latin1');
    await writeFile(join(ceremony.folderPath, sample), typo(text, 30));
    await writeFile(join(ceremony.folderPath, '0x0777-opaque.yhw'), 'this is not base64!\n');
    const { result } = await restore(goodShares());
    expect(result.files.find((f) => f.file === sample)).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(
        /differs from the file this ceremony recorded \(its SHA-256 changed\)/,
      ),
    });
    expect(result.files.find((f) => f.file === '0x0777-opaque.yhw')).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/is text but not valid base64/),
    });
    expect(result.files.filter((f) => f.status === 'imported')).toHaveLength(4);
    expect(result.complete).toBe(false);
    expect(result.factoryKey.decision).toBe('deleted');
  });

  it('names a .yhw the record lists but the folder lacks: the restore is not complete, and the factory key goes only because the application key was imported', async () => {
    const folder = await CeremonyFolder.open(ceremony.folderPath);
    const lost = folder.record.files.find((f) => f.type === 'asymmetric-key')!;
    await rm(join(ceremony.folderPath, lost.file));
    const run = await restore(goodShares(), { password: APP_PASSWORD });
    expect(run.source.files.find((f) => f.file === lost.file)).toMatchObject({
      missing: true,
      objectId: lost.objectId,
    });
    expect(run.result.files.find((f) => f.file === lost.file)).toEqual({
      file: lost.file,
      status: 'failed',
      objectId: lost.objectId,
      type: 'asymmetric-key',
      reason: `${lost.file} is in the ceremony record but missing from the folder: copy it back from the back-up media.`,
    });
    expect(run.result.files.filter((f) => f.status === 'imported')).toHaveLength(4);
    expect(run.result.complete).toBe(false);
    expect(run.result.factoryKey).toMatchObject({
      decision: 'deleted',
      reason: expect.stringMatching(
        /application key 0x0003 .* was imported and its password opened a session/,
      ),
    });
    const after = await CeremonyFolder.open(ceremony.folderPath);
    expect(after.record.restores![0]).toMatchObject({
      status: 'incomplete',
      statusReason: `The restore is incomplete: ${lost.file} could not be imported.`,
    });
  });

  it('skips a .yhw wrapped under another key and says so', async () => {
    const otherKey = new Uint8Array(randomBytes(32));
    await writeFile(
      join(ceremony.folderPath, '0x0042-opaque.yhw'),
      wrapOffline(otherKey, {
        id: 0x42,
        type: ObjectType.Opaque,
        algorithm: 30,
        label: 'foreign',
        domains: 1,
        capabilities: 0n,
        body: Uint8Array.of(9, 9, 9),
      }),
    );
    const { result } = await restore(goodShares());
    expect(result.files.find((f) => f.file === '0x0042-opaque.yhw')).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(/was not wrapped under this ceremony's wrap key/),
    });
    expect(result.complete).toBe(true);
  });

  /** What a stranger's attempt could leave: another wrap key with this ceremony's id and policy (and, maybe, an object a backup names). */
  async function putForeignWrapKey(withAuditKey: boolean): Promise<void> {
    const client = new YubiHsmClient(new SimulatorTransport(secondary));
    const session = await client.openSession(1, { password: 'password' });
    await session.putWrapKey({
      id: WRAP_KEY_ID,
      label: 'Wrap key',
      domains: 1,
      capabilities: MASKS.wrap,
      delegatedCapabilities: MASKS.wrapDelegated,
      algorithm: Algorithm.Aes256CcmWrap,
      key: new Uint8Array(randomBytes(32)),
    });
    if (withAuditKey) {
      await session.putAuthenticationKey({
        id: AUDIT_KEY_ID,
        label: 'Audit auth key',
        domains: 1,
        capabilities: MASKS.audit,
        delegatedCapabilities: 0n,
        credential: { password: 'someone else' },
      });
    }
    await client.close();
  }

  it("stops before importing under a wrap key with this ceremony's id and policy that is another key (nothing exportable on it: the first import tells)", async () => {
    await putForeignWrapKey(false);
    const before = await objectsOn(secondary);
    await expect(restore(goodShares())).rejects.toThrow(
      /^The wrap key 0x0002 on the secondary is not this ceremony's wrap key, although it has the same id and policy: it cannot open 0x[0-9a-f]{4}-[a-z-]+\.yhw, which the key rebuilt from the shares opens\. Custos stopped before importing anything\. Reset the secondary to factory state and restore again\.$/,
    );
    expect(await objectsOn(secondary)).toEqual(before);
  });

  it("stops before importing under a wrap key with this ceremony's id and policy that is another key (an object on it, exported under that key, does not open)", async () => {
    await putForeignWrapKey(true);
    const before = await objectsOn(secondary);
    await expect(restore(goodShares())).rejects.toThrow(
      /^The wrap key 0x0002 on the secondary is not this ceremony's wrap key, although it has the same id and policy: it wrapped authentication-key 0x0004 .*into a blob the key rebuilt from the shares cannot open\./,
    );
    expect(await objectsOn(secondary)).toEqual(before);
  });

  it('resumes after the secondary is unplugged mid-import: objects already there are skipped, the rest imported', async () => {
    let unplugged = false;
    const onProgress = (progress: { files: { status: string }[] }) => {
      if (!unplugged && progress.files.filter((f) => f.status === 'imported').length === 2) {
        unplugged = true;
        transports.at(-1)!.unplug();
      }
    };
    await expect(restore(goodShares(), { onProgress })).rejects.toThrow(/unplugged/);
    const partial = await objectsOn(secondary);
    expect(partial).toHaveLength(1 + 1 + 2);

    const resumed = await restore(goodShares(), { password: APP_PASSWORD });
    expect(resumed.check.state).toBe('resume');
    expect(resumed.result.files.filter((f) => f.status === 'skipped').map((f) => f.reason)).toEqual(
      [
        expect.stringMatching(/already on the secondary from an earlier attempt/),
        expect.stringMatching(/already on the secondary from an earlier attempt/),
      ],
    );
    expect(resumed.result.files.filter((f) => f.status === 'imported')).toHaveLength(3);
    expect(resumed.result.resumed).toBe(true);
    expect(resumed.result.tasks.find((t) => t.id === 'wrap-key')?.detail).toBe(
      "Wrap key 0x0002 was already on the secondary from an earlier attempt; an object it wrapped opens with the key rebuilt from the shares, so it is this ceremony's.",
    );
    expect(resumed.result.complete).toBe(true);
    expect(await objectsOn(secondary, APP_KEY_ID, APP_PASSWORD)).toEqual(
      await objectsOn(ceremony.primary, APP_KEY_ID, APP_PASSWORD),
    );

    const folder = await CeremonyFolder.open(ceremony.folderPath);
    expect(folder.record.restores).toHaveLength(1);
    expect(folder.record.restores![0]).toMatchObject({ status: 'completed', resumed: true });
    const transcript = checkTranscript(
      await readFile(join(ceremony.folderPath, 'transcript.jsonl'), 'utf8'),
    );
    const events = transcript.ok ? transcript.lines.map((l) => l.event) : [];
    expect(events).toContain('restore-interrupted');
  });
});
