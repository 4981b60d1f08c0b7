// The back-up against a real simulated primary initialized like a ceremony leaves it: sample
// keys on request, every exportable object written as yubihsm-setup writes it, existing files
// kept unless replaced, the rest listed with the reason, and the record and transcript updated.

import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { YubiHsmSession } from '../../hsm/yubihsm/client/yubihsm-session';
import { Algorithm } from '../../hsm/yubihsm/protocol/algorithms';
import { capabilities } from '../../hsm/yubihsm/protocol/capabilities';
import { checkTranscript } from '../../records/transcript';
import { CeremonyFolder } from '../../records/ceremony-folder';
import type { SimulatorTransport } from '../../hsm/yubihsm/transport/simulator-transport';
import { YubiHsmTransportError } from '../../hsm/yubihsm/protocol/device-errors';
import { withDevice, withSession, deviceRecord } from '../common/device-access';
import {
  APP_KEY_ID,
  APP_PASSWORD,
  WRAP_KEY_ID,
  initializeCeremony,
  simulatorAccess,
  type InitializedCeremony,
} from '../common/testing/initialized-ceremony';
import { planBackup } from './backup-plan';
import { runBackup, type BackupRun as RunOptions } from './backup-run';
import { REHEARSAL_KEYS, generateRehearsalKeys } from './rehearsal-keys';

