// The ceremony folder with its writes in one line: the transcript's hash chain and ceremony.json
// are rewritten on every event, so two writers at once (an intent, main's share timer, the
// device steps) could each extend the same old head. Every write here waits for the one before.

import type { CeremonyRecord, WrappedFileRecord } from '../../../shared/records/ceremony-record';
import type { CeremonyFolder } from '../../records/ceremony-folder';
import { OneAtATime } from '../../concurrency/one-at-a-time';

export class SerialFolder {
  private readonly queue = new OneAtATime();

  constructor(readonly folder: CeremonyFolder) {}

  get path(): string {
    return this.folder.path;
  }

  get record(): CeremonyRecord {
    return this.folder.record;
  }

  /** SHA-256 of the transcript's last line. */
  get head(): string {
    return this.folder.transcript.head;
  }

  log(event: string, data: Record<string, unknown> = {}): Promise<string> {
    return this.queue.run(() => this.folder.log(event, data));
  }

  update(change: (record: CeremonyRecord) => CeremonyRecord): Promise<CeremonyRecord> {
    return this.queue.run(() => this.folder.update(change));
  }

  /** Resolves once every write asked for so far has finished. */
  settled(): Promise<void> {
    return this.queue.run(async () => undefined);
  }

  writeWrappedObject(
    objectId: number,
    typeName: string,
    blob: Uint8Array,
    options: { replace?: boolean; now?: Date } = {},
  ): Promise<WrappedFileRecord> {
    return this.queue.run(() => this.folder.writeWrappedObject(objectId, typeName, blob, options));
  }
}
