// The devices step: each device in turn through the device gate. The device connected must be
// one the record knows (anything else belongs to another ceremony and is refused with a sentence
// before a session is opened), its turn must have come (the primary first), and the rotation key
// must be able to do the work there; then its tasks run, each recorded as it finishes. A device
// pulled out mid-way leaves the record saying how far it got, and running the step again with it
// plugged back in finishes it. Once a device holds only the new key, its audit log is read with
// the audit key (when given) and put into the record, as init and restore do.

import type { DeviceAuditRecord } from '../../../shared/records/ceremony-record';
import { rotationComplete, whyNotNow } from '../../../shared/ceremony/rotation-steps';
import { Refusal } from '../../refusal/refusal';
import { ObjectType } from '../../hsm/yubihsm/protocol/object-types';
import { deviceRecord, withDevice, withSession, type OpenDevice } from '../common/device-access';
import {
  describeDeviceAudit,
  readDeviceAudit,
  recordDeviceAudit,
  recordedAuditKeyId,
} from '../common/device-audit';
import { deviceFailureSentence, isConnectionLoss } from '../common/device-failures';
import { describeObject, hexId } from '../common/objects';
import { applicationKeyId } from '../common/record-facts';
import type { RotationContext } from './rotation-context';
import { rotateDevice } from './rotation-device';
import { checkRotationKey } from './rotation-key';
import { recordDeviceTask, recordRotationCompleted } from './rotation-record';
import { strangerSentence } from './rotation-source';
import type { RotationState } from './rotation-state';

export async function runDevice(
  context: RotationContext,
  state: RotationState,
  deviceId: string,
): Promise<void> {
  const stage = state.stage;
  if (stage.step !== 'devices') throw new Error('not at the devices step');
  const folder = state.source!.folder;
  const record = folder.record;
  const rotation = record.rotations!.at(-1)!;
  const key = state.rotationKey!;
  stage.canRetry = false;
  stage.said = [];
  const say = (sentence: string) => {
    stage.said.push(sentence);
    context.core.emit();
  };
  let role = 'the device';
  try {
    await context.core.busy(state, 'Rotating the wrap key on the device', () =>
      withDevice(context.options.devices, deviceId, async (device) => {
        const progress = stage.devices.find((d) => d.serial === device.serial);
        if (!progress) throw new Refusal('conflict', strangerSentence(record, device.serial));
        role = `the ${progress.role}`;
        const notNow = whyNotNow(stage.devices, device.serial);
        if (notNow) throw new Refusal('conflict', `${capitalise(notNow)}; nothing was written.`);
        const done = await withSession(
          device,
          key.authKeyId,
          { keys: key.keys },
          role,
          async (session) => {
            await checkRotationKey(session, stage.secret, progress.role, device.serial);
            const finished = await rotateDevice({
              session,
              device: progress,
              secret: stage.secret,
              oldWrapKeyId: rotation.oldWrapKey.id,
              folder,
              backupFolder: rotation.backupFolder,
              clock: context.clock,
              say,
              onTask: async (now, files, notExported) => {
                const index = stage.devices.findIndex((d) => d.serial === now.serial);
                stage.devices[index] = now;
                await recordDeviceTask(folder, now, files, notExported, context.clock());
              },
            });
            stage.newWrapKeyObject ??= describeObject(
              await session.getObjectInfo(stage.secret.wrapKeyId, ObjectType.WrapKey),
            );
            return finished;
          },
        );
        const index = stage.devices.findIndex((d) => d.serial === done.serial);
        stage.devices[index] = done;
        if (state.auditKey) await readAudit(context, state, device, say);
      }),
    );
  } catch (error) {
    stage.canRetry = isConnectionLoss(error) || error instanceof Refusal;
    state.problem = { field: 'device', message: deviceFailureSentence(error, role) };
    context.core.log.info('rotation: a device step stopped', {
      ceremonyId: state.id,
      connection: isConnectionLoss(error),
    });
    return;
  }
  if (!rotationComplete(stage.devices)) return;
  // The rotation ends here: both air-gap surveys go in before it is recorded (issue 14).
  await context.core.recordAirGap(state, folder);
  const finished = await recordRotationCompleted(folder, context.clock(), stage.newWrapKeyObject);
  context.core.advance(state);
  state.stage = { step: 'finished', rotation: finished, transcriptHead: folder.transcript.head };
  state.finished = true;
  context.core.log.info('rotation completed', { ceremonyId: state.id });
}

/** The device's own evidence at the end of its part (issue 12 §7); a failure is said, not fatal. */
async function readAudit(
  context: RotationContext,
  state: RotationState,
  device: OpenDevice,
  say: (sentence: string) => void,
): Promise<void> {
  const folder = state.source!.folder;
  const record = folder.record;
  const auditKey = state.auditKey!;
  const id = auditKey.authKeyId ?? recordedAuditKeyId(record, applicationKeyId(record));
  if (id === undefined) {
    say('The audit log was not read: the record names no audit key; give its id.');
    return;
  }
  let audit: DeviceAuditRecord;
  try {
    audit = await withSession(device, id, { keys: auditKey.keys }, 'the device', (session) =>
      readDeviceAudit(session, {
        after: 'rotation',
        device: deviceRecord(device),
        authKeyId: id,
        at: context.clock(),
      }),
    );
  } catch (error) {
    // The device's own part is done and recorded; only the reading is missing, and it says so.
    say(
      `The audit log of serial ${device.serial} was not read with the audit key ${hexId(id)}: ${deviceFailureSentence(error, 'the device')}`,
    );
    return;
  }
  await recordDeviceAudit(folder, audit);
  const sentence = `Serial ${device.serial}: ${describeDeviceAudit(audit)}`;
  state.audits.push(sentence);
  say(sentence);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
