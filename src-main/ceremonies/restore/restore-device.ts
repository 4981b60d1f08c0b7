// The restore's device steps (spec/yubihsm-setup-interop.md §4 steps 5–7, done safely): put the
// wrap key with the policy carried in the shares (label "Wrap key"), import every .yhw file
// (each one looked into host-side first, so it is named, skipped when already there or wrapped
// under another key, and failed with a reason otherwise), then delete the factory key — but
// only once the application key is on the device, and, if its password was given, only once it
// has opened a session. yubihsm-setup deletes it regardless and can lock people out.
// Every step first looks at what is on the device, so a run cut short (device unplugged) is
// resumed by running it again; a wrap key found there is proven to be this ceremony's before
// anything is imported under it (secondary-wrap-key.ts).

import type { RestoredFileView, FactoryKey } from '../../../shared/ceremony/restore-snapshot';
import type { DeviceTask } from '../../../shared/ceremony/init-snapshot';
import type { ObjectRecord } from '../../../shared/records/ceremony-record';
import type { Credential } from '../../hsm/yubihsm/client/credential';
import type { YubiHsmSession } from '../../hsm/yubihsm/client/yubihsm-session';
import { algorithmName } from '../../hsm/yubihsm/protocol/algorithms';
import { YubiHsmDeviceError } from '../../hsm/yubihsm/protocol/device-errors';
import { ObjectType } from '../../hsm/yubihsm/protocol/object-types';
import { Refusal } from '../../refusal/refusal';
import { ALGORITHM_CODE, wrapKeyAlgorithm, type WrapSecret } from '../../secrets/wrap-secret';
import { FACTORY_KEY_ID, FACTORY_PASSWORD } from '../../hsm/yubihsm/protocol/factory-state';
import type { OpenDevice } from '../common/device-access';
import { isAuthenticationRefusal, isConnectionLoss } from '../common/device-failures';
import { hexId, maskText, nameObject, objectKey, readInventory } from '../common/objects';
import { peekWrapped } from '../common/wrapped-blob';
import { decideFactoryKey } from './factory-key-decision';
import { finishedByEarlierAttempt } from './lost-factory-key-answer';
import { MISSING_FILE_PROBLEM, type LoadedSource, type SourceFileEntry } from './restore-source';
import { putOrProveWrapKey, wrapKeyRefusedFile, type SecondaryWrapKey } from './secondary-wrap-key';

export interface ApplicationKeyProof {
  /** The id the backup officer names; without it the imported application key is used. */
  id?: number;
  credential: Credential;
}

export interface RestoreProgress {
  tasks: DeviceTask[];
  files: RestoredFileView[];
  factoryKey: FactoryKey;
  applicationKeyId?: number;
}

export interface RestoreDeviceRun {
  device: OpenDevice;
  /** The recombined wrap key and its policy; the caller zeroizes it. */
  secret: WrapSecret;
  source: LoadedSource;
  proof?: ApplicationKeyProof;
  /** Called whenever a task or a file changes state. */
  onProgress?: (progress: RestoreProgress) => void;
  /** Where the attempt before this one stopped, when this one resumes it. */
  earlier?: RestoreProgress;
}

export interface RestoreDeviceResult extends RestoreProgress {
  /** The wrap key or an object was already there: this run continued an earlier one. */
  resumed: boolean;
  applicationKeyProven: boolean;
  /** Every file of this ceremony imported (or already there) and the factory key deleted. */
  complete: boolean;
  /** The factory key was kept only because the application key's password (or id) did not prove it: give it again and run again. */
  retryWithPassword: boolean;
}

const TASKS = [
  { id: 'session', title: 'Open a session on the secondary with the factory key' },
  { id: 'wrap-key', title: 'Put the wrap key on the secondary' },
  { id: 'import', title: 'Import the .yhw backups' },
  { id: 'application-key', title: 'Check the application key is on the secondary' },
  { id: 'factory-key', title: 'Delete the factory key' },
] as const;

type TaskId = (typeof TASKS)[number]['id'];

export function initialProgress(source: LoadedSource, wrapKeyId?: number): RestoreProgress {
  return {
    tasks: TASKS.map((t) => ({
      ...t,
      title:
        t.id === 'wrap-key' && wrapKeyId !== undefined
          ? `Put the wrap key ${hexId(wrapKeyId)} on the secondary`
          : t.title,
      status: 'pending',
    })),
    files: source.files.map((f) => ({ file: f.file, status: 'pending' })),
    factoryKey: {
      decision: 'pending',
      reason: 'The factory key is deleted only once the application key is on the secondary.',
    },
  };
}

