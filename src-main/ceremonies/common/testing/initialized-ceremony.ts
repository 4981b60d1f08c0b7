// Test fixture: a primary initialized the way the initialization ceremony leaves it, built with
// the real client, secrets module and ceremony folder (not the init engine, so these tests do
// not move with it): wrap key 0x0002 (yubihsm-setup 2.3.3+ policy), application key 0x0003 and
// audit key 0x0004 exported under wrap, factory key deleted, shares committed in ceremony.json.

import { randomBytes, randomUUID } from 'node:crypto';
import type { CeremonyRecord, WrappedFileRecord } from '../../../../shared/records/ceremony-record';
import { YubiHsmClient } from '../../../hsm/yubihsm/client/yubihsm-client';
import { Algorithm } from '../../../hsm/yubihsm/protocol/algorithms';
import { capabilities } from '../../../hsm/yubihsm/protocol/capabilities';
import { ObjectType } from '../../../hsm/yubihsm/protocol/object-types';
import { SimulatedYubiHsm } from '../../../hsm/yubihsm/simulator/simulated-yubihsm';
import { SimulatorTransport } from '../../../hsm/yubihsm/transport/simulator-transport';
import type { YubiHsmTransport } from '../../../hsm/yubihsm/transport/transport';
import { CeremonyFolder } from '../../../records/ceremony-folder';
import {
  createShareCommitment,
  encodeWrapSecret,
  keyCheckValue,
  splitForManager,
  splitForSetup,
} from '../../../secrets';
import { readInventory } from '../objects';

export const PRIMARY_SERIAL = 7_550_001;
export const SECONDARY_SERIAL = 7_550_002;
export const WRAP_KEY_ID = 2;
export const APP_KEY_ID = 3;
export const AUDIT_KEY_ID = 4;
export const APP_PASSWORD = 'rehearsal app key passphrase 7';
export const AUDIT_PASSWORD = 'rehearsal audit key passphrase 9';
/** With `rotationKey`: the key that manages wrap keys (put, delete, export, random). */
export const ROTATION_KEY_ID = 5;
export const ROTATION_PASSWORD = 'rehearsal rotation key passphrase 5';
export const CUSTODIAN_NAMES = [
  'Ada Lovelace',
  'Grace Hopper',
  'Katherine Johnson',
  'Radia Perlman',
  'Frances Allen',
] as const;

/** yubihsm-setup 2.3.3+ masks (spec/yubihsm-setup-interop.md §2.1). */
export const MASKS = {
  wrap: 0x3000n,
  wrapDelegated: 0x010539f0n,
  app: 0x000539f0n,
  appDelegated: 0x000509f0n,
  audit: 0x01010000n,
  /** put-wrap-key, export-wrapped, import-wrapped, exportable-under-wrap, get-pseudo-random, delete-wrap-key. */
  rotation: capabilities(
    'put-wrap-key',
    'delete-wrap-key',
    'export-wrapped',
    'import-wrapped',
    'exportable-under-wrap',
    'get-pseudo-random',
  ),
} as const;

export interface InitializedCeremony {
  folderPath: string;
  primary: SimulatedYubiHsm;
  shares: string[];
  kcv: string;
  record: CeremonyRecord;
  /** The wrap key bytes, for tests that build foreign blobs; a real ceremony never keeps them. */
  wrapKey: Uint8Array;
}

export interface FixtureOptions {
  /** yubihsm-setup (default) or yubihsm-manager 1.0 shares. */
  shareFormat?: 'yubihsm-setup' | 'yubihsm-manager';
  threshold?: number;
  custodians?: number;
  primaryStatePath?: string;
  /**
   * Also make a rotation key (id 5) that may put and delete wrap keys, exportable under the wrap
   * key (whose delegated capabilities then include the rotation's) so restores carry it along.
   */
  rotationKey?: boolean;
}

function hex16(mask: bigint): string {
  return `0x${mask.toString(16).padStart(16, '0')}`;
}

export async function initializeCeremony(
  folderPath: string,
  options: FixtureOptions = {},
): Promise<InitializedCeremony> {
  const primary = await SimulatedYubiHsm.create({
    serial: PRIMARY_SERIAL,
    ...(options.primaryStatePath ? { statePath: options.primaryStatePath } : {}),
  });
  const made = await initializeCeremonyOn(
    folderPath,
    new SimulatorTransport(primary, { name: 'primary' }),
    options,
  );
  return { ...made, primary };
}

