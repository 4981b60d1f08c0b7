// Shares first, device second (brief step 4): the wrap key is made and split before anything is
// written to the primary. Its bytes are the device's GET PSEUDO RANDOM XOR this computer's
// CSPRNG, so neither source alone decides the key; the 52-byte secret (id, domains,
// capabilities, delegated capabilities, key; interop §3.2) is split M-of-N in the plan's share
// format. Each share is kept as the bytes of its canonical text so it can be wiped after its
// custodian's turn; the record gets only the check value and a salted commitment per share.

import { createShareCommitment, type ShareCommitment } from '../../secrets/commitments';
import { keyCheckValue } from '../../secrets/kcv';
import { splitForManager } from '../../secrets/manager-share';
import { splitForSetup } from '../../secrets/setup-share';
import { systemRandomBytes, type RandomBytes } from '../../secrets/shamir';
import { combineRandomness, encodeWrapSecret, type WrapPolicy } from '../../secrets/wrap-secret';
import { zeroize } from '../../secrets/zeroize';
import {
  FACTORY_KEY_ID,
  FACTORY_PASSWORD,
  isFactoryFresh,
} from '../../hsm/yubihsm/protocol/factory-state';
import type { ResolvedPlan } from './resolved-plan';
import type { ShareFormat } from '../../../shared/ceremony/init-plan';
import type { YubiHsmClient } from '../../hsm/yubihsm/client/yubihsm-client';
import type { ObjectInfo } from '../../hsm/yubihsm/client/object-info';
import { listObjectInfos } from '../common/objects';

export const WRAP_KEY_LENGTH = 32;

export interface WrapKeyMaterial {
  /** The AES-256 wrap key. Zeroize once it is on the device (or the ceremony stops). */
  key: Uint8Array;
  policy: WrapPolicy;
  kcv: string;
  /** UTF-8 bytes of each custodian's canonical share text, in custodian order (share i+1). */
  shares: Uint8Array[];
  commitments: ShareCommitment[];
}

export interface DeviceRandomDraw {
  random: Uint8Array;
  serial: number;
  inventory: ObjectInfo[];
}

/**
 * Reads the device's half of the key in a factory-key session that changes nothing, checking on
 * the way that the device is still the primary chosen at preflight and still factory-fresh.
 */
export async function drawDeviceRandom(client: YubiHsmClient): Promise<DeviceRandomDraw> {
  const { serial } = await client.deviceInfo();
  const session = await client.openSession(FACTORY_KEY_ID, { password: FACTORY_PASSWORD });
  try {
    const inventory = await listObjectInfos(session);
    const random = isFactoryFresh(inventory)
      ? await session.pseudoRandom(WRAP_KEY_LENGTH)
      : new Uint8Array(0);
    return { random, serial, inventory };
  } finally {
    await session.close().catch(() => undefined);
  }
}

export interface MaterialSources {
  /** This computer's CSPRNG (injected only by tests that need known bytes). */
  hostRandom?: RandomBytes;
  /** Coefficients of the split and commitment salts. */
  splitRandom?: RandomBytes;
}

/** Makes the key and its shares. `deviceRandom` is wiped here. */
export function createWrapKeyMaterial(
  deviceRandom: Uint8Array,
  resolved: ResolvedPlan,
  sources: MaterialSources = {},
): WrapKeyMaterial {
  const { plan, capabilities } = resolved;
  return makeWrapKeyMaterial(
    deviceRandom,
    {
      policy: {
        wrapKeyId: plan.wrapKey.id,
        domains: resolved.domains,
        capabilities: capabilities.wrapKey,
        delegatedCapabilities: capabilities.wrapKeyDelegated,
      },
      format: plan.shareFormat,
      threshold: plan.threshold,
      count: plan.custodians.length,
    },
    sources,
  );
}

/**
 * The day-one recipe, for initialization and rotation alike: device random XOR host random, then
 * the split with a salted commitment per share. `deviceRandom` is wiped here.
 */
export function makeWrapKeyMaterial(
  deviceRandom: Uint8Array,
  split: { policy: WrapPolicy; format: ShareFormat; threshold: number; count: number },
  sources: MaterialSources = {},
): WrapKeyMaterial {
  const hostRandom = (sources.hostRandom ?? systemRandomBytes)(WRAP_KEY_LENGTH);
  let key: Uint8Array;
  try {
    key = combineRandomness(deviceRandom, hostRandom);
  } finally {
    zeroize(deviceRandom, hostRandom);
  }
  const { shares, commitments } = splitWrapKey(key, split.policy, split, sources.splitRandom);
  return { key, policy: split.policy, kcv: keyCheckValue(key), shares, commitments };
}

/**
 * Splits a wrap key with its policy (the 52-byte secret, interop §3.2) M-of-N in a share format,
 * with a salted commitment per share: day one's split, and a reshare's split of the same key.
 * Each share comes back as the bytes of its canonical text so it can be wiped after its turn.
 */
export function splitWrapKey(
  key: Uint8Array,
  policy: WrapPolicy,
  split: { format: ShareFormat; threshold: number; count: number },
  splitRandom: RandomBytes = systemRandomBytes,
): { shares: Uint8Array[]; commitments: ShareCommitment[] } {
  const secret = encodeWrapSecret({ ...policy, key });
  let texts: string[];
  try {
    const splitter = split.format === 'yubihsm-manager' ? splitForManager : splitForSetup;
    texts = splitter(secret, split.threshold, split.count, splitRandom);
  } finally {
    secret.fill(0);
  }
  const commitments = texts.map((text) =>
    createShareCommitment(text, splitRandom, { format: split.format, mode: 'strict' }),
  );
  return { shares: texts.map((text) => new TextEncoder().encode(text)), commitments };
}

export function disposeMaterial(material: WrapKeyMaterial | undefined): void {
  if (!material) return;
  material.key.fill(0);
  for (const share of material.shares) share.fill(0);
}
