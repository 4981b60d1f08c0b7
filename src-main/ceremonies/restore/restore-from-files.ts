// The restore without a screen (the CLI's `restore`): shares come from files, one share each,
// and the same engine pieces run in the same order of checks — every share checked and the set
// recombined and checked before anything is written to the secondary; the secondary checked;
// then the device steps and the record. Each failure is a sentence naming the custodian or the
// file at fault.

import { basename } from 'node:path';
import type { SecondaryCheck } from '../../../shared/ceremony/restore-snapshot';
import { Refusal } from '../../refusal/refusal';
import { zeroize } from '../../secrets';
import type { DeviceAuditRecord } from '../../../shared/records/ceremony-record';
import {
  deviceRecord,
  withDevice,
  withSession,
  type DeviceAccess,
  type OpenDevice,
} from '../common/device-access';
import { readDeviceAudit, recordDeviceAudit, recordedAuditKeyId } from '../common/device-audit';
import { hexId } from '../common/objects';
import { applicationKeyId } from '../common/record-facts';
import { deviceFailureSentence } from '../common/device-failures';
import { ShareCollector } from '../common/share-collection';
import {
  restoreDevice,
  type ApplicationKeyProof,
  type RestoreDeviceResult,
  type RestoreProgress,
} from './restore-device';
import {
  logRestoreInterrupted,
  logRestoreStarted,
  recordRestore,
  usedShares,
} from './restore-record';
import { opensBackups, secondaryExpectation, shareExpectations } from './restore-expectations';
import { loadSource, type LoadedSource } from './restore-source';
import { checkSecondary } from './secondary-check';

export interface ShareFile {
  /** Where the share came from, for sentences ("shares/2-grace.txt"). */
  path: string;
  text: string;
}

export interface RestoreFromFilesOptions {
  folderPath: string;
  access: DeviceAccess;
  deviceId: string;
  shares: readonly ShareFile[];
  proof?: ApplicationKeyProof;
  /** The audit key's password (and id; default: the recorded audit key): its log is read at the end. */
  auditProof?: ApplicationKeyProof;
  clock?: () => Date;
  onProgress?: (progress: RestoreProgress) => void;
}

export interface RestoreFromFilesResult {
  source: LoadedSource;
  check: SecondaryCheck;
  kcv: string;
  shareNumbers: number[];
  confirmedBy: string[];
  warnings: string[];
  /** The shares were a re-split of the recorded key, not the recorded ones. */
  notRecorded?: { matched: number[]; unmatched: number[] };
  result: RestoreDeviceResult;
  /** The secondary's own audit log, read with the audit key at the end (when its password was given). */
  deviceAudit?: DeviceAuditRecord;
  /** Why the audit log could not be read, as a sentence (the restore itself stands). */
  deviceAuditProblem?: string;
}

/** One secondary of a sitting, restored (completely or not). */
export interface SecondaryRestored {
  deviceId: string;
  serial: number;
  check: SecondaryCheck;
  result: RestoreDeviceResult;
  deviceAudit?: DeviceAuditRecord;
  deviceAuditProblem?: string;
}

/** One secondary of a sitting: restored, or the sentence that says why not. */
export type SecondaryOutcome = SecondaryRestored | { deviceId: string; failure: string };

export interface SecondariesFromFilesResult {
  source: LoadedSource;
  kcv: string;
  shareNumbers: number[];
  confirmedBy: string[];
  warnings: string[];
  notRecorded?: { matched: number[]; unmatched: number[] };
  secondaries: SecondaryOutcome[];
}

/**
 * The device's own evidence at the end of the restore (issue 12 §7): its audit log read with the
 * audit key, chain checked, into the record. A failure here does not undo the restore: it is
 * said, and the record simply has no reading.
 */
async function readSecondaryAudit(
  device: OpenDevice,
  source: LoadedSource,
  proof: ApplicationKeyProof,
  clock: () => Date,
): Promise<{ deviceAudit?: DeviceAuditRecord; deviceAuditProblem?: string }> {
  const record = source.record;
  const id =
    proof.id ?? (record ? recordedAuditKeyId(record, applicationKeyId(record)) : undefined);
  if (id === undefined)
    return {
      deviceAuditProblem:
        'The audit log was not read: the record names no audit key; give its id with --audit-key.',
    };
  try {
    const audit = await withSession(device, id, proof.credential, 'the secondary', (session) =>
      readDeviceAudit(session, {
        after: 'restore',
        device: deviceRecord(device),
        authKeyId: id,
        at: clock(),
      }),
    );
    if (source.folder) await recordDeviceAudit(source.folder, audit);
    return { deviceAudit: audit };
  } catch (error) {
    return {
      deviceAuditProblem: `The audit log was not read with the audit key ${hexId(id)}: ${deviceFailureSentence(error, 'the secondary')}`,
    };
  }
}

/** "2-grace.txt" says the file is custodian 2's: its share must be number 2. */
function custodianOfFile(path: string): number | undefined {
  const match = /^(\d{1,3})-/.exec(basename(path));
  return match ? Number(match[1]) : undefined;
}