let dir: string;
let ceremony: InitializedCeremony;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custos-dump-'));
  ceremony = await initializeCeremony(join(dir, 'ceremony'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const clock = () => new Date('2026-06-01T10:00:00.000Z');

async function backUp(
  options: {
    sampleKeys?: boolean;
    replace?: string[];
    extra?: (session: YubiHsmSession) => Promise<void>;
    onProgress?: RunOptions['onProgress'];
    transports?: SimulatorTransport[];
  } = {},
) {
  const folder = await CeremonyFolder.open(ceremony.folderPath);
  const access = simulatorAccess({
    'sim:primary': {
      device: ceremony.primary,
      ...(options.transports ? { transports: options.transports } : {}),
    },
  });
  return withDevice(access, 'sim:primary', (device) =>
    withSession(device, APP_KEY_ID, { password: APP_PASSWORD }, 'the primary', async (session) => {
      const sampleKeys = options.sampleKeys
        ? (await generateRehearsalKeys(session, true, 1, folder)).map((k) => k.id)
        : [];
      await options.extra?.(session);
      const plan = await planBackup(session, folder.path, WRAP_KEY_ID);
      const result = await runBackup({
        session,
        folder,
        plan,
        device: deviceRecord(device),
        replace: new Set(options.replace ?? []),
        sampleKeys,
        clock,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      return { result, folder, plan };
    }),
  );
}

describe('backing up the primary', () => {
  it('exports every exportable object as one base64 line, keeps the files already there, and says why the wrap key is not exported', async () => {
    const appFile = join(ceremony.folderPath, '0x0003-authentication-key.yhw');
    const before = await readFile(appFile);
    const { result, folder } = await backUp({ sampleKeys: true });

    const byStatus = (status: string) =>
      result.outcomes.filter((o) => o.status === status).map((o) => o.object.record.label);
    expect(byStatus('written').sort()).toEqual(REHEARSAL_KEYS.map((k) => k.label).sort());
    expect(byStatus('kept')).toEqual(['Application auth key', 'Audit auth key']);
    expect(byStatus('not-exported')).toEqual(['Wrap key']);
    expect(result.outcomes.find((o) => o.status === 'not-exported')!.reason).toMatch(
      /wrap key itself.*shares restore it/,
    );
    expect(result.failed).toEqual([]);
    expect(result.summary).toBe(
      'Back-up done: 3 files written, 2 files already there and kept, 1 object not exportable.',
    );
    expect(await readFile(appFile)).toEqual(before);

    for (const outcome of result.outcomes.filter((o) => o.status === 'written')) {
      const name = outcome.object.file!;
      expect(name).toMatch(/^0x[0-9a-f]{4}-asymmetric-key\.yhw$/);
      const text = await readFile(join(ceremony.folderPath, name), 'latin1');
      expect(text).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
      expect(Buffer.from(text, 'base64').length).toBeGreaterThan(13 + 59 + 16);
    }

    const record = folder.record;
    expect(record.files.map((f) => f.file).sort()).toEqual(
      [
        ...result.entry.exported.map((e) => e.file),
        '0x0003-authentication-key.yhw',
        '0x0004-authentication-key.yhw',
      ].sort(),
    );
    const rsa = record.inventory.find((o) => o.algorithm === 'rsa2048')!;
    expect(rsa.publicKey).toMatch(/^[0-9a-f]{512}$/);
    expect(record.inventory.find((o) => o.algorithm === 'ecp256')!.publicKey).toMatch(
      /^[0-9a-f]{128}$/,
    );
    expect(record.backups).toHaveLength(1);
    expect(record.backups![0]).toMatchObject({
      authKeyId: APP_KEY_ID,
      wrapKeyId: WRAP_KEY_ID,
      device: { serial: ceremony.primary.serial, simulated: true },
    });
    expect(record.backups![0]!.sampleKeys).toHaveLength(3);

    const transcript = checkTranscript(
      await readFile(join(ceremony.folderPath, 'transcript.jsonl'), 'utf8'),
    );
    expect(transcript.ok).toBe(true);
    const events = transcript.ok ? transcript.lines.map((l) => l.event) : [];
    expect(events.slice(-6)).toEqual([
      'rehearsal-keys-generated',
      'backup-started',
      'backup-file-written',
      'backup-file-written',
      'backup-file-written',
      'backup-finished',
    ]);
    expect(record.transcriptHead).toBe(transcript.ok ? transcript.head : '');
  });

  it('records what it wrote before the primary was unplugged: the files with their digests, an interrupted entry, and a transcript event', async () => {
    const transports: SimulatorTransport[] = [];
    const pullAfterFirst = (outcomes: readonly { status: string }[]) => {
      if (outcomes.filter((o) => o.status === 'written').length === 1) transports.at(-1)!.unplug();
    };
    await expect(
      backUp({ sampleKeys: true, transports, onProgress: pullAfterFirst }),
    ).rejects.toBeInstanceOf(YubiHsmTransportError);

    const folder = await CeremonyFolder.open(ceremony.folderPath);
    const written = (await readdir(ceremony.folderPath)).filter(
      (name) => name.endsWith('.yhw') && name.includes('asymmetric-key'),
    );
    expect(written).toHaveLength(1);
    const recorded = folder.record.files.find((f) => f.file === written[0]);
    expect(recorded?.sha256).toBe(
      createHash('sha256')
        .update(await readFile(join(ceremony.folderPath, written[0]!)))
        .digest('hex'),
    );
    const entry = folder.record.backups!.at(-1)!;
    expect(entry.interrupted).toBe(
      'The back-up stopped part-way: the primary stopped answering (it was unplugged, or its connection dropped).',
    );
    expect(entry.exported.map((e) => e.file)).toEqual(written);
    const unreached = entry.notExported.filter(
      (n) => n.reason === 'The back-up stopped before it reached this object.',
    );
    expect(unreached).toHaveLength(2);

    const transcript = checkTranscript(
      await readFile(join(ceremony.folderPath, 'transcript.jsonl'), 'utf8'),
    );
    if (!transcript.ok) throw new Error('the transcript does not check');
    const last = transcript.lines.at(-1)!;
    expect(last.event).toBe('backup-interrupted');
    expect(last.data).toMatchObject({ written });
    expect((last.data.notWritten as string[]).sort()).toEqual(
      unreached
        .map((n) => `0x${n.objectId.toString(16).padStart(4, '0')}-asymmetric-key.yhw`)
        .sort(),
    );
    expect(folder.record.transcriptHead).toBe(transcript.head);
  });

  it('replaces an existing file only when asked, and records its new digest', async () => {
    const appFile = join(ceremony.folderPath, '0x0003-authentication-key.yhw');
    const before = await readFile(appFile, 'latin1');
    const { result, folder } = await backUp({ replace: ['0x0003-authentication-key.yhw'] });
    expect(result.outcomes.find((o) => o.object.info.id === APP_KEY_ID)!.status).toBe('replaced');
    const after = await readFile(appFile, 'latin1');
    expect(after).not.toBe(before);
    const entry = folder.record.files.find((f) => f.file === '0x0003-authentication-key.yhw')!;
    expect(entry.sha256).toBe(createHash('sha256').update(after).digest('hex'));
    expect(
      folder.record.files.filter((f) => f.file === '0x0003-authentication-key.yhw'),
    ).toHaveLength(1);
  });

  it('lists an object without exportable-under-wrap with the reason instead of failing', async () => {
    const { result } = await backUp({
      extra: async (session) => {
        await session.generateAsymmetricKey({
          id: 0x0020,
          label: 'Stays on the primary',
          domains: 1,
          capabilities: capabilities('sign-ecdsa'),
          algorithm: Algorithm.EcP256,
        });
      },
    });
    const local = result.outcomes.find((o) => o.object.info.id === 0x0020)!;
    expect(local.status).toBe('not-exported');
    expect(local.reason).toMatch(/lacks the exportable-under-wrap capability/);
    expect(result.entry.notExported.map((n) => n.objectId).sort()).toEqual([WRAP_KEY_ID, 0x0020]);
  });

  it('generates sample keys on a simulated primary only', async () => {
    const folder = await CeremonyFolder.open(ceremony.folderPath);
    const access = simulatorAccess({ 'sim:primary': { device: ceremony.primary } });
    await expect(
      withDevice(access, 'sim:primary', (device) =>
        withSession(device, APP_KEY_ID, { password: APP_PASSWORD }, 'the primary', (session) =>
          generateRehearsalKeys(session, false, 1, folder),
        ),
      ),
    ).rejects.toThrow(/only generated on a simulated primary/);
  });

  it('names the wrap key when the application key cannot see it', async () => {
    const access = simulatorAccess({ 'sim:primary': { device: ceremony.primary } });
    await expect(
      withDevice(access, 'sim:primary', (device) =>
        withSession(device, APP_KEY_ID, { password: APP_PASSWORD }, 'the primary', (session) =>
          planBackup(session, ceremony.folderPath, 0x0099),
        ),
      ),
    ).rejects.toThrow(
      /wrap key 0x0099 recorded for this ceremony is not visible to authentication key 0x0003/,
    );
  });

  it('refuses a wrong application key password with a sentence naming the key', async () => {
    const access = simulatorAccess({ 'sim:primary': { device: ceremony.primary } });
    await expect(
      withDevice(access, 'sim:primary', (device) =>
        withSession(
          device,
          APP_KEY_ID,
          { password: 'not it' },
          'the primary',
          async () => undefined,
        ),
      ),
    ).rejects.toThrow(
      'Authentication key 0x0003 did not open a session on the primary (serial 7550001): check the key id and its password.',
    );
  });
});
