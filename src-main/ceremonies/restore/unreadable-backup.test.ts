// A .yhw Custos may not read (EACCES on a copied folder, EIO on failing media) is that file's
// failed row, named with the reason; the other files are still imported and the restore runs to
// its end. The denial is made by wrapping node:fs/promises' readFile, because these tests may run
// as root, for whom no file mode stops a read.

import type * as fsPromises from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SimulatedYubiHsm } from '../../hsm/yubihsm/simulator/simulated-yubihsm';
import {
  APP_PASSWORD,
  SECONDARY_SERIAL,
  initializeCeremony,
  simulatorAccess,
  type InitializedCeremony,
} from '../common/testing/initialized-ceremony';
import { restoreFromFiles } from './restore-from-files';

const denied = vi.hoisted(() => new Set<string>());

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fsPromises>();
  const readFile = ((path: Parameters<typeof actual.readFile>[0], ...rest: unknown[]) => {
    if (typeof path === 'string' && denied.has(basename(path))) {
      return Promise.reject(
        Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' }),
      );
    }
    return (actual.readFile as (...args: unknown[]) => Promise<unknown>)(path, ...rest);
  }) as typeof actual.readFile;
  return { ...actual, readFile, default: { ...actual, readFile } };
});

let dir: string;
let ceremony: InitializedCeremony;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custos-restore-unreadable-'));
  ceremony = await initializeCeremony(join(dir, 'ceremony'));
});
afterEach(async () => {
  denied.clear();
  await rm(dir, { recursive: true, force: true });
});

describe('a .yhw that cannot be read', () => {
  it('is a failed row saying why, and the other files are still imported', async () => {
    denied.add('0x0004-authentication-key.yhw');
    const secondary = await SimulatedYubiHsm.create({ serial: SECONDARY_SERIAL });
    const { result } = await restoreFromFiles({
      folderPath: ceremony.folderPath,
      access: simulatorAccess({ 'sim:secondary': { device: secondary } }),
      deviceId: 'sim:secondary',
      shares: [
        { path: '1-ada.txt', text: ceremony.shares[0]! },
        { path: '2-grace.txt', text: ceremony.shares[1]! },
      ],
      proof: { credential: { password: APP_PASSWORD } },
    });
    expect(result.files.find((f) => f.file === '0x0004-authentication-key.yhw')).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(
        /^0x0004-authentication-key\.yhw cannot be read: Custos is not allowed to use the file; check its permissions\. It was not imported/,
      ),
    });
    expect(result.files.find((f) => f.file === '0x0003-authentication-key.yhw')).toMatchObject({
      status: 'imported',
    });
    expect(result.complete).toBe(false);
    expect(result.factoryKey.decision).toBe('deleted');
  });
});