/** The shares checked one by one and recombined; the caller zeroizes `rebuilt.secret.key`. */
async function rebuildFromFiles(
  source: LoadedSource,
  shares: readonly ShareFile[],
): Promise<Extract<Awaited<ReturnType<ShareCollector['recombine']>>, { ok: true }>> {
  const collector = new ShareCollector(shareExpectations(source));
  const fileOfShare = new Map<number, string>();
  try {
    for (const share of shares) {
      const verdict = collector.offer(
        share.text,
        source.mode === 'record' ? custodianOfFile(share.path) : undefined,
      );
      if (!verdict.ok) throw new Refusal('invalid-input', `${share.path}: ${verdict.message}`);
      fileOfShare.set(verdict.shareNumber, share.path);
    }
    if (!collector.enough) {
      const threshold = collector.threshold;
      throw new Refusal(
        'invalid-input',
        `${threshold ?? 'More'} shares are needed to rebuild the wrap key and ${shares.length} ${shares.length === 1 ? 'was' : 'were'} given: add another custodian's share file.`,
      );
    }
    const recombined = await collector.recombine(
      source.mode === 'interop' ? opensBackups(source) : undefined,
    );
    if (!recombined.ok) {
      // A share named wrong is named with its file, as a share refused on its own is.
      const problems = recombined.wrong
        ? recombined.problems.map((p, i) => `${fileOfShare.get(recombined.wrong![i]!)}: ${p}`)
        : recombined.problems;
      throw new Refusal('invalid-input', problems.join(' '));
    }
    return recombined;
  } finally {
    collector.forget();
  }
}

type Rebuilt = Awaited<ReturnType<typeof rebuildFromFiles>>;

/** One secondary: checked, restored with the rebuilt key, recorded, its audit log read. */
async function restoreOneSecondary(
  options: RestoreFromFilesOptions,
  deviceId: string,
  source: LoadedSource,
  recombined: Rebuilt,
  clock: () => Date,
): Promise<SecondaryRestored> {
  const { secret } = recombined;
  return withDevice(options.access, deviceId, async (device) => {
    const check = await checkSecondary(device, secondaryExpectation(source));
    if (check.state === 'refused')
      throw new Refusal(
        check.reason === 'is-primary' ? 'conflict' : 'not-factory-fresh',
        check.message,
      );
    const start = {
      device: deviceRecord(device),
      shareNumbers: recombined.used,
      shares: usedShares(recombined.used, source.record),
      kcv: recombined.kcv,
      wrapKeyId: secret.wrapKeyId,
      ...(recombined.unrecorded ? { notRecorded: recombined.unrecorded } : {}),
    };
    const startedAt = clock();
    if (source.folder) await logRestoreStarted(source.folder, start, 1);
    let result: RestoreDeviceResult;
    let last: RestoreProgress | undefined;
    const onProgress = (progress: RestoreProgress) => {
      last = progress;
      options.onProgress?.(progress);
    };
    try {
      result = await restoreDevice({
        device,
        secret,
        source,
        onProgress,
        ...(options.proof ? { proof: options.proof } : {}),
      });
    } catch (error) {
      if (source.folder)
        await logRestoreInterrupted(
          source.folder,
          deviceFailureSentence(error, 'the secondary'),
          last?.files ?? [],
        );
      throw error;
    }
    if (source.folder)
      await recordRestore(
        source.folder,
        start,
        startedAt,
        clock(),
        result,
        check.state === 'resume' ? 2 : 1,
      );
    const evidence = options.auditProof
      ? await readSecondaryAudit(device, source, options.auditProof, clock)
      : {};
    return { ...evidence, deviceId, serial: device.serial, check, result };
  });
}

function rebuiltFacts(source: LoadedSource, recombined: Rebuilt) {
  return {
    source,
    kcv: recombined.kcv,
    shareNumbers: recombined.used,
    confirmedBy: recombined.confirmedBy,
    warnings: recombined.warnings,
    ...(recombined.unrecorded ? { notRecorded: recombined.unrecorded } : {}),
  };
}

export async function restoreFromFiles(
  options: RestoreFromFilesOptions,
): Promise<RestoreFromFilesResult> {
  const clock = options.clock ?? (() => new Date());
  const source = await loadSource(options.folderPath);
  const recombined = await rebuildFromFiles(source, options.shares);
  try {
    const {
      deviceId: _,
      serial: __,
      ...one
    } = await restoreOneSecondary(options, options.deviceId, source, recombined, clock);
    return { ...rebuiltFacts(source, recombined), ...one };
  } finally {
    zeroize(recombined.secret.key);
  }
}

/**
 * Several secondaries in one sitting (issue 12 item 4): the shares are checked and the key
 * rebuilt once, then each secondary is checked, restored and recorded in turn with it. A
 * secondary that is refused or fails is said with its sentence and the next one is still
 * restored; the rebuilt key is zeroized when the last one is done, whatever happened.
 */
export async function restoreSecondariesFromFiles(
  options: Omit<RestoreFromFilesOptions, 'deviceId'> & { deviceIds: readonly string[] },
): Promise<SecondariesFromFilesResult> {
  const clock = options.clock ?? (() => new Date());
  const source = await loadSource(options.folderPath);
  const recombined = await rebuildFromFiles(source, options.shares);
  try {
    const secondaries: SecondaryOutcome[] = [];
    for (const deviceId of options.deviceIds) {
      try {
        secondaries.push(
          await restoreOneSecondary({ ...options, deviceId }, deviceId, source, recombined, clock),
        );
      } catch (error) {
        secondaries.push({ deviceId, failure: deviceFailureSentence(error, 'the secondary') });
      }
    }
    return { ...rebuiltFacts(source, recombined), secondaries };
  } finally {
    zeroize(recombined.secret.key);
  }
}
