// Test support: a ceremony folder as the initialization leaves it once the shares are made — a
// real record (check value, policy, salted commitments) and transcript for a fresh random wrap
// key split M-of-N — without a device, for the tests of ceremonies that need only the shares.

import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { CeremonyRecord } from '../../../../shared/records/ceremony-record';
import { CeremonyFolder } from '../../../records/ceremony-folder';
import { keyCheckValue, type WrapPolicy } from '../../../secrets';
import { splitWrapKey } from '../../init/wrap-key-material';

export const POLICY: WrapPolicy = {
  wrapKeyId: 2,
  domains: 0x0001,
  capabilities: 0x3000n,
  delegatedCapabilities: 0x0000000000004000n,
};

export interface TestCeremony {
  path: string;
  key: Uint8Array;
  kcv: string;
  shares: string[];
  custodians: string[];
}

export async function makeShareCeremony(
  parent: string,
  options: {
    custodians?: string[];
    threshold?: number;
    rehearsal?: boolean;
    format?: 'yubihsm-setup' | 'yubihsm-manager';
  } = {},
): Promise<TestCeremony> {
  const custodians = options.custodians ?? ['Ada Lovelace', 'Grace Hopper', 'Katherine Johnson'];
  const threshold = options.threshold ?? 2;
  const format = options.format ?? 'yubihsm-setup';
  const key = new Uint8Array(randomBytes(32));
  const split = splitWrapKey(key, POLICY, { format, threshold, count: custodians.length });
  const kcv = keyCheckValue(key);
  const record: CeremonyRecord = {
    format: 'custos-ceremony/1',
    id: randomUUID(),
    name: 'Share ceremony under test',
    kind: 'yubihsm2-initialize',
    rehearsal: options.rehearsal ?? true,
    status: 'completed',
    stage: 'finished',
    startedAt: new Date().toISOString(),
    tool: { name: 'Custos', version: 'test' },
    plan: { custodians, threshold, shareFormat: format, shareConfirmation: 'spot-check' },
    primary: { serial: 7550001, firmware: '2.4.0', transport: 'simulator', simulated: true },
    wrapKey: {
      id: POLICY.wrapKeyId,
      label: 'Wrap key',
      algorithm: 'aes256-ccm-wrap',
      domains: [1],
      capabilities: '0x0000000000003000',
      delegatedCapabilities: '0x0000000000004000',
      kcv,
      shareFormat: format,
      threshold,
      shareCount: custodians.length,
    },
    custodians: custodians.map((name, i) => ({
      index: i + 1,
      name,
      commitment: split.commitments[i]!,
    })),
    inventory: [],
    files: [],
  };
  const path = join(parent, `ceremony-${record.id.slice(0, 8)}`);
  const folder = await CeremonyFolder.create(path, record);
  await folder.log('shares-made', { threshold, count: custodians.length, kcv });
  const shares = split.shares.map((bytes) => new TextDecoder().decode(bytes));
  return { path, key, kcv, shares, custodians };
}
