// The whole backup officer's day against real simulators: initialize → back up (with rehearsal
// keys) → restore onto a second simulator → verify, everything matching and every signing key
// proven; then clones that differ — an object missing, and a key forged with the same id, label
// and capabilities — which only the signature check can catch.

import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { YubiHsmClient } from '../../hsm/yubihsm/client/yubihsm-client';
import { Algorithm } from '../../hsm/yubihsm/protocol/algorithms';
import { capabilities } from '../../hsm/yubihsm/protocol/capabilities';
import { ObjectType } from '../../hsm/yubihsm/protocol/object-types';
import { SimulatedYubiHsm } from '../../hsm/yubihsm/simulator/simulated-yubihsm';
import { SimulatorTransport } from '../../hsm/yubihsm/transport/simulator-transport';
import { CeremonyFolder } from '../../records/ceremony-folder';
import { checkTranscript } from '../../records/transcript';
import { SHEET_CSP } from '../../print/sheet-policy';
import { deviceRecord, withDevice, withSession } from '../common/device-access';
import {
  APP_KEY_ID,
  APP_PASSWORD,
  PRIMARY_SERIAL,
  SECONDARY_SERIAL,
  WRAP_KEY_ID,
  initializeCeremony,
  simulatorAccess,
  type InitializedCeremony,
} from '../common/testing/initialized-ceremony';
import { planBackup } from '../backup/backup-plan';
import { runBackup } from '../backup/backup-run';
import { generateRehearsalKeys } from '../backup/rehearsal-keys';
import { restoreFromFiles } from '../restore/restore-from-files';
import { ecP256Key, wrapOffline } from '../restore/testing/yubihsm-wrap';
import { verifyClone } from './verify-clone';

let dir: string;
let ceremony: InitializedCeremony;
let secondary: SimulatedYubiHsm;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custos-verify-'));
  ceremony = await initializeCeremony(join(dir, 'ceremony'));
  const folder = await CeremonyFolder.open(ceremony.folderPath);
  await withDevice(primaryAccess(), 'sim:primary', (device) =>
    withSession(device, APP_KEY_ID, { password: APP_PASSWORD }, 'the primary', async (session) => {
      const keys = await generateRehearsalKeys(session, true, 1, folder);
      const plan = await planBackup(session, folder.path, WRAP_KEY_ID);
      await runBackup({
        session,
        folder,
        plan,
        device: deviceRecord(device),
        replace: new Set(),
        sampleKeys: keys.map((k) => k.id),
        clock: () => new Date(),
      });
    }),
  );
  secondary = await SimulatedYubiHsm.create({ serial: SECONDARY_SERIAL });
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

function primaryAccess() {
  return simulatorAccess({ 'sim:primary': { device: ceremony.primary } });
}

function bothAccess() {
  return simulatorAccess({
    'sim:primary': { device: ceremony.primary },
    'sim:secondary': { device: secondary },
  });
}

async function restoreSecondary(): Promise<void> {
  await restoreFromFiles({
    folderPath: ceremony.folderPath,
    access: bothAccess(),
    deviceId: 'sim:secondary',
    shares: [
      { path: '1-ada.txt', text: ceremony.shares[0]! },
      { path: '2-grace.txt', text: ceremony.shares[1]! },
    ],
    proof: { credential: { password: APP_PASSWORD } },
  });
}

function verify(extra: { primaryId?: string; password?: string } = {}) {
  return verifyClone({
    folderPath: ceremony.folderPath,
    access: bothAccess(),
    secondaryId: 'sim:secondary',
    credential: { password: extra.password ?? APP_PASSWORD },
    toolVersion: '0.1.0',
    clock: () => new Date('2026-06-01T10:10:00.000Z'),
    ...(extra.primaryId ? { primaryId: extra.primaryId } : {}),
  });
}

