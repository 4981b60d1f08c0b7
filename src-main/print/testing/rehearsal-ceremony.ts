// Test fixture: a 3-of-5 ceremony folder built with the real share code, reproducing the
// yubihsm-setup-shaped vector of spec/yubihsm-setup-interop.md §3.5 (secret: wrap key id 0x0002,
// domain 1, caps 0x3000, delegated 0x010539f0, key 00 01 … 1f; random byte i = (73·i + 41) mod
// 256, the 3-of-5 split drawing from i = 52 on).

import { randomUUID } from 'node:crypto';
import type { CeremonyRecord } from '../../../shared/records/ceremony-record';
import { CeremonyFolder } from '../../records/ceremony-folder';
import { createShareCommitment } from '../../secrets/commitments';
import { keyCheckValue } from '../../secrets/kcv';
import { splitForSetup } from '../../secrets/setup-share';
import type { RandomBytes } from '../../secrets/shamir';
import { encodeWrapSecret } from '../../secrets/wrap-secret';

export const SPEC_THREE_OF_FIVE = [
  '3-1-u1VLTsv3279bd3vPy9e7X3pS8j/Ltll8X7LNyMNecVS32sXAW2ZJrM/i3VhTTqHE58pVUA',
  '3-2-4kb3rYgzIOZ4g4CMzzT6fL6BqTtI72K4vGHRSwd9rbdU7l4EGKKyT8sxARtXrVrABD4OVA',
  '3-3-WRG84kPE+1kj9MtDBONBI8XWYvSDWDnH59YahMwq1ujvOZXLU9Xp8BDGylQc+uEf/+lFGw',
  '3-4-xwVqjAFBVv/vstU5jk6X11u4aEa7jr1hUZHYhDyuAGZwi+UDQgMXV3omcn3FBDZNxyEc+g',
  '3-5-fFIhw8q2jUC0xZ72RZksiCDvo4lwOeYeCiYTS/f5eznLXC7MCXRM6KHRuTKOU42SPPZXtQ',
] as const;

export const CUSTODIANS = [
  'Ada Lovelace',
  'Grace Hopper',
  'Katherine Johnson',
  'Radia Perlman',
  'Frances Allen',
] as const;

/** The spec's deterministic stand-in for the OS random generator, starting at byte `from`. */
export function specRandom(from: number): RandomBytes {
  let next = from;
  return (length) => Uint8Array.from({ length }, () => (73 * next++ + 41) % 256);
}

export interface FixtureOptions {
  rehearsal?: boolean;
  simulated?: boolean;
  contact?: string;
  custodians?: readonly string[];
  name?: string;
}

export interface FixtureCeremony {
  folder: CeremonyFolder;
  record: CeremonyRecord;
  shares: string[];
  kcv: string;
}

/** Writes ceremony.json for a 3-of-5 ceremony in `path` and returns the shares it committed to. */
export async function createThreeOfFiveCeremony(
  path: string,
  options: FixtureOptions = {},
): Promise<FixtureCeremony> {
  const key = Uint8Array.from({ length: 32 }, (_, i) => i);
  const secret = encodeWrapSecret({
    wrapKeyId: 2,
    domains: 1,
    capabilities: 0x3000n,
    delegatedCapabilities: 0x010539f0n,
    key,
  });
  const shares = splitForSetup(secret, 3, 5, specRandom(52));
  secret.fill(0);
  const kcv = keyCheckValue(key);
  key.fill(0);
  const names = options.custodians ?? CUSTODIANS;
  const simulated = options.simulated ?? true;
  const record: CeremonyRecord = {
    format: 'custos-ceremony/1',
    id: randomUUID(),
    name: options.name ?? 'Payments HSM rehearsal',
    kind: 'yubihsm2-initialize',
    rehearsal: options.rehearsal ?? true,
    status: 'in-progress',
    stage: 'shares',
    startedAt: '2026-05-14T09:30:00.000+02:00',
    tool: { name: 'Custos', version: '0.1.0' },
    plan: {
      ceremony: options.name ?? 'Payments HSM rehearsal',
      threshold: 3,
      ...(options.contact ? { contact: options.contact } : {}),
    },
    primary: {
      serial: 12345678,
      firmware: '2.4.0',
      transport: simulated ? 'simulator' : 'usb',
      simulated,
    },
    wrapKey: {
      id: 2,
      label: 'Wrap key',
      algorithm: 'aes256-ccm-wrap',
      domains: [1],
      capabilities: '0x0000000000003000',
      delegatedCapabilities: '0x00000000010539f0',
      kcv,
      shareFormat: 'yubihsm-setup',
      threshold: 3,
      shareCount: 5,
    },
    custodians: names.map((name, i) => ({
      index: i + 1,
      name,
      commitment: createShareCommitment(shares[i]!),
    })),
    inventory: [],
    files: [],
  };
  const folder = await CeremonyFolder.create(path, record);
  // A ceremony's transcript starts with its first event; CeremonyFolder.open expects one.
  await folder.log('shares-committed', { custodians: record.custodians.length });
  return { folder, record: folder.record, shares, kcv };
}