export async function restoreDevice(run: RestoreDeviceRun): Promise<RestoreDeviceResult> {
  const progress = initialProgress(run.source, run.secret.wrapKeyId);
  const emit = () => run.onProgress?.(structuredClone(progress));
  const task = (id: TaskId) => progress.tasks.find((t) => t.id === id)!;
  const begin = (id: TaskId) => {
    task(id).status = 'running';
    emit();
  };
  const end = (id: TaskId, status: DeviceTask['status'], detail?: string) => {
    const t = task(id);
    t.status = status;
    if (detail === undefined) delete t.detail;
    else t.detail = detail;
    emit();
  };
  let current: TaskId = 'session';
  let resumed: boolean;
  let session: YubiHsmSession | undefined;
  try {
    begin('session');
    try {
      session = await openFactorySession(run.device);
    } catch (error) {
      // The attempt before may have deleted the factory key and lost the answer.
      const finished = await finishedByEarlierAttempt(run, error);
      if (finished) return finished;
      throw error;
    }
    end('session', 'done');

    current = 'wrap-key';
    begin('wrap-key');
    const present = new Map(
      (await readInventory(session)).map((o) => [objectKey(o.record.type, o.record.id), o.record]),
    );
    const wrapKey = await putOrProveWrapKey(session, run.secret, present);
    resumed = wrapKey !== 'put';
    end('wrap-key', 'done', wrapKeyDetail(run.secret.wrapKeyId, wrapKey));

    current = 'import';
    begin('import');
    let wrapKeyUnproven = wrapKey === 'unproven';
    for (const [index, entry] of run.source.files.entries()) {
      const outcome = await importOne(session, run.secret, entry, present, {
        recordMode: run.source.mode === 'record',
        wrapKeyUnproven,
      });
      if (outcome.status === 'imported') wrapKeyUnproven = false;
      if (outcome.status === 'skipped' && outcome.reason?.includes('earlier attempt'))
        resumed = true;
      progress.files[index] = outcome;
      emit();
    }
    const failed = progress.files.filter((f) => f.status === 'failed').length;
    end('import', failed > 0 ? 'failed' : 'done', importDetail(progress.files));

    current = 'application-key';
    begin('application-key');
    const onDevice = (await readInventory(session)).map((o) => o.record);
    const decision = await decideFactoryKey(run, onDevice, progress.files);
    if (decision.applicationKeyId !== undefined)
      progress.applicationKeyId = decision.applicationKeyId;
    end('application-key', decision.delete ? 'done' : 'failed', decision.reason);

    current = 'factory-key';
    if (decision.delete) {
      begin('factory-key');
      await session.deleteObject(FACTORY_KEY_ID, ObjectType.AuthenticationKey);
      // The session's own key is gone, and the session with it.
      await session.close().catch(() => undefined);
      session = undefined;
      progress.factoryKey = {
        decision: 'deleted',
        reason: `The factory key ${hexId(FACTORY_KEY_ID)} was deleted: ${decision.reason}`,
      };
      end('factory-key', 'done', progress.factoryKey.reason);
    } else {
      progress.factoryKey = {
        decision: 'kept',
        reason: `The factory key ${hexId(FACTORY_KEY_ID)} was kept: ${decision.reason}`,
      };
      end('factory-key', 'skipped', progress.factoryKey.reason);
    }
    const complete = failed === 0 && decision.delete;
    return {
      ...structuredClone(progress),
      resumed,
      applicationKeyProven: decision.proven,
      complete,
      retryWithPassword: decision.retryWithPassword,
    };
  } catch (error) {
    const t = task(current);
    t.status = 'failed';
    emit();
    throw error;
  } finally {
    await session?.close().catch(() => undefined);
  }
}

async function openFactorySession(device: OpenDevice): Promise<YubiHsmSession> {
  try {
    return await device.client.openSession(FACTORY_KEY_ID, { password: FACTORY_PASSWORD });
  } catch (error) {
    // Only a refused authentication says the factory key is gone; any other device error
    // (storage, a busy device) is a step to run again, not a configured device.
    if (isConnectionLoss(error) || !isAuthenticationRefusal(error)) throw error;
    throw new Refusal(
      'wrong-password',
      `The factory key no longer opens a session on the secondary (serial ${device.serial}). If an earlier attempt got as far as deleting it, the restore is complete: verify the clone with the application key. Otherwise the device was configured by someone else; reset it before restoring.`,
    );
  }
}

