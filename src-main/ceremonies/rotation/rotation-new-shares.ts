// The new wrap key and its shares, as on day one (issue 12 §3): the primary (checked to be this
// ceremony's, with a key that may rotate) gives its random half through GET PSEUDO RANDOM, init's
// recipe XORs it with this computer's and splits it M-of-N for the same custodians, and init's
// share turns hand each custodian their new share (reveal, recorded, spot check, cleared). The
// record's rotation entry is written only once every custodian holds a new share, and before any
// device is touched.

import type { WrapKeyRecord } from '../../../shared/records/ceremony-record';
import { Refusal } from '../../refusal/refusal';
import { domainsMask } from '../../hsm/yubihsm/protocol/domains';
import { ObjectType } from '../../hsm/yubihsm/protocol/object-types';
import { withDevice, withSession } from '../common/device-access';
import { hexId, listObjectInfos, maskValue } from '../common/objects';
import { shareHideSeconds } from '../common/record-facts';
import { ShareTurns, type ConfirmationMode } from '../init/share-turns';
import { realTimers } from '../init/timers';
import { makeWrapKeyMaterial, WRAP_KEY_LENGTH } from '../init/wrap-key-material';
import type { WrapPolicy } from '../../secrets/wrap-secret';
import type { RotationContext } from './rotation-context';
import { chooseNewWrapKeyId, checkRotationKey } from './rotation-key';
import { recordRotationStarted } from './rotation-record';
import { knownDevices, progressOf, strangerSentence } from './rotation-source';
import type { RotationState } from './rotation-state';

/** The recorded wrap key's policy, with the new key's id. */
function newPolicy(wrapKey: WrapKeyRecord, id: number): WrapPolicy {
  return {
    wrapKeyId: id,
    domains: domainsMask(wrapKey.domains),
    capabilities: maskValue(wrapKey.capabilities),
    delegatedCapabilities: maskValue(wrapKey.delegatedCapabilities),
  };
}

function confirmationMode(plan: Record<string, unknown>): ConfirmationMode {
  const mode = plan['shareConfirmation'];
  return mode === 'full' || mode === 'none' ? mode : 'spot-check';
}

/** From the rebuilt current set to the new shares: the primary's random half, the split, the turns. */
export async function makeNewShares(
  context: RotationContext,
  state: RotationState,
  primaryDeviceId: string,
): Promise<void> {
  const stage = state.stage;
  if (stage.step !== 'authorize' || !stage.rebuilt)
    throw new Refusal(
      'conflict',
      'The current set has not rebuilt the wrap key yet: enough custodians must enter their shares first.',
    );
  const folder = state.source!.folder;
  const record = folder.record;
  const wrapKey = record.wrapKey!;
  const key = state.rotationKey!;
  const draw = await context.core.busy(state, 'Reading random bytes from the primary', () =>
    withDevice(context.options.devices, primaryDeviceId, async (device) => {
      if (device.serial !== record.primary.serial)
        throw new Refusal(
          'conflict',
          knownDevices(record).some((d) => d.serial === device.serial)
            ? `The device connected (serial ${device.serial}) is a secondary; the new wrap key's random half comes from the primary (serial ${record.primary.serial}). Plug in the primary.`
            : strangerSentence(record, device.serial),
        );
      return withSession(
        device,
        key.authKeyId,
        { keys: key.keys },
        'the primary',
        async (session) => {
          const infos = await listObjectInfos(session);
          if (!infos.some((o) => o.type === ObjectType.WrapKey && o.id === wrapKey.id))
            throw new Refusal(
              'conflict',
              `The primary (serial ${device.serial}) does not hold this ceremony's wrap key ${hexId(wrapKey.id)} where authentication key ${hexId(key.authKeyId)} can see it; nothing was written.`,
            );
          const id = chooseNewWrapKeyId(infos, wrapKey.id);
          await checkRotationKey(session, newPolicy(wrapKey, id), 'primary', device.serial);
          return { id, random: await session.pseudoRandom(WRAP_KEY_LENGTH) };
        },
      );
    }),
  );
  const material = makeWrapKeyMaterial(
    draw.random,
    {
      policy: newPolicy(wrapKey, draw.id),
      threshold: wrapKey.threshold,
      count: wrapKey.shareCount,
      format: wrapKey.shareFormat,
    },
    context.options.material,
  );
  const custodians = record.custodians.map((c) => c.name);
  const turns = new ShareTurns({
    custodians,
    shares: material.shares,
    threshold: wrapKey.threshold,
    kcv: material.kcv,
    format: wrapKey.shareFormat,
    mode: confirmationMode(record.plan),
    hideSeconds: shareHideSeconds(record),
    timers: context.options.timers ?? realTimers,
    onIdleHide: () => {
      void folder
        .log('share-hidden', { ...who(turns), reason: 'idle', set: 'new' })
        .catch((error: unknown) =>
          context.core.log.error('the transcript could not record a hidden share', { error }),
        );
      context.core.emit();
    },
    ...(context.options.randomBelow ? { randomBelow: context.options.randomBelow } : {}),
  });
  // The turns own the shares from here; the material keeps only the key.
  material.shares = [];
  const authorizedBy = stage.rebuilt.used;
  context.core.advance(state);
  state.stage = {
    step: 'new-shares',
    authorizedBy,
    material,
    turns,
    startedAt: context.clock(),
  };
  await folder.log('rotation-shares-made', {
    newWrapKeyId: draw.id,
    newKcv: material.kcv,
    threshold: wrapKey.threshold,
    count: custodians.length,
    format: wrapKey.shareFormat,
    authorizedBy,
  });
  context.core.log.info('rotation: new shares made; no device written', {
    ceremonyId: state.id,
    newWrapKeyId: draw.id,
  });
}

export function who(turns: ShareTurns): { custodian: string; shareNumber: number } {
  return { custodian: turns.custodianName, shareNumber: turns.index + 1 };
}

/**
 * After the last custodian's cleared screen: the rotation entry is written (new check value,
 * new commitments, every device still on the old key) and the devices step begins.
 */
export async function sharesHandedOut(
  context: RotationContext,
  state: RotationState,
): Promise<void> {
  const stage = state.stage;
  if (stage.step !== 'new-shares') throw new Error('not at the new shares');
  const folder = state.source!.folder;
  const record = folder.record;
  const wrapKey = record.wrapKey!;
  const { material } = stage;
  const devices = knownDevices(record);
  const newWrapKey: WrapKeyRecord = {
    ...wrapKey,
    id: material.policy.wrapKeyId,
    kcv: material.kcv,
  };
  const at = stage.startedAt.toISOString().replace(/[:.]/g, '-');
  await recordRotationStarted(folder, {
    startedAt: stage.startedAt.toISOString(),
    status: 'in-progress',
    authorizedBy: stage.authorizedBy,
    authKeyId: state.rotationKey!.authKeyId,
    oldWrapKey: { id: wrapKey.id, kcv: wrapKey.kcv },
    newWrapKey,
    custodians: record.custodians.map((c, i) => ({
      index: c.index,
      name: c.name,
      commitment: material.commitments[i]!,
    })),
    backupFolder: `wrap-key-${material.kcv}-${at}`,
    files: [],
    notExported: [],
    devices,
    toDestroy: [],
  });
  const secret = { ...material.policy, key: material.key.slice() };
  context.core.advance(state);
  state.stage = {
    step: 'devices',
    secret,
    devices: progressOf(devices),
    canRetry: false,
    said: [],
  };
}
