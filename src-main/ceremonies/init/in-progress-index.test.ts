import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CeremonyRecord } from '../../../shared/records/ceremony-record';
import { createLogger } from '../../log/logger';
import { CeremonyFolder } from '../../records/ceremony-folder';
import { checkTranscript } from '../../records/transcript';
import {
  ABANDONED_DURING_SHARES,
  FAILED_DURING_DEVICE_STEPS,
  IN_PROGRESS_FILE,
  InProgressIndex,
} from './in-progress-index';
import { TempFolders } from '../../testing/temp-folders';

const temp = new TempFolders('custos-index-');
afterEach(() => temp.removeAll());

const commitment = { salt: '00'.repeat(16), digest: '11'.repeat(32) };

async function ceremonyAt(path: string, stage: CeremonyRecord['stage']): Promise<void> {
  const folder = await CeremonyFolder.create(path, {
    format: 'custos-ceremony/1',
    id: '3f2b8f0e-5d0a-4f4e-9d7c-2a1b0c9d8e7f',
    name: 'Indexed',
    kind: 'yubihsm2-initialize',
    rehearsal: true,
    status: 'in-progress',
    stage,
    startedAt: '2026-01-01T00:00:00.000Z',
    tool: { name: 'Custos', version: 'test' },
    plan: {},
    primary: { serial: 1, firmware: '2.4.0', transport: 'simulator', simulated: true },
    custodians: [{ index: 1, name: 'Ann', commitment }],
    inventory: [],
    files: [],
  });
  await folder.log('ceremony-started', {});
}

const record = (path: string) =>
  JSON.parse(readFileSync(join(path, 'ceremony.json'), 'utf8')) as CeremonyRecord;

describe('the index of ceremonies in progress', () => {
  it('marks a ceremony left during the shares abandoned and one left during the device steps failed, then forgets both', async () => {
    const userData = temp.make();
    const shares = join(userData, 'a');
    const device = join(userData, 'b');
    await ceremonyAt(shares, 'shares');
    await ceremonyAt(device, 'device');
    const index = new InProgressIndex(userData);
    await index.add(shares);
    await index.add(device);
    await index.add(join(userData, 'never-created'));
    expect(await index.folders()).toEqual([shares, device, join(userData, 'never-created')]);

    const marked = await new InProgressIndex(userData).sweep(
      createLogger({ sinks: [] }),
      () => new Date('2026-02-02T00:00:00.000Z'),
    );
    expect(marked).toEqual([shares, device]);
    expect(record(shares)).toMatchObject({
      status: 'abandoned',
      statusReason: ABANDONED_DURING_SHARES,
      finishedAt: '2026-02-02T00:00:00.000Z',
    });
    expect(record(device)).toMatchObject({
      status: 'failed',
      statusReason: FAILED_DURING_DEVICE_STEPS,
    });
    const transcript = checkTranscript(readFileSync(join(device, 'transcript.jsonl'), 'utf8'));
    expect(transcript.ok && transcript.lines.at(-1)?.event).toBe('ceremony-failed');
    expect(await index.folders()).toEqual([]);
  });

  it('leaves alone a ceremony another running Custos process owns, and forgets one whose process is gone', async () => {
    const userData = temp.make();
    const live = join(userData, 'live');
    const gone = join(userData, 'gone');
    await ceremonyAt(live, 'shares');
    await ceremonyAt(gone, 'shares');
    const finished = spawnSync(process.execPath, ['-e', '0']);
    writeFileSync(
      join(userData, IN_PROGRESS_FILE),
      JSON.stringify({
        format: 'custos-in-progress/1',
        entries: [
          { folder: live, pid: process.ppid },
          { folder: gone, pid: finished.pid },
        ],
      }),
    );
    const index = new InProgressIndex(userData);
    expect(await index.sweep(createLogger({ sinks: [] }))).toEqual([gone]);
    expect(record(live).status).toBe('in-progress');
    expect(record(gone).status).toBe('abandoned');
    expect(await index.folders()).toEqual([live]);
  });

  it('reads a missing or unreadable index as empty', async () => {
    const userData = temp.make();
    expect(await new InProgressIndex(userData).folders()).toEqual([]);
    writeFileSync(join(userData, IN_PROGRESS_FILE), 'not json');
    expect(await new InProgressIndex(userData).folders()).toEqual([]);
  });
});