describe('verifying a restored clone', () => {
  it('initialize → dump → restore → verify: every object matches and every signing key signs', async () => {
    await restoreSecondary();
    const result = await verify();
    expect(result.entry.allMatch).toBe(true);
    expect(result.entry.against).toBe('record');
    expect(result.entry.objects.map((o) => o.status)).toEqual(
      result.entry.objects.map(() => 'match'),
    );
    expect(result.entry.objects.map((o) => o.type).sort()).toEqual([
      'asymmetric-key',
      'asymmetric-key',
      'asymmetric-key',
      'authentication-key',
      'authentication-key',
      'wrap-key',
    ]);
    expect(result.entry.signatures.map((s) => [s.algorithm, s.status]).sort()).toEqual([
      ['ecp256', 'verified'],
      ['ed25519', 'verified'],
      ['rsa2048', 'verified'],
    ]);
    expect(result.entry.signatures.find((s) => s.algorithm === 'rsa2048')!.detail).toMatch(
      /PKCS#1 v1\.5 with SHA-256/,
    );
    expect(result.summary).toBe(
      'The clone matches: 6 objects match, 3 signing keys verified. Report: verification-20260601-101000-7550002.html.',
    );

    const html = await readFile(result.reportPath, 'utf8');
    expect(html).toContain(`content="${SHEET_CSP}"`);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('The clone matches the primary');
    expect(html).toContain('REHEARSAL');
    expect(html).not.toMatch(/src="(?!data:)|href="http/);
    // The KSP application key may neither read GET OPAQUE 0 nor sign attestation certificates:
    // the report says attestation was not available, and why, instead of failing the clone.
    expect(result.entry.attestation).toEqual({
      available: false,
      reason: `Attestation was not available: the authentication key 0x0003 used for the verification lacks the get-opaque capability, so the device would not give its attestation certificate (GET OPAQUE 0). Verify with a key that has get-opaque and sign-attestation-certificate to add it.`,
      keys: [],
    });
    expect(html).toContain('Attestation by the device');
    expect(html).toContain('lacks the get-opaque capability');

    const folder = await CeremonyFolder.open(ceremony.folderPath);
    expect(folder.record.verifications).toHaveLength(1);
    expect(folder.record.verifications![0]).toMatchObject({
      allMatch: true,
      primarySerial: PRIMARY_SERIAL,
      device: { serial: SECONDARY_SERIAL },
      report: 'verification-20260601-101000-7550002.html',
    });
    const transcript = checkTranscript(
      await readFile(join(ceremony.folderPath, 'transcript.jsonl'), 'utf8'),
    );
    expect(transcript.ok && transcript.lines.at(-1)!.event).toBe('clone-verified');
    expect(result.transcriptHead).toBe(transcript.ok ? transcript.head : '');
  });

  it('compares with the live primary when it is plugged in', async () => {
    await restoreSecondary();
    const result = await verify({ primaryId: 'sim:primary' });
    expect(result.entry.against).toBe('live-primary');
    expect(result.entry.allMatch).toBe(true);
    expect(result.entry.signatures.filter((s) => s.status === 'verified')).toHaveLength(3);
  });

  it('without a record, compares with the live primary and writes the report and its JSON next to the files', async () => {
    await restoreSecondary();
    const bare = join(dir, 'bare');
    await mkdir(bare);
    await expect(
      verifyClone({
        folderPath: bare,
        access: bothAccess(),
        secondaryId: 'sim:secondary',
        authKeyId: APP_KEY_ID,
        credential: { password: APP_PASSWORD },
        toolVersion: '0.1.0',
      }),
    ).rejects.toThrow(
      /holds no Custos ceremony record to compare the clone with: plug in the primary/,
    );
    const result = await verifyClone({
      folderPath: bare,
      access: bothAccess(),
      secondaryId: 'sim:secondary',
      primaryId: 'sim:primary',
      authKeyId: APP_KEY_ID,
      credential: { password: APP_PASSWORD },
      toolVersion: '0.1.0',
      clock: () => new Date('2026-06-01T10:10:00.000Z'),
    });
    expect(result.entry).toMatchObject({
      against: 'live-primary',
      allMatch: true,
      primarySerial: PRIMARY_SERIAL,
    });
    expect((await readdir(bare)).sort()).toEqual([
      'verification-20260601-101000-7550002.html',
      'verification-20260601-101000-7550002.json',
    ]);
    expect(
      JSON.parse(await readFile(join(bare, 'verification-20260601-101000-7550002.json'), 'utf8')),
    ).toMatchObject({ allMatch: true });
  });

  it('names an object that never reached the clone', async () => {
    const folder = await CeremonyFolder.open(ceremony.folderPath);
    const ed = folder.record.inventory.find((o) => o.algorithm === 'ed25519')!;
    await rm(
      join(ceremony.folderPath, folder.record.files.find((f) => f.objectId === ed.id)!.file),
    );
    await restoreSecondary();
    const result = await verify();
    expect(result.entry.allMatch).toBe(false);
    expect(result.entry.objects.find((o) => o.objectId === ed.id)!.status).toBe('missing');
    expect(result.summary).toMatch(
      new RegExp(`asymmetric-key 0x${ed.id.toString(16).padStart(4, '0')} is missing on the clone`),
    );
    expect(await readFile(result.reportPath, 'utf8')).toContain('MISSING on the clone');
  });

  it('catches a forged key with the same id, label and capabilities by its signature', async () => {
    const folder = await CeremonyFolder.open(ceremony.folderPath);
    const ec = folder.record.inventory.find((o) => o.algorithm === 'ecp256')!;
    // Build the clone by hand: the real wrap key and files, except the EC key, which is a new key
    // wrapped offline with the same id, label, domains and capabilities.
    const client = new YubiHsmClient(new SimulatorTransport(secondary));
    const factory = await client.openSession(1, { password: 'password' });
    await factory.putWrapKey({
      id: WRAP_KEY_ID,
      label: 'Wrap key',
      domains: 1,
      capabilities: 0x3000n,
      delegatedCapabilities: 0x010539f0n,
      algorithm: Algorithm.Aes256CcmWrap,
      key: ceremony.wrapKey.slice(),
    });
    for (const file of folder.record.files.filter((f) => f.objectId !== ec.id)) {
      await factory.importWrapped(
        WRAP_KEY_ID,
        Uint8Array.from(
          Buffer.from(await readFile(join(ceremony.folderPath, file.file), 'latin1'), 'base64'),
        ),
      );
    }
    const forged = ecP256Key();
    await factory.importWrapped(
      WRAP_KEY_ID,
      Uint8Array.from(
        Buffer.from(
          wrapOffline(ceremony.wrapKey, {
            id: ec.id,
            type: ObjectType.AsymmetricKey,
            algorithm: Algorithm.EcP256,
            label: ec.label,
            domains: 1,
            capabilities: capabilities('sign-ecdsa', 'exportable-under-wrap'),
            body: forged.body,
          }),
          'base64',
        ),
      ),
    );
    await factory.deleteObject(1, ObjectType.AuthenticationKey);
    await client.close();

    const result = await verify();
    expect(result.entry.objects.every((o) => o.status === 'match')).toBe(true);
    const check = result.entry.signatures.find((s) => s.objectId === ec.id)!;
    expect(check.status).toBe('failed');
    expect(check.detail).toMatch(
      /does not verify with the primary's public key, so the clone holds a different key/,
    );
    expect(result.entry.allMatch).toBe(false);
    expect(result.summary).toMatch(/signing key 0x[0-9a-f]{4} failed its signature check/);
  });

  it("does not call a clone verified while a signing key could not be checked (the record lacks the primary's public key), and names the key", async () => {
    const folder = await CeremonyFolder.open(ceremony.folderPath);
    const ec = folder.record.inventory.find((o) => o.algorithm === 'ecp256')!;
    await folder.update((r) => ({
      ...r,
      inventory: r.inventory.map((o) =>
        o.id === ec.id && o.type === ec.type ? { ...o, publicKey: undefined } : o,
      ),
    }));
    await restoreSecondary();
    const result = await verify();
    expect(result.entry.objects.every((o) => o.status === 'match')).toBe(true);
    expect(result.entry.signatures.find((s) => s.objectId === ec.id)).toMatchObject({
      status: 'not-checked',
    });
    expect(result.entry.allMatch).toBe(false);
    const id = `0x${ec.id.toString(16).padStart(4, '0')}`;
    expect(result.summary).toBe(
      `The clone is not fully verified: every object matches, but signing key ${id} was not checked (the primary's public key for this object was not recorded, so a signature cannot be checked against it): that key is not proven to be the primary's. Report: verification-20260601-101000-7550002.html.`,
    );
    const html = await readFile(result.reportPath, 'utf8');
    expect(html).toContain(
      `The clone is NOT fully verified: every backed-up object is there with the same policy, but signing key ${id} could not be checked`,
    );
    expect(html).not.toContain('every signing key signed');
    expect(html).toContain('NOT CHECKED');
    expect((await CeremonyFolder.open(ceremony.folderPath)).record.verifications![0]).toMatchObject(
      { allMatch: false },
    );
  });

  it('refuses the primary as the clone, and a wrong password, with sentences', async () => {
    await restoreSecondary();
    await expect(
      verifyClone({
        folderPath: ceremony.folderPath,
        access: bothAccess(),
        secondaryId: 'sim:primary',
        credential: { password: APP_PASSWORD },
        toolVersion: '0.1.0',
      }),
    ).rejects.toThrow(
      'The device chosen as the clone (serial 7550001) is the primary itself. Plug in the secondary and choose it.',
    );
    await expect(verify({ password: 'wrong' })).rejects.toThrow(
      'Authentication key 0x0003 did not open a session on the secondary (serial 7550002): check the key id and its password.',
    );
    expect(
      (await readdir(ceremony.folderPath)).filter((f) => f.startsWith('verification-')),
    ).toEqual([]);
  });
});
