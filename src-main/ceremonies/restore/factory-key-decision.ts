// Whether the secondary's factory key may go (brief, restore step 5): only when the application
// key is on the device and, if its password was given, only once that password has opened a
// session with it; yubihsm-setup deletes it regardless and can lock people out. When the key is
// kept, the sentence says what fixes it, and whether giving the password (or the key's id) again
// and re-running the device steps can (retryWithPassword), or a new restore is needed because
// the application key is not on the secondary at all.

import type { RestoredFileView } from '../../../shared/ceremony/restore-snapshot';
import type { ObjectRecord } from '../../../shared/records/ceremony-record';
import type { Credential } from '../../hsm/yubihsm/client/credential';
import { YubiHsmDeviceError } from '../../hsm/yubihsm/protocol/device-errors';
import { FACTORY_KEY_ID } from '../../hsm/yubihsm/protocol/factory-state';
import type { OpenDevice } from '../common/device-access';
import { isConnectionLoss } from '../common/device-failures';
import { hexId } from '../common/objects';
import { applicationKeyId, isApplicationKey } from '../common/record-facts';
import type { LoadedSource } from './restore-source';

export interface FactoryKeyDecision {
  delete: boolean;
  reason: string;
  proven: boolean;
  applicationKeyId?: number;
  /** Kept only because the password (or id) given did not prove the application key that is there: give it again and re-run. */
  retryWithPassword: boolean;
}

export interface FactoryKeyQuestion {
  device: OpenDevice;
  source: LoadedSource;
  proof?: { id?: number; credential: Credential };
}

const NO_WAY_IN = 'deleting the factory key would leave no way to log in to the secondary';
const RETRY = 'what is already on the secondary is recognised and skipped';

/** The factory key goes only when the application key is on the device (and opens, if its password was given). */
export async function decideFactoryKey(
  run: FactoryKeyQuestion,
  onDevice: readonly ObjectRecord[],
  files: readonly RestoredFileView[],
): Promise<FactoryKeyDecision> {
  const candidates = onDevice.filter((o) => isApplicationKey(o, run.source.record));
  const named = run.proof?.id;
  const appKey =
    named !== undefined
      ? onDevice.find(
          (o) => o.type === 'authentication-key' && o.id === named && o.id !== FACTORY_KEY_ID,
        )
      : candidates[0];
  if (!appKey && named !== undefined && candidates[0]) {
    return {
      delete: false,
      proven: false,
      retryWithPassword: true,
      applicationKeyId: candidates[0].id,
      reason: `authentication key ${hexId(named)} is not on the secondary, and ${NO_WAY_IN}. Give the application key's id (${hexId(candidates[0].id)} was imported) and password again, then run the device steps again: ${RETRY}.`,
    };
  }
  if (!appKey) {
    // With a record, the application key's own file; without one, any authentication key's.
    const recordedId = run.source.record ? applicationKeyId(run.source.record) : undefined;
    const failedAuth = files.find(
      (f) =>
        f.status === 'failed' &&
        (f.type === 'authentication-key' || f.file.includes('authentication-key')) &&
        (recordedId === undefined || f.objectId === recordedId),
    );
    const why =
      named !== undefined
        ? `authentication key ${hexId(named)} is not on the secondary`
        : failedAuth
          ? `the application key's file ${failedAuth.file} could not be imported`
          : 'no application authentication key was among the imported files';
    // Running the device steps again reads the same files, so only a new restore can help.
    return {
      delete: false,
      proven: false,
      retryWithPassword: false,
      reason: `${why}, and ${NO_WAY_IN}. Put the application key's .yhw file (undamaged) in the folder and start a new restore onto the same secondary with the custodians' shares: ${RETRY}.`,
    };
  }
  if (!run.proof) {
    return {
      delete: true,
      proven: false,
      retryWithPassword: false,
      applicationKeyId: appKey.id,
      reason: `application key ${hexId(appKey.id)} ("${appKey.label}") was imported.`,
    };
  }
  try {
    const proof = await run.device.client.openSession(appKey.id, run.proof.credential);
    await proof.close().catch(() => undefined);
  } catch (error) {
    if (isConnectionLoss(error) || !(error instanceof YubiHsmDeviceError)) throw error;
    return {
      delete: false,
      proven: false,
      retryWithPassword: true,
      applicationKeyId: appKey.id,
      reason: `application key ${hexId(appKey.id)} was imported, but the password given does not open a session with it. Give its password again and run the device steps again (${RETRY}); until then the factory key stays.`,
    };
  }
  return {
    delete: true,
    proven: true,
    retryWithPassword: false,
    applicationKeyId: appKey.id,
    reason: `application key ${hexId(appKey.id)} ("${appKey.label}") was imported and its password opened a session on the secondary.`,
  };
}
