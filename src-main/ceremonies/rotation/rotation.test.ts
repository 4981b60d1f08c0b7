// Wrap-key rotation headless (issue 12 §3), on simulated devices: across the primary and a
// secondary restored earlier, then a third, factory-fresh device restored from the NEW shares and
// the new .yhw files; the old shares refused by the restore; nothing secret in the folder.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CeremonyRecordSchema } from '../../../shared/records/ceremony-record';
import { inSession } from '../../hsm/yubihsm/client/test-support/in-session';
import { SimulatedYubiHsm } from '../../hsm/yubihsm/simulator';
import { ObjectType } from '../../hsm/yubihsm/protocol/object-types';
import { SimulatorTransport } from '../../hsm/yubihsm/transport/simulator-transport';
import { createLogger } from '../../log/logger';
import { TempFolders } from '../../testing/temp-folders';
import {
  APP_KEY_ID,
  APP_PASSWORD,
  AUDIT_PASSWORD,
  ROTATION_KEY_ID,
  ROTATION_PASSWORD,
  SECONDARY_SERIAL,
  WRAP_KEY_ID,
  initializeCeremony,
  simulatorAccess,
} from '../common/testing/initialized-ceremony';
import { recombine } from '../init/testing/secondary';
import { secretSpellings } from '../init/testing/secret-spellings';
import { restoreFromFiles } from '../restore/restore-from-files';
import { backUpPrimary } from '../backup/backup-primary';
import { rotateFromFiles } from './rotate-from-files';

const temp = new TempFolders('custos-rotation-');
afterEach(() => temp.removeAll());

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .map((name) => join(path, name))
    .filter((file) => statSync(file).isFile());
}

/** A rehearsal ceremony with a rotation key, and a secondary restored from it. */
export async function ceremonyWithSecondary() {
  const root = temp.make();
  const ceremony = await initializeCeremony(join(root, 'ceremony'), { rotationKey: true });
  const secondary = await SimulatedYubiHsm.create({ serial: SECONDARY_SERIAL });
  const restored = await restoreFromFiles({
    folderPath: ceremony.folderPath,
    access: simulatorAccess({ 'sim:secondary': { device: secondary } }),
    deviceId: 'sim:secondary',
    shares: [
      { path: '1-ada.txt', text: ceremony.shares[0]! },
      { path: '2-grace.txt', text: ceremony.shares[1]! },
    ],
    proof: { credential: { password: APP_PASSWORD } },
  });
  expect(restored.result.complete).toBe(true);
  return { root, ceremony, secondary };
}

async function wrapKeysOn(device: SimulatedYubiHsm): Promise<number[]> {
  const objects = await inSession(
    new SimulatorTransport(device),
    ROTATION_KEY_ID,
    ROTATION_PASSWORD,
    (s) => s.listObjects(),
  );
  return objects.filter((o) => o.type === ObjectType.WrapKey).map((o) => o.id);
}

