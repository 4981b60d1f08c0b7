// The engine's device stage: the tasks run in the background (progress goes out as snapshot
// events), the record moves to stage "device" before the first device command, and a finished
// run writes the completed record. Also where a ceremony is stopped — cancelled, or Custos
// closing — with the record saying abandoned (nothing written to the device) or failed (check
// the device).

import { describeDeviceAudit, recordDeviceAudit } from '../common/device-audit';
import { Refusal } from '../../refusal/refusal';
import { RECORD_FILE, TRANSCRIPT_FILE } from '../../records/ceremony-folder';
import type { Ceremony } from './ceremony-state';
import { DeviceRun } from './device-tasks';
import type { EngineContext } from './engine-context';
import type { InProgressIndex } from './in-progress-index';
import { markCompleted, markDeviceStage, markStopped } from './record-writer';
import { disposeMaterial } from './wrap-key-material';

export class DeviceSteps {
  private running: Promise<void> | undefined;

  constructor(private readonly engine: EngineContext) {}

  /** The task list, all pending, when the ceremony reaches the device steps. */
  prepare(ceremony: Ceremony): void {
    ceremony.run ??= new DeviceRun({
      resolved: ceremony.resolved!,
      devices: this.engine.options.devices,
      folder: ceremony.record!,
      passwords: ceremony.passwords,
      wrapKey: () => ceremony.material?.key,
      wrapKeyStored: () => ceremony.material?.key.fill(0),
      clock: this.engine.clock,
    });
  }

  isRunning(ceremony: Ceremony): boolean {
    return ceremony.run?.state === 'running';
  }

  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** Starts (or, after a failure that can be fixed, retries) the run; answers at once. */
  async start(ceremony: Ceremony): Promise<void> {
    const run = ceremony.run!;
    if (run.state === 'running')
      throw new Refusal('conflict', 'The device steps are already running.');
    if (run.state === 'done') throw new Refusal('conflict', 'The device steps are done.');
    if (run.state === 'failed' && !run.canRetry)
      throw new Refusal('conflict', 'Retrying this device step cannot help; cancel the ceremony.');
    const folder = ceremony.record!;
    if (run.state === 'ready') {
      await markDeviceStage(folder);
      await folder.log('device-steps-started', {
        primarySerial: ceremony.resolved!.primary.serial,
      });
    } else {
      await folder.log('device-steps-retried', { after: run.problem?.field ?? 'a failure' });
    }
    ceremony.busy = 'Writing to the primary';
    const work = this.execute(ceremony);
    this.running = work;
    void work.finally(() => {
      if (this.running === work) this.running = undefined;
    });
  }

  private async execute(ceremony: Ceremony): Promise<void> {
    const run = ceremony.run!;
    const folder = ceremony.record!;
    try {
      const ok = await run.run(
        () => this.engine.emit(),
        async (event, data) => void (await folder.log(event, data)),
        () => this.engine.stopping,
      );
      if (ok) await this.complete(ceremony);
      else
        this.engine.log.warn('a device step failed', {
          ceremonyId: ceremony.id,
          task: run.problem?.field,
        });
    } catch (error) {
      this.engine.log.error('the device steps ended unexpectedly', {
        ceremonyId: ceremony.id,
        error,
      });
      ceremony.problem = {
        message: `The ceremony record could not be updated after the device steps; check that the ceremony folder is writable. ${run.deviceState()}`,
      };
    } finally {
      ceremony.busy = undefined;
    }
    this.engine.emit();
  }

  private async complete(ceremony: Ceremony): Promise<void> {
    const run = ceremony.run!;
    const folder = ceremony.record!;
    if (run.auditLog) await recordDeviceAudit(folder, run.auditLog);
    // The machine again, as the ceremony ends: both snapshots stand in the transcript.
    await folder.log('air-gap-end', { ...this.engine.airGapSurvey() });
    if (ceremony.airGap) ceremony.airGap.endRecorded = true;
    await markCompleted(folder, [...run.inventory], this.engine.clock());
    ceremony.finished = {
      transcriptHead: folder.head,
      files: [RECORD_FILE, TRANSCRIPT_FILE, ...folder.record.files.map((file) => file.file)],
      inventory: [...run.summaries],
      ...(run.auditLog ? { deviceAudit: describeDeviceAudit(run.auditLog) } : {}),
    };
    ceremony.passwords.clear();
    disposeMaterial(ceremony.material);
    await this.engine.options.index?.remove(folder.path);
    this.engine.advance(ceremony);
    this.engine.log.info('initialization completed', {
      ceremonyId: ceremony.id,
      objects: run.inventory.length,
    });
    const refresh = this.engine.options.devices.refresh;
    if (refresh)
      void refresh
        .call(this.engine.options.devices, ceremony.resolved!.primary.id)
        .catch(() => undefined);
  }

  /** Marks the ceremony stopped, in memory and in its record. */
  async stop(
    ceremony: Ceremony,
    why: 'cancel' | 'shutdown',
    index: InProgressIndex | undefined,
  ): Promise<void> {
    const run = ceremony.run;
    const touched = run?.deviceTouched ?? false;
    // Once the device stage has begun the record says "failed, check the device", as a crash
    // there would; the sentence then says exactly what is on the device.
    const deviceStage = run?.started ?? false;
    const folder = ceremony.record;
    const ended = why === 'cancel' ? 'The ceremony was cancelled' : 'Custos was closed';
    let reason: string;
    if (!folder)
      reason = `${ended} before the shares were made; nothing was written to the device or to a ceremony folder.`;
    else if (!deviceStage)
      reason = `${ended} before anything was written to the device. The shares shown so far are worthless: destroy any copy.`;
    else reason = `${ended} during the device steps; check the device. ${run!.deviceState()}`;
    const status = deviceStage ? 'failed' : 'abandoned';
    ceremony.stopped = { status, reason, deviceTouched: touched };
    ceremony.busy = undefined;
    ceremony.problem = undefined;
    this.engine.log.warn('initialization stopped', { ceremonyId: ceremony.id, status, why });
    if (!folder) return;
    try {
      await markStopped(folder, status, reason, this.engine.clock());
      await index?.remove(folder.path);
    } catch (error) {
      this.engine.log.error('the record of a stopped ceremony could not be updated', {
        ceremonyId: ceremony.id,
        error,
      });
      ceremony.problem = {
        message: `The ceremony stopped, but ${folder.path} could not be updated to say so; check the folder is writable.`,
      };
    }
  }
}