/** The same on a factory-fresh primary reached through `transport` (an app's embedded simulator, say). */
export async function initializeCeremonyOn(
  folderPath: string,
  transport: YubiHsmTransport,
  options: FixtureOptions = {},
): Promise<Omit<InitializedCeremony, 'primary'>> {
  const threshold = options.threshold ?? 2;
  const count = options.custodians ?? 3;
  const client = new YubiHsmClient(transport);
  const serial = (await client.deviceInfo()).serial;
  const wrapKey = new Uint8Array(randomBytes(32));
  const wrapDelegated = options.rotationKey
    ? MASKS.wrapDelegated | MASKS.rotation
    : MASKS.wrapDelegated;
  const secret = encodeWrapSecret({
    wrapKeyId: WRAP_KEY_ID,
    domains: 1,
    capabilities: MASKS.wrap,
    delegatedCapabilities: wrapDelegated,
    key: wrapKey,
  });
  const shareFormat = options.shareFormat ?? 'yubihsm-setup';
  const shares =
    shareFormat === 'yubihsm-manager'
      ? splitForManager(secret, threshold, count)
      : splitForSetup(secret, threshold, count);
  secret.fill(0);
  const kcv = keyCheckValue(wrapKey);
  const names = CUSTODIAN_NAMES.slice(0, count);
  try {
    const factory = await client.openSession(1, { password: 'password' });
    await factory.putWrapKey({
      id: WRAP_KEY_ID,
      label: 'Wrap key',
      domains: 1,
      capabilities: MASKS.wrap,
      delegatedCapabilities: wrapDelegated,
      algorithm: Algorithm.Aes256CcmWrap,
      key: wrapKey.slice(),
    });
    await factory.putAuthenticationKey({
      id: APP_KEY_ID,
      label: 'Application auth key',
      domains: 1,
      capabilities: MASKS.app,
      delegatedCapabilities: MASKS.appDelegated,
      credential: { password: APP_PASSWORD },
    });
    await factory.putAuthenticationKey({
      id: AUDIT_KEY_ID,
      label: 'Audit auth key',
      domains: 1,
      capabilities: MASKS.audit,
      delegatedCapabilities: 0n,
      credential: { password: AUDIT_PASSWORD },
    });
    if (options.rotationKey)
      await factory.putAuthenticationKey({
        id: ROTATION_KEY_ID,
        label: 'Rotation key',
        domains: 1,
        capabilities: MASKS.rotation,
        delegatedCapabilities: wrapDelegated,
        credential: { password: ROTATION_PASSWORD },
      });
    const record: CeremonyRecord = {
      format: 'custos-ceremony/1',
      id: randomUUID(),
      name: 'Payments HSM rehearsal',
      kind: 'yubihsm2-initialize',
      rehearsal: true,
      status: 'in-progress',
      stage: 'device',
      startedAt: '2026-05-14T09:30:00.000+02:00',
      tool: { name: 'Custos', version: '0.1.0' },
      plan: {
        ceremony: 'Payments HSM rehearsal',
        threshold,
        custodians: [...names],
        applicationKey: { id: APP_KEY_ID, label: 'Application auth key' },
        auditKey: { id: AUDIT_KEY_ID, label: 'Audit auth key' },
      },
      primary: { serial, firmware: '2.4.0', transport: 'simulator', simulated: true },
      wrapKey: {
        id: WRAP_KEY_ID,
        label: 'Wrap key',
        algorithm: 'aes256-ccm-wrap',
        domains: [1],
        capabilities: hex16(MASKS.wrap),
        delegatedCapabilities: hex16(wrapDelegated),
        kcv,
        shareFormat,
        threshold,
        shareCount: count,
      },
      custodians: names.map((name, i) => ({
        index: i + 1,
        name,
        commitment: createShareCommitment(shares[i]!),
      })),
      inventory: [],
      files: [],
    };
    const folder = await CeremonyFolder.create(folderPath, record);
    await folder.log('shares-committed', { custodians: count });
    const files: WrappedFileRecord[] = [];
    for (const [id, type] of [
      [APP_KEY_ID, 'authentication-key'],
      [AUDIT_KEY_ID, 'authentication-key'],
      ...(options.rotationKey ? [[ROTATION_KEY_ID, 'authentication-key'] as const] : []),
    ] as const) {
      files.push(
        await folder.writeWrappedObject(
          id,
          type,
          await factory.exportWrapped(WRAP_KEY_ID, ObjectType.AuthenticationKey, id),
        ),
      );
    }
    await factory.deleteObject(1, ObjectType.AuthenticationKey);
    await factory.close().catch(() => undefined);
    const app = await client.openSession(APP_KEY_ID, { password: APP_PASSWORD });
    const inventory = (await readInventory(app)).map((o) => o.record);
    await app.close();
    await folder.log('ceremony-completed', { kcv, objects: inventory.length });
    const done = await folder.update((r) => ({
      ...r,
      status: 'completed',
      stage: 'finished',
      finishedAt: '2026-05-14T10:30:00.000+02:00',
      inventory,
      files,
    }));
    return { folderPath, shares, kcv, record: done, wrapKey };
  } finally {
    await client.close();
  }
}

/** A single-device access for tests: the engine opens transports to this simulator by id. */
export function simulatorAccess(
  devices: Record<string, { device: SimulatedYubiHsm; transports?: SimulatorTransport[] }>,
) {
  return {
    describe(id: string) {
      const entry = devices[id];
      return entry
        ? {
            id,
            serial: entry.device.serial,
            firmware: entry.device.firmware,
            transport: 'simulator' as const,
            simulated: true,
          }
        : undefined;
    },
    async openTransport(id: string) {
      const entry = devices[id];
      if (!entry) throw new Error(`no device ${id}`);
      const transport = new SimulatorTransport(entry.device, { name: id });
      entry.transports?.push(transport);
      return transport;
    },
  };
}