describe('custos rotate, headless', () => {
  it(
    'rotates the primary and the secondary, and a new device restores from the new shares and files only',
    { timeout: 120_000 },
    async () => {
      const { root, ceremony, secondary } = await ceremonyWithSecondary();
      const printed: string[] = [];
      const sharesDirectory = join(root, 'new-shares');
      const result = await rotateFromFiles({
        folderPath: ceremony.folderPath,
        access: simulatorAccess({
          'sim:primary': { device: ceremony.primary },
          'sim:secondary': { device: secondary },
        }),
        deviceIds: ['sim:secondary', 'sim:primary'],
        shares: [
          { path: 'old/2-grace.txt', text: ceremony.shares[1]! },
          { path: 'old/3-katherine.txt', text: ceremony.shares[2]! },
        ],
        rotationKey: { password: ROTATION_PASSWORD, authKeyId: ROTATION_KEY_ID },
        auditKey: { password: AUDIT_PASSWORD },
        sharesDirectory,
        cwd: root,
        print: (line) => printed.push(line),
        logger: createLogger({ sinks: [] }),
      });
      expect(result.problems).toEqual([]);
      expect(result.complete).toBe(true);
      const newKcv = result.newKcv!;
      expect(newKcv).toMatch(/^[0-9A-F]{6}$/);
      expect(newKcv).not.toBe(ceremony.kcv);

      // Both devices hold only the new wrap key.
      expect(await wrapKeysOn(ceremony.primary)).toEqual([6]);
      expect(await wrapKeysOn(secondary)).toEqual([6]);

      const record = CeremonyRecordSchema.parse(
        JSON.parse(readFileSync(join(ceremony.folderPath, 'ceremony.json'), 'utf8')),
      );
      const rotation = record.rotations!.at(-1)!;
      expect(rotation).toMatchObject({
        status: 'completed',
        authorizedBy: [2, 3],
        oldWrapKey: { id: WRAP_KEY_ID, kcv: ceremony.kcv },
        newWrapKey: { id: 6, kcv: newKcv, threshold: 2, shareCount: 3 },
        devices: [
          { role: 'primary', stage: 'new-key', exported: true },
          { role: 'secondary', serial: SECONDARY_SERIAL, stage: 'new-key' },
        ],
      });
      expect(rotation.files.map((f) => f.file)).toEqual([
        '0x0003-authentication-key.yhw',
        '0x0004-authentication-key.yhw',
        '0x0005-authentication-key.yhw',
      ]);
      expect(rotation.toDestroy.map((f) => f.file)).toEqual(
        ceremony.record.files.map((f) => f.file),
      );
      // The old files are still there: Custos never deletes them.
      for (const { file } of rotation.toDestroy)
        expect(existsSync(join(ceremony.folderPath, file))).toBe(true);
      expect(record.wrapKey).toEqual(rotation.newWrapKey);
      expect(record.custodians).toEqual(rotation.custodians);
      expect(record.backupFolder).toBe(rotation.backupFolder);
      expect(record.supersededShareSets).toMatchObject([
        { by: 'rotation', threshold: 2, shareCount: 3, custodians: ceremony.record.custodians },
      ]);
      expect(record.supersededShareSets![0]!.note).toContain(
        `rebuild only the old wrap key 0x0002 (check value ${ceremony.kcv}), which was deleted from every device`,
      );
      expect(record.inventory.filter((o) => o.type === 'wrap-key').map((o) => o.id)).toEqual([6]);
      expect(
        record.deviceAudits?.filter((a) => a.after === 'rotation').map((a) => a.device.serial),
      ).toEqual([ceremony.primary.serial, SECONDARY_SERIAL]);
      const transcript = readFileSync(join(ceremony.folderPath, 'transcript.jsonl'), 'utf8');
      expect(transcript).toContain('"rotation-started"');
      expect(transcript).toContain(newKcv);
      expect(transcript).toContain('"share-set-superseded"');

      // A third device, factory-fresh, restored from two NEW shares and the new files.
      const newShares = readdirSync(sharesDirectory).sort();
      expect(newShares).toEqual([
        '1-ada-lovelace.txt',
        '2-grace-hopper.txt',
        '3-katherine-johnson.txt',
      ]);
      const shareText = (name: string) =>
        readFileSync(join(sharesDirectory, name), 'utf8').trimEnd();
      const third = await SimulatedYubiHsm.create({ serial: 7_550_003 });
      const access = simulatorAccess({ 'sim:third': { device: third } });
      await expect(
        restoreFromFiles({
          folderPath: ceremony.folderPath,
          access,
          deviceId: 'sim:third',
          shares: [
            { path: '1-ada.txt', text: ceremony.shares[0]! },
            { path: '2-grace.txt', text: ceremony.shares[1]! },
          ],
        }),
      ).rejects.toThrow(/1-ada\.txt/);
      const restored = await restoreFromFiles({
        folderPath: ceremony.folderPath,
        access,
        deviceId: 'sim:third',
        shares: [
          { path: `new/${newShares[0]}`, text: shareText(newShares[0]!) },
          { path: `new/${newShares[2]}`, text: shareText(newShares[2]!) },
        ],
        proof: { credential: { password: APP_PASSWORD } },
      });
      expect(restored.kcv).toBe(newKcv);
      expect(restored.result.complete).toBe(true);
      expect(restored.result.files.map((f) => [f.file, f.status])).toEqual([
        ['0x0003-authentication-key.yhw', 'imported'],
        ['0x0004-authentication-key.yhw', 'imported'],
        ['0x0005-authentication-key.yhw', 'imported'],
      ]);
      expect(await wrapKeysOn(third)).toEqual([6]);

      // A later back-up writes under the new key into the new backup folder, never beside the old files.
      const backup = await backUpPrimary({
        folderPath: ceremony.folderPath,
        access: simulatorAccess({ 'sim:primary': { device: ceremony.primary } }),
        deviceId: 'sim:primary',
        authKeyId: APP_KEY_ID,
        credential: { password: APP_PASSWORD },
        replace: new Set(),
        rehearsalKeys: true,
      });
      const written = backup.entry.exported.map((e) => e.file);
      expect(written.length).toBeGreaterThan(0);
      for (const file of written) {
        expect(existsSync(join(ceremony.folderPath, record.backupFolder!, file)), file).toBe(true);
        expect(existsSync(join(ceremony.folderPath, file)), file).toBe(false);
      }
      expect(backup.entry.wrapKeyId).toBe(6);
      expect(backup.outcomes.filter((o) => o.status === 'kept')).toHaveLength(3);

      // Nothing secret in the ceremony folder or in what was printed.
      const { secret } = await recombine([shareText(newShares[0]!), shareText(newShares[1]!)]);
      const forbidden = secretSpellings({
        shares: [...ceremony.shares, ...newShares.map(shareText)],
        passwords: [APP_PASSWORD, AUDIT_PASSWORD, ROTATION_PASSWORD],
        wrapKey: secret.key,
      });
      forbidden.push(...secretSpellings({ shares: [], passwords: [], wrapKey: ceremony.wrapKey }));
      secret.key.fill(0);
      const searched = filesUnder(ceremony.folderPath);
      expect(searched.length).toBeGreaterThan(8);
      for (const file of searched) {
        const content = readFileSync(file).toString('latin1');
        for (const { what, text } of forbidden)
          expect(content.includes(text), `${what} found in ${file}`).toBe(false);
      }
      for (const line of printed)
        for (const { what, text } of forbidden)
          expect(line.includes(text), `${what} printed`).toBe(false);
    },
  );
});
