import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RECORD_FORMAT, type CeremonyRecord } from '../../shared/records/ceremony-record';
import { CeremonyFolder, readWrappedFolder } from './ceremony-folder';
import { checkTranscript } from './transcript';

function record(overrides: Partial<CeremonyRecord> = {}): CeremonyRecord {
  return {
    format: RECORD_FORMAT,
    id: '6f1c1f5e-2b7a-4c1e-9a35-3f0f3b1d2a10',
    name: 'Root CA backup 2026',
    kind: 'yubihsm2-initialize',
    rehearsal: true,
    status: 'in-progress',
    stage: 'planned',
    startedAt: '2026-11-22T10:00:00.000Z',
    tool: { name: 'Custos', version: '0.1.0' },
    plan: { threshold: 2, custodians: ['Alice', 'Bob', 'Carol'] },
    primary: { serial: 12345678, firmware: '2.4.0', transport: 'simulator', simulated: true },
    custodians: [],
    inventory: [],
    files: [],
    ...overrides,
  };
}

async function emptyFolder(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'custos-folder-')), 'ceremony');
}

describe('ceremony folder', () => {
  it('creates the folder, writes the record and keeps the record stamped with the transcript head', async () => {
    const path = await emptyFolder();
    const folder = await CeremonyFolder.create(path, record());
    const head = await folder.log('ceremony-started', { name: 'Root CA backup 2026' });
    const onDisk = JSON.parse(
      await readFile(join(path, 'ceremony.json'), 'utf8'),
    ) as CeremonyRecord;
    expect(onDisk.transcriptHead).toBe(head);
    expect(checkTranscript(await readFile(join(path, 'transcript.jsonl'), 'utf8'))).toMatchObject({
      ok: true,
      head,
    });
  });

  it('refuses a folder that already holds a ceremony and leaves it untouched', async () => {
    const path = await emptyFolder();
    const first = await CeremonyFolder.create(path, record());
    await first.log('ceremony-started');
    const before = await readFile(join(path, 'ceremony.json'), 'utf8');
    await expect(CeremonyFolder.create(path, record({ name: 'Second' }))).rejects.toThrow(
      /already holds a ceremony/,
    );
    expect(await readFile(join(path, 'ceremony.json'), 'utf8')).toBe(before);
  });

  it('reopens a ceremony right after it was created, before any event was logged', async () => {
    const path = await emptyFolder();
    await CeremonyFolder.create(path, record());
    const reopened = await CeremonyFolder.open(path);
    expect(reopened.transcript.length).toBe(0);
    expect(reopened.record.status).toBe('in-progress');
  });

  it('reopens a ceremony and refuses records that are not Custos records', async () => {
    const path = await emptyFolder();
    const created = await CeremonyFolder.create(path, record());
    await created.log('ceremony-started');
    const reopened = await CeremonyFolder.open(path);
    expect(reopened.record.name).toBe('Root CA backup 2026');
    await writeFile(join(path, 'ceremony.json'), '{"format":"something-else"}');
    await expect(CeremonyFolder.open(path)).rejects.toThrow(/not a Custos ceremony record/);
    await writeFile(join(path, 'ceremony.json'), '{ half');
    await expect(CeremonyFolder.open(path)).rejects.toThrow(/not valid JSON/);
  });

  it('writes .yhw files without overwriting silently and reads them back in name order', async () => {
    const path = await emptyFolder();
    const folder = await CeremonyFolder.create(path, record());
    const blob = new Uint8Array(100).map((_, i) => i);
    const written = await folder.writeWrappedObject(3, 'authentication-key', blob);
    expect(written.file).toBe('0x0003-authentication-key.yhw');
    await expect(folder.writeWrappedObject(3, 'authentication-key', blob)).rejects.toThrow(
      /already exists .* was kept/,
    );
    await folder.writeWrappedObject(3, 'authentication-key', blob, { replace: true });
    await writeFile(join(path, '0x0001-opaque.yhw'), 'corrupted!!');
    const entries = await readWrappedFolder(path);
    expect(entries.map((e) => e.file)).toEqual([
      '0x0001-opaque.yhw',
      '0x0003-authentication-key.yhw',
    ]);
    expect(entries[0]!.content.ok).toBe(false);
    expect(entries[1]).toMatchObject({
      objectId: 3,
      typeName: 'authentication-key',
      content: { ok: true, encoding: 'base64' },
    });
    expect((await readdir(path)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('never writes a record holding something that looks like a share', async () => {
    const path = await emptyFolder();
    const folder = await CeremonyFolder.create(path, record());
    const share = '2-1-KXC7BU2W3yhxujNMld4ncLgHcmTdJ227BU+V2y1nvQtFn9UrfaftW4XPNXut512LxT91qw';
    await expect(folder.update((r) => ({ ...r, statusReason: share }))).rejects.toThrow(
      /secret material/,
    );
    expect(
      JSON.parse(await readFile(join(path, 'ceremony.json'), 'utf8')).statusReason,
    ).toBeUndefined();
  });
});
