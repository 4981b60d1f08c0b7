// Which ceremony folders hold a ceremony that has not ended yet, kept in the user-data folder
// (paths only). If Custos dies while the shares are shown, nothing was written to the device,
// and the next start marks the record "abandoned" with a reason; if it dies during the device
// steps, the record says "failed" and to check the device. Entries of another running Custos
// process (the CLI, a second window) are left alone.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../../log/logger';
import { writeFileAtomic } from '../../files/atomic-write';
import { CeremonyFolder, CeremonyFolderError } from '../../records/ceremony-folder';
import { isProcessRunning } from '../../files/process-alive';
import { markStopped } from './record-writer';
import { SerialFolder } from './serial-folder';

export const IN_PROGRESS_FILE = 'ceremonies-in-progress.json';

const IndexSchema = z.object({
  format: z.literal('custos-in-progress/1'),
  entries: z.array(z.object({ folder: z.string(), pid: z.number().int() })),
});
type IndexFile = z.infer<typeof IndexSchema>;

export const ABANDONED_DURING_SHARES =
  'Custos stopped while the shares were being shown, before anything was written to the device. The shares shown so far are worthless: destroy any copy and start a new ceremony.';
export const FAILED_DURING_DEVICE_STEPS =
  'Custos stopped during the device steps; check the device: it may hold some of the objects this ceremony was creating, and its factory key may be gone. Reset it before starting again.';

export class InProgressIndex {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly userDataFolder: string,
    private readonly pid: number = process.pid,
  ) {}

  get path(): string {
    return join(this.userDataFolder, IN_PROGRESS_FILE);
  }

  add(folder: string): Promise<void> {
    return this.change((entries) => [
      ...entries.filter((entry) => entry.folder !== folder),
      { folder, pid: this.pid },
    ]);
  }

  remove(folder: string): Promise<void> {
    return this.change((entries) => entries.filter((entry) => entry.folder !== folder));
  }

  async folders(): Promise<string[]> {
    return (await this.read()).entries.map((entry) => entry.folder);
  }

  /**
   * Marks every ceremony left in progress by a process that is gone (or by an earlier life of
   * this one) as abandoned or failed, and forgets it. Returns the folders it marked.
   */
  async sweep(log: Logger, now: () => Date = () => new Date()): Promise<string[]> {
    const marked: string[] = [];
    const { entries } = await this.read();
    for (const entry of entries) {
      if (entry.pid !== this.pid && isProcessRunning(entry.pid)) continue;
      try {
        const folder = new SerialFolder(await CeremonyFolder.open(entry.folder));
        if (folder.record.status === 'in-progress') {
          const device = folder.record.stage === 'device';
          await markStopped(
            folder,
            device ? 'failed' : 'abandoned',
            device ? FAILED_DURING_DEVICE_STEPS : ABANDONED_DURING_SHARES,
            now(),
          );
          marked.push(entry.folder);
          log.warn('an unfinished ceremony was marked as stopped', {
            folder: entry.folder,
            status: folder.record.status,
          });
        }
      } catch (error) {
        if (!(error instanceof CeremonyFolderError)) throw error;
        log.warn('an unfinished ceremony folder could not be opened; it is no longer tracked', {
          folder: entry.folder,
          reason: error.reason,
        });
      }
      await this.remove(entry.folder);
    }
    return marked;
  }

  private async read(): Promise<IndexFile> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return { format: 'custos-in-progress/1', entries: [] };
      throw error;
    }
    const parsed = IndexSchema.safeParse(safeJson(text));
    return parsed.success ? parsed.data : { format: 'custos-in-progress/1', entries: [] };
  }

  private change(edit: (entries: IndexFile['entries']) => IndexFile['entries']): Promise<void> {
    const run = async () => {
      const current = await this.read();
      const next: IndexFile = { format: 'custos-in-progress/1', entries: edit(current.entries) };
      await writeFileAtomic(this.path, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    };
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
