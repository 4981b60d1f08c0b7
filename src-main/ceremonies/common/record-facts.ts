// What a back-up, restore or verification reads from ceremony.json: the wrap key's policy and
// check value, each custodian's commitment, and which authentication key is the application
// key. The record's plan is free-form JSON (shared/records/ceremony-record.ts), so every read
// of it is defensive.

import type { CeremonyRecord, ObjectRecord } from '../../../shared/records/ceremony-record';
import { domainsMask } from '../../hsm/yubihsm/protocol/domains';
import type { RecordedWrapKey } from '../../secrets';
import type {
  CustodianExpectation,
  ShareExpectations,
  SupersededExpectation,
} from './share-collection';
import { maskValue } from './objects';

export const APPLICATION_KEY_LABEL = 'Application auth key';

/** The wrap key as recorded: its policy (id, domains, capabilities) and check value. */
export function recordedWrapKey(record: CeremonyRecord): RecordedWrapKey | undefined {
  const wrapKey = record.wrapKey;
  if (!wrapKey) return undefined;
  return {
    kcv: wrapKey.kcv,
    policy: {
      wrapKeyId: wrapKey.id,
      domains: domainsMask(wrapKey.domains),
      capabilities: maskValue(wrapKey.capabilities),
      delegatedCapabilities: maskValue(wrapKey.delegatedCapabilities),
    },
  };
}

/** Custodian X holds share X: the commitment and name by share number. */
export function custodianExpectations(record: CeremonyRecord): Map<number, CustodianExpectation> {
  return new Map(
    record.custodians.map((c) => [c.index, { name: c.name, commitment: c.commitment }]),
  );
}

/**
 * The share sets reshares replaced, as the share collector checks them (newest first). A set a
 * rotation replaced is left out: it rebuilds only a key deleted from every device, so its shares
 * are not this ceremony's any more and are refused like any other wrong share.
 */
export function supersededExpectations(record: CeremonyRecord): SupersededExpectation[] {
  return (record.supersededShareSets ?? [])
    .filter((set) => set.by !== 'rotation')
    .map((set) => ({
      supersededAt: set.supersededAt,
      format: set.shareFormat,
      threshold: set.threshold,
      custodians: new Map(
        set.custodians.map((c) => [c.index, { name: c.name, commitment: c.commitment }]),
      ),
    }))
    .reverse();
}

/**
 * Every check a Custos record allows on a share set: the current set's format, threshold and
 * commitments, the recorded check value and policy, and the sets reshares superseded.
 */
export function recordShareExpectations(record: CeremonyRecord): ShareExpectations {
  const wrapKey = record.wrapKey;
  if (!wrapKey) return {};
  const recorded = recordedWrapKey(record);
  const superseded = supersededExpectations(record);
  return {
    format: wrapKey.shareFormat,
    threshold: wrapKey.threshold,
    custodians: custodianExpectations(record),
    ...(recorded ? { recorded } : {}),
    ...(superseded.length > 0 ? { superseded } : {}),
  };
}

function planApplicationKey(record: CeremonyRecord): { id?: number; label: string } {
  const entry = record.plan.applicationKey;
  const plan = entry && typeof entry === 'object' ? (entry as Record<string, unknown>) : {};
  const id =
    typeof plan.id === 'number' && Number.isInteger(plan.id) && plan.id > 0 && plan.id < 0xffff
      ? plan.id
      : undefined;
  const label =
    typeof plan.label === 'string' && plan.label !== '' ? plan.label : APPLICATION_KEY_LABEL;
  return id === undefined ? { label } : { id, label };
}

/**
 * The application authentication key's id: the plan's id, or (when the device picked it) the
 * recorded inventory's authentication key with the application key's label.
 */
export function applicationKeyId(record: CeremonyRecord): number | undefined {
  const plan = planApplicationKey(record);
  if (plan.id !== undefined) return plan.id;
  return record.inventory.find((o) => o.type === 'authentication-key' && o.label === plan.label)
    ?.id;
}

/**
 * Is this authentication key the application key? With a record, by id (or label); without one
 * (interop), by yubihsm-setup's label, or failing that any authentication key that can do more
 * than read the audit log (the audit key's only use).
 */
export function isApplicationKey(
  object: { id: number; type: string; label: string; capabilityNames: readonly string[] },
  record: CeremonyRecord | undefined,
): boolean {
  if (object.type !== 'authentication-key' || object.id === 1) return false;
  if (record) {
    const id = applicationKeyId(record);
    return id !== undefined ? object.id === id : object.label === planApplicationKey(record).label;
  }
  if (object.label === APPLICATION_KEY_LABEL) return true;
  return object.capabilityNames.some(
    (name) => name !== 'get-log-entries' && name !== 'exportable-under-wrap',
  );
}

/** How long a share entry may sit untouched when there is no record to say (yubihsm-setup folders). */
export const DEFAULT_SHARE_HIDE_SECONDS = 60;

/**
 * How long a custodian's share may stay on screen untouched, by the ceremony's own policy: the
 * plan's shareHideSeconds (10..600, shared/ceremony/init-plan.ts), or the default when the plan
 * does not say (a record from before the setting, or none at all).
 */
export function shareHideSeconds(record: CeremonyRecord | undefined): number {
  const value = record?.plan.shareHideSeconds;
  return typeof value === 'number' && Number.isInteger(value) && value >= 10 && value <= 600
    ? value
    : DEFAULT_SHARE_HIDE_SECONDS;
}

/** Objects of the recorded inventory by "type:id". */
export function inventoryByKey(inventory: readonly ObjectRecord[]): Map<string, ObjectRecord> {
  return new Map(inventory.map((o) => [`${o.type}:${o.id}`, o]));
}
