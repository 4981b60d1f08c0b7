// A whole back-up in one call (the CLI's `dump`, and the pieces the app's back-up screens use
// one by one): open the ceremony folder, check the device is this ceremony's primary, open a
// session with the application key, optionally make rehearsal keys, plan and run the export.

import type { CeremonyRecord } from '../../../shared/records/ceremony-record';
import type { Credential } from '../../hsm/yubihsm/client/credential';
import { domainsMask } from '../../hsm/yubihsm/protocol/domains';
import { Refusal } from '../../refusal/refusal';
import { CeremonyFolder } from '../../records/ceremony-folder';
import {
  deviceRecord,
  withDevice,
  withSession,
  type DeviceAccess,
  type OpenDevice,
} from '../common/device-access';
import { applicationKeyId } from '../common/record-facts';
import { backupDirectory, planBackup, type BackupPlan } from './backup-plan';
import { runBackup, type BackupOutcome, type BackupResult } from './backup-run';
import { generateRehearsalKeys, type GeneratedKey } from './rehearsal-keys';
import { ceremonyFolderReason } from '../../records/file-failure';

export interface BackUpPrimaryOptions {
  folderPath: string;
  access: DeviceAccess;
  deviceId: string;
  /** Default: the record's application key. */
  authKeyId?: number;
  credential: Credential;
  /** File names to replace, or every existing file. */
  replace: ReadonlySet<string> | 'all';
  rehearsalKeys: boolean;
  clock?: () => Date;
  onProgress?: (outcomes: readonly BackupOutcome[]) => void;
}

export interface BackUpPrimaryResult extends BackupResult {
  plan: BackupPlan;
  sampleKeys: GeneratedKey[];
}

/** Opens a ceremony folder for a back-up, turning folder problems into sentences. */
export async function openCeremonyForBackup(folderPath: string): Promise<CeremonyFolder> {
  let folder: CeremonyFolder;
  try {
    folder = await CeremonyFolder.open(folderPath);
  } catch (error) {
    throw new Refusal(
      'not-found',
      `${ceremonyFolderReason(error, folderPath)}: back up into the folder of the ceremony that made the wrap key.`,
      { cause: error },
    );
  }
  if (!folder.record.wrapKey) {
    throw new Refusal(
      'conflict',
      `The ceremony in ${folderPath} never made its wrap key (it stopped at the ${folder.record.stage} stage), so there is nothing to back up under.`,
    );
  }
  return folder;
}

export function checkIsPrimary(device: OpenDevice, record: CeremonyRecord): void {
  if (device.serial !== record.primary.serial) {
    throw new Refusal(
      'conflict',
      `This device (serial ${device.serial}) is not the primary of this ceremony (serial ${record.primary.serial}): connect the primary to back it up.`,
    );
  }
}

export function backupAuthKeyId(record: CeremonyRecord, given?: number): number {
  const id = given ?? applicationKeyId(record);
  if (id === undefined)
    throw new Refusal(
      'invalid-input',
      'Name the application authentication key to back up with (its id); the record does not say which it is.',
    );
  return id;
}

export async function backUpPrimary(options: BackUpPrimaryOptions): Promise<BackUpPrimaryResult> {
  const folder = await openCeremonyForBackup(options.folderPath);
  const record = folder.record;
  const wrapKey = record.wrapKey!;
  const authKeyId = backupAuthKeyId(record, options.authKeyId);
  return withDevice(options.access, options.deviceId, async (device) => {
    checkIsPrimary(device, record);
    return withSession(device, authKeyId, options.credential, 'the primary', async (session) => {
      const sampleKeys = options.rehearsalKeys
        ? await generateRehearsalKeys(
            session,
            device.identity.simulated,
            domainsMask(wrapKey.domains),
            folder,
          )
        : [];
      const plan = await planBackup(session, backupDirectory(folder), wrapKey.id);
      const replace =
        options.replace === 'all'
          ? new Set(plan.objects.filter((o) => o.status === 'exists').map((o) => o.file!))
          : options.replace;
      const result = await runBackup({
        session,
        folder,
        plan,
        device: deviceRecord(device),
        replace,
        sampleKeys: sampleKeys.map((k) => k.id),
        clock: options.clock ?? (() => new Date()),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      return { ...result, plan, sampleKeys };
    });
  });
}
