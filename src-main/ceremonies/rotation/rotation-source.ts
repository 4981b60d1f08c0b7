// What a rotation starts from (issue 12 §3): a completed ceremony folder with its wrap key, the
// devices its record knows (the primary and every secondary a restore wrote to), and — when a
// rotation of it stopped part-way — that rotation, whose new shares are then the ones asked for.

import type {
  CeremonyRecord,
  RotationDevice,
  RotationRecord,
} from '../../../shared/records/ceremony-record';
import type { RotationDeviceProgress } from '../../../shared/ceremony/rotation-steps';
import { Refusal } from '../../refusal/refusal';
import { CeremonyFolder } from '../../records/ceremony-folder';
import { ceremonyFolderReason } from '../../records/file-failure';
import { domainsMask } from '../../hsm/yubihsm/protocol/domains';
import { custodianExpectations, recordedWrapKey } from '../common/record-facts';
import type { ShareExpectations } from '../common/share-collection';
import { maskValue } from '../common/objects';

export interface RotationSource {
  folder: CeremonyFolder;
  /** The rotation that stopped part-way, when this run resumes it. */
  resuming?: RotationRecord;
}

export async function loadRotationSource(path: string): Promise<RotationSource> {
  let folder: CeremonyFolder;
  try {
    folder = await CeremonyFolder.open(path);
  } catch (error) {
    throw new Refusal('io-error', `${ceremonyFolderReason(error, path)}.`, { cause: error });
  }
  const record = folder.record;
  if (record.status !== 'completed' || !record.wrapKey)
    throw new Refusal(
      'conflict',
      `The ceremony in ${path} is ${record.status}, not completed, so it has no wrap key on its devices to rotate: finish or restart it first.`,
    );
  const last = record.rotations?.at(-1);
  return last?.status === 'in-progress' ? { folder, resuming: last } : { folder };
}

/** The primary first, then every secondary a restore wrote this ceremony's wrap key to. */
export function knownDevices(record: CeremonyRecord): RotationDevice[] {
  const serials = new Set<number>([record.primary.serial]);
  const devices: RotationDevice[] = [
    { role: 'primary', serial: record.primary.serial, stage: 'old-key', exported: false },
  ];
  for (const restore of record.restores ?? []) {
    if (serials.has(restore.device.serial)) continue;
    serials.add(restore.device.serial);
    devices.push({ role: 'secondary', serial: restore.device.serial, stage: 'old-key' });
  }
  return devices;
}

/** The sentence for a device the record does not know: it belongs to another ceremony. */
export function strangerSentence(record: CeremonyRecord, serial: number): string {
  const secondaries = knownDevices(record)
    .filter((d) => d.role === 'secondary')
    .map((d) => d.serial);
  const known = `the primary (serial ${record.primary.serial})${secondaries.length > 0 ? ` and the secondar${secondaries.length === 1 ? 'y' : 'ies'} (serial ${secondaries.join(', ')})` : ''}`;
  return `The device connected (serial ${serial}) is not a device of this ceremony: its record knows ${known}. It may belong to another ceremony; nothing was written to it. Plug in one of this ceremony's devices.`;
}

export function progressOf(devices: readonly RotationDevice[]): RotationDeviceProgress[] {
  return devices.map((d) => ({
    role: d.role,
    serial: d.serial,
    stage: d.stage,
    exported: d.exported ?? false,
  }));
}

/**
 * Whose shares the authorize step checks: the current set against the record, or — resuming —
 * the new set against the stopped rotation's commitments and check value.
 */
export function authorizeExpectations(source: RotationSource): ShareExpectations {
  const record = source.folder.record;
  const rotation = source.resuming;
  if (!rotation) {
    const recorded = recordedWrapKey(record);
    return {
      format: record.wrapKey!.shareFormat,
      threshold: record.wrapKey!.threshold,
      custodians: custodianExpectations(record),
      ...(recorded ? { recorded } : {}),
    };
  }
  const key = rotation.newWrapKey;
  return {
    format: key.shareFormat,
    threshold: key.threshold,
    custodians: new Map(
      rotation.custodians.map((c) => [c.index, { name: c.name, commitment: c.commitment }]),
    ),
    recorded: {
      kcv: key.kcv,
      policy: {
        wrapKeyId: key.id,
        domains: domainsMask(key.domains),
        capabilities: maskValue(key.capabilities),
        delegatedCapabilities: maskValue(key.delegatedCapabilities),
      },
    },
  };
}

/** The custodians whose shares the authorize step asks for. */
export function authorizeCustodians(source: RotationSource): { index: number; name: string }[] {
  const custodians = source.resuming?.custodians ?? source.folder.record.custodians;
  return custodians.map((c) => ({ index: c.index, name: c.name }));
}
