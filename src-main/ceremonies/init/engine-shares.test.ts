import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InitPlanInput } from '../../../shared/ceremony/init-plan';
import { createLogger } from '../../log/logger';
import { CeremonyFolder } from '../../records/ceremony-folder';
import { TempFolders } from '../../testing/temp-folders';
import { InProgressIndex } from './in-progress-index';
import { InitEngine } from './init-engine';
import { driveToReview } from './testing/drive';
import { TestDevices } from './testing/test-devices';
import type * as WrapKeyMaterials from './wrap-key-material';
import type { WrapKeyMaterial } from './wrap-key-material';

// Every key and set of shares the engine makes, so a test can see they were wiped.
const made = vi.hoisted(() => [] as WrapKeyMaterial[]);
vi.mock('./wrap-key-material', async (importOriginal) => {
  const actual = await importOriginal<typeof WrapKeyMaterials>();
  return {
    ...actual,
    createWrapKeyMaterial: (...args: Parameters<typeof actual.createWrapKeyMaterial>) => {
      const material = actual.createWrapKeyMaterial(...args);
      made.push({ ...material, shares: [...material.shares] });
      return material;
    },
  };
});

const temp = new TempFolders('custos-begin-');
afterEach(() => {
  vi.restoreAllMocks();
  made.length = 0;
  temp.removeAll();
});

const PLAN: InitPlanInput = {
  ceremony: 'Payments HSM',
  custodians: ['Ann', 'Bob', 'Cy'],
  threshold: 2,
  domains: [1],
  wrapKey: { id: 0 },
  applicationKey: { id: 0 },
};

/** A disk that refuses the next write. */
function diskFull(): Error {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
}

class RefusingIndex extends InProgressIndex {
  override add(): Promise<void> {
    return Promise.reject(diskFull());
  }
}

async function atReview(index: InProgressIndex) {
  const devices = await TestDevices.create();
  const engine = new InitEngine({
    devices,
    index,
    logger: createLogger({ sinks: [] }),
    toolVersion: '0.0.0-test',
    network: () => ({ airGapped: true, interfaces: [] }),
  });
  const folder = join(temp.make(), 'ceremony');
  await driveToReview(engine, devices.id, {
    plan: PLAN,
    applicationPassword: 'correct horse',
    folder,
  });
  return { engine, folder };
}

function wiped(material: WrapKeyMaterial): boolean {
  return (
    material.key.every((byte) => byte === 0) &&
    material.shares.every((share) => share.every((byte) => byte === 0))
  );
}

describe('Begin, when the record cannot be started', () => {
  it('says the in-progress list could not be written, wipes the shares, and leaves the ceremony folder unmade', async () => {
    const userData = temp.make();
    const { engine, folder } = await atReview(new RefusingIndex(userData));
    const answer = await engine.begin();
    expect(answer.view.step).toBe('review');
    expect(answer.problem).toEqual({
      field: 'folder',
      message: `Custos could not note the ceremony as in progress in ${join(userData, 'ceremonies-in-progress.json')}; check that folder is writable and has space. Nothing was written to the ceremony folder or to the device.`,
    });
    expect(made).toHaveLength(1);
    expect(wiped(made[0]!)).toBe(true);
    expect(existsSync(folder)).toBe(false);
    // The cancel sentence is true here: no ceremony folder was written.
    expect((await engine.cancel()).stopped?.reason).toBe(
      'The ceremony was cancelled before the shares were made; nothing was written to the device or to a ceremony folder.',
    );
  });

  it('stops the ceremony when the transcript cannot be written, wipes the shares, and marks the folder’s record abandoned', async () => {
    const index = new InProgressIndex(temp.make());
    const { engine, folder } = await atReview(index);
    vi.spyOn(CeremonyFolder.prototype, 'log').mockRejectedValueOnce(diskFull());
    const answer = await engine.begin();
    const reason = `The transcript in the ceremony folder ${folder} could not be written (check it is writable and has space), so the ceremony stopped before any share was shown. Nothing was written to the device and the shares were wiped; start a new ceremony in another folder.`;
    expect(answer.stopped).toEqual({ status: 'abandoned', reason, deviceTouched: false });
    expect(answer.problem).toBeUndefined();
    expect(wiped(made[0]!)).toBe(true);
    const record = JSON.parse(readFileSync(join(folder, 'ceremony.json'), 'utf8')) as {
      status: string;
      statusReason: string;
    };
    expect(record).toMatchObject({ status: 'abandoned', statusReason: reason });
    expect(await index.folders()).toEqual([]);
  });

  it('keeps the folder listed as in progress when even the stop cannot be recorded, so the next start marks it', async () => {
    const index = new InProgressIndex(temp.make());
    const { engine, folder } = await atReview(index);
    vi.spyOn(CeremonyFolder.prototype, 'log').mockRejectedValue(diskFull());
    const answer = await engine.begin();
    expect(answer.stopped).toMatchObject({ status: 'abandoned', deviceTouched: false });
    expect(answer.problem).toEqual({
      field: 'folder',
      message: `${folder} could not be updated to say the ceremony stopped; Custos marks it abandoned when it next starts.`,
    });
    expect(wiped(made[0]!)).toBe(true);
    expect(await index.folders()).toEqual([folder]);
  });
});