function wrapKeyDetail(wrapKeyId: number, wrapKey: SecondaryWrapKey): string | undefined {
  if (wrapKey === 'put') return undefined;
  const found = `Wrap key ${hexId(wrapKeyId)} was already on the secondary from an earlier attempt`;
  return wrapKey === 'proven'
    ? `${found}; an object it wrapped opens with the key rebuilt from the shares, so it is this ceremony's.`
    : `${found} with this ceremony's policy; the first import under it proves it is this ceremony's key.`;
}

interface ImportContext {
  recordMode: boolean;
  /** The wrap key was found on the secondary and nothing has proven it is this ceremony's yet. */
  wrapKeyUnproven: boolean;
}

async function importOne(
  session: YubiHsmSession,
  secret: WrapSecret,
  entry: SourceFileEntry,
  present: Map<string, ObjectRecord>,
  { recordMode, wrapKeyUnproven }: ImportContext,
): Promise<RestoredFileView> {
  const { file } = entry;
  const failed = (reason: string, more: Partial<RestoredFileView> = {}): RestoredFileView => ({
    file,
    status: 'failed',
    ...more,
    reason,
  });
  if (entry.missing)
    return failed(`${file} ${MISSING_FILE_PROBLEM}.`, {
      ...(entry.objectId === undefined ? {} : { objectId: entry.objectId }),
      ...(entry.typeName === undefined ? {} : { type: entry.typeName }),
    });
  if (!entry.content.ok)
    return failed(`${file} ${entry.content.problem}. It was not imported; the other files were.`);
  if (entry.changed) {
    return failed(
      `${file} differs from the file this ceremony recorded (its SHA-256 changed): it was altered or damaged. Restore it from another copy of the ceremony folder.`,
    );
  }
  const peek = peekWrapped(secret.key, entry.content.blob);
  if (!peek.ok) {
    if (peek.reason === 'malformed')
      return failed(
        `${file} opens with the wrap key, but what is inside is not a wrapped object; it was not imported.`,
      );
    if (recordMode && entry.recorded) {
      return failed(
        `${file} was written by this ceremony but the recombined wrap key cannot open it: the file is damaged. Restore it from another copy of the ceremony folder.`,
      );
    }
    return {
      file,
      status: 'skipped',
      reason: `${file} was not wrapped under this ceremony's wrap key (the recombined key cannot open it): it belongs to another wrap key, or it is damaged. It was not imported.`,
    };
  }
  const header = peek.header;
  const described = { objectId: header.id, type: header.typeName, label: header.label };
  if (header.wrapAlgorithm !== ALGORITHM_CODE[wrapKeyAlgorithm(secret.key)]) {
    return failed(
      `${file} says it was made with a ${algorithmName(header.wrapAlgorithm)} wrap key, not this ${wrapKeyAlgorithm(secret.key)} one; it was not imported.`,
      described,
    );
  }
  const name = nameObject({ type: header.typeName, id: header.id, label: header.label });
  const existing = present.get(objectKey(header.type, header.id));
  if (existing) {
    if (
      existing.label !== header.label ||
      existing.algorithm !== header.algorithm ||
      existing.capabilities !== maskText(header.capabilities)
    ) {
      return failed(
        `A different ${header.typeName} ${hexId(header.id)} ("${existing.label}") is already on the secondary, so ${file} cannot be imported. Reset the secondary and restore again.`,
        described,
      );
    }
    return {
      file,
      status: 'skipped',
      ...described,
      reason: `${name} is already on the secondary from an earlier attempt; it was not imported again.`,
    };
  }
  try {
    const imported = await session.importWrapped(secret.wrapKeyId, entry.content.blob);
    present.set(objectKey(imported.type, imported.id), {
      id: imported.id,
      type: header.typeName,
      algorithm: header.algorithm,
      label: header.label,
      domains: [],
      capabilities: maskText(header.capabilities),
      capabilityNames: [],
      delegatedCapabilities: maskText(header.delegatedCapabilities),
      sequence: header.sequence,
      origin: 'imported',
    });
    return { file, status: 'imported', ...described };
  } catch (error) {
    if (error instanceof YubiHsmDeviceError && !isConnectionLoss(error)) {
      // The host opened this blob with the rebuilt key; a key there that cannot is another key.
      if (wrapKeyUnproven && error.errorName === 'INVALID_DATA')
        throw wrapKeyRefusedFile(secret.wrapKeyId, file);
      return failed(
        `The secondary refused to import ${file} (${name}): ${error.errorName}, ${error.sentence}.`,
        described,
      );
    }
    throw error;
  }
}

function importDetail(files: readonly RestoredFileView[]): string {
  const count = (status: RestoredFileView['status']) =>
    files.filter((f) => f.status === status).length;
  return `${count('imported')} imported, ${count('skipped')} skipped, ${count('failed')} failed.`;
}
