// A ceremony rehearsed end to end on two persisted simulators through the app's own client and
// transport (DESIGN.md): initialize the primary as yubihsm-setup ksp does, restart it, back up,
// restore the secondary from the wrap key and the blobs, verify the clone signs for the
// primary's public key, then search the user-data folder for the wrap key.

import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { YubiHsmClient } from '../client/yubihsm-client';
import { Algorithm } from '../protocol/algorithms';
import { capabilities } from '../protocol/capabilities';
import { ObjectType } from '../protocol/object-types';
import { SimulatorTransport } from '../transport/simulator-transport';
import { SimulatedYubiHsm } from './simulated-yubihsm';

let userData: string;

beforeEach(async () => {
  userData = await mkdtemp(join(tmpdir(), 'custos-rehearsal-'));
});

afterEach(async () => {
  await rm(userData, { recursive: true, force: true });
});

async function connect(name: string): Promise<{ device: SimulatedYubiHsm; client: YubiHsmClient }> {
  const device = await SimulatedYubiHsm.create({ statePath: join(userData, `${name}.json`) });
  return { device, client: new YubiHsmClient(new SimulatorTransport(device, { name })) };
}

// yubihsm-setup 2.3.3+ ksp policy (spec yubihsm-setup-interop.md §2.1), EC only.
const WRAP_CAPS = 0x3000n;
const WRAP_DELEGATED = 0x0105_39f0n;
const APP_CAPS = 0x0005_39f0n;
const APP_DELEGATED = 0x0005_09f0n;

describe('rehearsal on simulated devices', () => {
  it('initializes, restarts, backs up, restores and verifies a clone without the wrap key touching disk', async () => {
    const wrapKey = new Uint8Array(createHash('sha256').update('rehearsal wrap key').digest());
    const appPassword = 'application password';

    // Initialize the primary.
    let primary = await connect('primary');
    const primarySerial = primary.device.serial;
    let session = await primary.client.openSession(1, { password: 'password' });
    expect(
      await session.putWrapKey({
        id: 2,
        label: 'Wrap key',
        domains: 1,
        capabilities: WRAP_CAPS,
        delegatedCapabilities: WRAP_DELEGATED,
        algorithm: Algorithm.Aes256CcmWrap,
        key: wrapKey,
      }),
    ).toBe(2);
    expect(
      await session.putAuthenticationKey({
        id: 3,
        label: 'Application auth key',
        domains: 1,
        capabilities: APP_CAPS,
        delegatedCapabilities: APP_DELEGATED,
        credential: { password: appPassword },
      }),
    ).toBe(3);
    await session.deleteObject(1, ObjectType.AuthenticationKey);
    await session.close();
    await primary.client.close();

    // The application key signs on the primary; a restart keeps everything.
    primary = await connect('primary');
    expect(primary.device.serial).toBe(primarySerial);
    session = await primary.client.openSession(3, { password: appPassword });
    const signingKey = await session.generateAsymmetricKey({
      id: 0x10,
      label: 'signing',
      domains: 1,
      capabilities: capabilities('sign-ecdsa', 'exportable-under-wrap'),
      algorithm: Algorithm.EcP256,
    });
    const publicKey = await session.getPublicKey(signingKey);
    const blobs = [
      {
        type: ObjectType.AuthenticationKey,
        blob: await session.exportWrapped(2, ObjectType.AuthenticationKey, 3),
      },
      {
        type: ObjectType.AsymmetricKey,
        blob: await session.exportWrapped(2, ObjectType.AsymmetricKey, signingKey),
      },
    ];
    const inventory = await session.listObjects();
    await session.close();
    await primary.client.close();

    // Restore the factory-fresh secondary from the wrap key and the blobs.
    const secondary = await connect('secondary');
    let restore = await secondary.client.openSession(1, { password: 'password' });
    await restore.putWrapKey({
      id: 2,
      label: 'Wrap key',
      domains: 1,
      capabilities: WRAP_CAPS,
      delegatedCapabilities: WRAP_DELEGATED,
      algorithm: Algorithm.Aes256CcmWrap,
      key: wrapKey,
    });
    for (const { type, blob } of blobs)
      expect((await restore.importWrapped(2, blob)).type).toBe(type);
    await restore.deleteObject(1, ObjectType.AuthenticationKey);
    await restore.close();

    // Verify the clone: same inventory, and it signs for the primary's public key.
    restore = await secondary.client.openSession(3, { password: appPassword });
    expect((await restore.listObjects()).map((o) => `${o.type}:${o.id}`).sort()).toEqual(
      inventory.map((o) => `${o.type}:${o.id}`).sort(),
    );
    const info = await restore.getObjectInfo(signingKey, ObjectType.AsymmetricKey);
    expect(info.origin).toBe(0x11);
    const message = new TextEncoder().encode('clone check');
    const signature = await restore.signEcdsa(
      signingKey,
      new Uint8Array(createHash('sha256').update(message).digest()),
    );
    const x = publicKey.key.subarray(0, 32);
    const y = publicKey.key.subarray(32);
    const key = createPublicKey({
      format: 'jwk',
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: Buffer.from(x).toString('base64url'),
        y: Buffer.from(y).toString('base64url'),
      },
    });
    expect(verify('sha256', message, { key, dsaEncoding: 'der' }, signature)).toBe(true);
    await restore.close();
    await secondary.client.close();

    // What stayed on disk: per device its state, storage key and lock (this process's pid),
    // none holding the wrap key in hex or base64.
    const names = await readdir(userData);
    expect(names.sort()).toEqual([
      'primary.json',
      'primary.json.lock',
      'primary.json.storage-key',
      'secondary.json',
      'secondary.json.lock',
      'secondary.json.storage-key',
    ]);
    for (const name of names) {
      const text = (await readFile(join(userData, name))).toString('latin1');
      for (const needle of [
        Buffer.from(wrapKey).toString('hex'),
        Buffer.from(wrapKey).toString('hex').toUpperCase(),
        Buffer.from(wrapKey).toString('base64'),
        Buffer.from(wrapKey).toString('latin1'),
      ]) {
        expect(text.includes(needle)).toBe(false);
      }
    }
  }, 60_000);
});
