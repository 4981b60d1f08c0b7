// The plan as it will be carried out: every object id fixed. The wrap key's id goes inside the
// shares (spec/yubihsm-setup-interop.md §3.2) before the device is touched, so "0 = the device
// picks" cannot apply to it; Custos picks a free id from the preflight inventory instead, and
// does the same for the authentication keys so a retry knows which objects are its own.

import type { InitPlan } from '../../../shared/ceremony/init-plan';
import type { ObjectInfo } from '../../hsm/yubihsm/client/object-info';
import { domainsMask } from '../../hsm/yubihsm/protocol/domains';
import type { CapabilitySet } from './capability-profile';
import type { DeviceIdentity } from '../common/device-access';
import { withoutPasswordFiles } from './plan-draft';

export type PlannedObject = 'wrapKey' | 'applicationKey' | 'auditKey';

export interface ResolvedPlan {
  /** The plan with every id filled in (no password file paths). */
  plan: InitPlan;
  /** Which ids Custos picked because the plan said 0. */
  chosenIds: PlannedObject[];
  capabilities: CapabilitySet;
  domains: number;
  folder: string;
  primary: DeviceIdentity;
}

/** The label every tool gives the wrap key (interop §2 step 4, §4 step 5). */
export const WRAP_KEY_LABEL = 'Wrap key';

/** Lowest id from 2 up that no object on the device and no other planned object uses. */
function freeId(taken: Set<number>): number {
  for (let id = 2; id <= 0xfffe; id++) if (!taken.has(id)) return id;
  throw new Error('every object id on the primary is taken');
}

export function resolvePlan(
  plan: InitPlan,
  capabilities: CapabilitySet,
  inventory: readonly ObjectInfo[],
  folder: string,
  primary: DeviceIdentity,
): ResolvedPlan {
  const resolved = withoutPasswordFiles(plan) as InitPlan;
  const taken = new Set<number>(inventory.map((object) => object.id));
  for (const id of [plan.wrapKey.id, plan.applicationKey.id, plan.auditKey?.id ?? 0])
    if (id !== 0) taken.add(id);
  const chosenIds: PlannedObject[] = [];
  const fill = (name: PlannedObject, entry: { id: number } | undefined) => {
    if (!entry || entry.id !== 0) return;
    entry.id = freeId(taken);
    taken.add(entry.id);
    chosenIds.push(name);
  };
  fill('wrapKey', resolved.wrapKey);
  fill('applicationKey', resolved.applicationKey);
  fill('auditKey', resolved.auditKey);
  return {
    plan: resolved,
    chosenIds,
    capabilities,
    domains: domainsMask(plan.domains),
    folder,
    primary,
  };
}
