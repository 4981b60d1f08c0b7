// Interop: a folder as yubihsm-setup leaves it — no Custos record, .yhw files wrapped offline the
// way yubihsm-wrap does (spec yubihsm2-protocol.md §6.4) — restored from the yubihsm-setup-shaped
// share vectors of spec/yubihsm-setup-interop.md §3.5 (wrap key 0x0002, domain 1, caps 0x3000,
// delegated 0x010539f0, key 00 01 … 1f). The restore runs in interop mode, checks the key by
// whether it opens the backups, and the imported keys work on the secondary.

import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { YubiHsmClient } from '../../hsm/yubihsm/client/yubihsm-client';
import { Algorithm } from '../../hsm/yubihsm/protocol/algorithms';
import { capabilities } from '../../hsm/yubihsm/protocol/capabilities';
import { ObjectType } from '../../hsm/yubihsm/protocol/object-types';
import { SimulatedYubiHsm } from '../../hsm/yubihsm/simulator/simulated-yubihsm';
import { SimulatorTransport } from '../../hsm/yubihsm/transport/simulator-transport';
import { simulatorAccess } from '../common/testing/initialized-ceremony';
import { restoreFromFiles } from './restore-from-files';
import { INTEROP_NOTE } from './restore-source';
import { authenticationKeyBody, ecP256Key, wrapOffline } from './testing/yubihsm-wrap';

/** spec/yubihsm-setup-interop.md §3.5, K=2 n=3 and K=3 n=5. */
const SETUP_2_OF_3 = [
  '2-1-KXC7BU2W3yhxujNMld4ncLgHcmTdJ227BU+V2y1nvQtFn9UrfaftW4XPNXut512LxT91qw',
  '2-2-UuZrCZoxo1DiaTaYN6FO4G4Br8WnTdxuBpE9okLVeQueNKVHymDxgyu8UM9v+JQms1nIag',
  '2-3-e5TQDdenfHiT0zXUon9pkNcD5FF6a7PWB9uufme7zgvXpn5jp9YOy7pmc6PaBtO2anuj3g',
];
const SETUP_3_OF_5 = [
  '3-1-u1VLTsv3279bd3vPy9e7X3pS8j/Ltll8X7LNyMNecVS32sXAW2ZJrM/i3VhTTqHE58pVUA',
  '3-2-4kb3rYgzIOZ4g4CMzzT6fL6BqTtI72K4vGHRSwd9rbdU7l4EGKKyT8sxARtXrVrABD4OVA',
  '3-3-WRG84kPE+1kj9MtDBONBI8XWYvSDWDnH59YahMwq1ujvOZXLU9Xp8BDGylQc+uEf/+lFGw',
  '3-4-xwVqjAFBVv/vstU5jk6X11u4aEa7jr1hUZHYhDyuAGZwi+UDQgMXV3omcn3FBDZNxyEc+g',
  '3-5-fFIhw8q2jUC0xZ72RZksiCDvo4lwOeYeCiYTS/f5eznLXC7MCXRM6KHRuTKOU42SPPZXtQ',
];
const WRAP_KEY = Uint8Array.from({ length: 32 }, (_, i) => i);
const APP_PASSWORD = 'interop application password';
const EC_KEY_ID = 0x0010;

let dir: string;
let secondary: SimulatedYubiHsm;
let ecPublicKey: Uint8Array;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custos-interop-'));
  const ec = ecP256Key();
  ecPublicKey = ec.publicKey;
  // What `yubihsm-setup ksp` + `dump` leave behind, made offline with the spec's wrap key.
  await writeFile(
    join(dir, '0x0003-authentication-key.yhw'),
    wrapOffline(WRAP_KEY, {
      id: 3,
      type: ObjectType.AuthenticationKey,
      algorithm: Algorithm.Aes128YubicoAuthentication,
      label: 'Application auth key',
      domains: 1,
      capabilities: 0x000539f0n,
      body: await authenticationKeyBody(APP_PASSWORD, 0x000509f0n),
    }),
  );
  await writeFile(
    join(dir, '0x0010-asymmetric-key.yhw'),
    wrapOffline(WRAP_KEY, {
      id: EC_KEY_ID,
      type: ObjectType.AsymmetricKey,
      algorithm: Algorithm.EcP256,
      label: 'TLS signing key',
      domains: 1,
      capabilities: capabilities('sign-ecdsa', 'exportable-under-wrap'),
      body: ec.body,
    }),
  );
  ec.body.fill(0);
  secondary = await SimulatedYubiHsm.create({ serial: 12_345_678 });
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

function restore(shares: string[], password?: string) {
  return restoreFromFiles({
    folderPath: dir,
    access: simulatorAccess({ 'sim:secondary': { device: secondary } }),
    deviceId: 'sim:secondary',
    shares: shares.map((text, i) => ({ path: `share-${i + 1}.txt`, text })),
    ...(password ? { proof: { credential: { password } } } : {}),
  });
}

async function signOnSecondary(message: Uint8Array): Promise<Uint8Array> {
  const client = new YubiHsmClient(new SimulatorTransport(secondary));
  try {
    const session = await client.openSession(3, { password: APP_PASSWORD });
    return await session.signEcdsa(
      EC_KEY_ID,
      new Uint8Array(createHash('sha256').update(message).digest()),
    );
  } finally {
    await client.close();
  }
}

function typo(text: string, index: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  return (
    text.slice(0, index) +
    alphabet[(alphabet.indexOf(text[index]!) + 5) % 64]! +
    text.slice(index + 1)
  );
}

describe('restoring from a yubihsm-setup folder (no Custos record)', () => {
  it('recovers the spec wrap key from shares 1 and 3 of the 2-of-3 set, imports the yubihsm-wrap files, and the EC key signs', async () => {
    const run = await restore([SETUP_2_OF_3[0]!, SETUP_2_OF_3[2]!], APP_PASSWORD);
    expect(run.source.mode).toBe('interop');
    expect(INTEROP_NOTE).toMatch(/no Custos ceremony record/);
    expect(run.result.files).toEqual([
      {
        file: '0x0003-authentication-key.yhw',
        status: 'imported',
        objectId: 3,
        type: 'authentication-key',
        label: 'Application auth key',
      },
      {
        file: '0x0010-asymmetric-key.yhw',
        status: 'imported',
        objectId: EC_KEY_ID,
        type: 'asymmetric-key',
        label: 'TLS signing key',
      },
    ]);
    expect(run.confirmedBy).toEqual(['the key opens the .yhw backups']);
    expect(run.result.factoryKey.decision).toBe('deleted');
    expect(run.result.applicationKeyProven).toBe(true);

    const message = new TextEncoder().encode('interop challenge');
    const signature = await signOnSecondary(message);
    const publicKey = createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: Buffer.from(ecPublicKey.subarray(0, 32)).toString('base64url'),
        y: Buffer.from(ecPublicKey.subarray(32)).toString('base64url'),
      },
      format: 'jwk',
    });
    expect(verify('sha256', message, publicKey, signature)).toBe(true);
    expect(await readdir(dir)).toEqual([
      '0x0003-authentication-key.yhw',
      '0x0010-asymmetric-key.yhw',
    ]);
  });

  it('recovers the same key from shares 2, 4 and 5 of the 3-of-5 set', async () => {
    const run = await restore([SETUP_3_OF_5[1]!, SETUP_3_OF_5[3]!, SETUP_3_OF_5[4]!]);
    expect(run.shareNumbers).toEqual([2, 4, 5]);
    expect(run.result.complete).toBe(true);
    const client = new YubiHsmClient(new SimulatorTransport(secondary));
    const session = await client.openSession(3, { password: APP_PASSWORD });
    expect(await session.getObjectInfo(2, ObjectType.WrapKey)).toMatchObject({
      label: 'Wrap key',
      domains: 1,
      capabilities: 0x3000n,
      delegatedCapabilities: 0x010539f0n,
      algorithm: Algorithm.Aes256CcmWrap,
    });
    await client.close();
  });

  it('notices a typo in the key part of a share with exactly K shares: the key opens none of the backups', async () => {
    await expect(restore([typo(SETUP_2_OF_3[0]!, 50), SETUP_2_OF_3[1]!])).rejects.toThrow(
      /opens none of the \.yhw files: a share is mistyped.*Call another custodian: with one more share Custos can tell which one is wrong/,
    );
    const client = new YubiHsmClient(new SimulatorTransport(secondary));
    const session = await client.openSession(1, { password: 'password' });
    expect(await session.listObjects()).toHaveLength(1);
    await client.close();
  });

  it('with one spare share, finds the mistyped one by which key opens the backups and leaves it out', async () => {
    const run = await restore([typo(SETUP_2_OF_3[0]!, 50), SETUP_2_OF_3[1]!, SETUP_2_OF_3[2]!]);
    expect(run.shareNumbers).toEqual([2, 3]);
    expect(run.warnings.join(' ')).toMatch(
      /share 1 did not agree with the others and was left out: mistyped/,
    );
    expect(run.result.complete).toBe(true);
  });

  it('refuses shares of two different sets (mixed thresholds)', async () => {
    await expect(restore([SETUP_2_OF_3[0]!, SETUP_3_OF_5[1]!])).rejects.toThrow(
      /share-2\.txt: This share says threshold 3 \(the digit before the first dash\), but the shares entered before say 2/,
    );
  });
});
