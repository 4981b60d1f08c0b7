// The DKEK clone's (and sequential import's) screens for the browser specs
// (src-renderer/ceremonies/dkek-restore/), and a backed-up DKEK domain made before the host
// starts: the host's simulated primary (in its user-data folder) initialised with two shares
// and its two rehearsal keys, the ceremony folder with its record and `.pbe` files, the back-up's
// `.wrapped` files, and — in a folder of their own, never searched — the rehearsal's password
// (share 1, Alice's) and two of the 2-of-3 password shares of share 2 (IDs 1 and 3: Bob, Dan).

import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DkekBackupEngine } from '../../src-main/ceremonies/dkek/backup-engine';
import {
  PIN,
  SO_PIN,
  TestCards,
  makeCeremonyFolder,
  makePrimary,
  randomShares,
  writeRehearsalShares,
} from '../../src-main/ceremonies/dkek/testing/cards';
import { createLogger } from '../../src-main/log/logger';
import { smartCardStatePath } from '../../src-main/services/smartcard-service';
import { byTestId, CeremonyFramePage } from './ceremony-page';

export { PIN, SO_PIN };

export interface TypedPasswordShare {
  prime: string;
  id: string;
  value: string;
  checkWord: string;
}

export interface BackedUpDomain {
  userDataDir: string;
  folder: string;
  /** Share 1's password (Alice's). */
  password: string;
  /** Share 2's password shares as typed: [Bob's (ID 1), Dan's (ID 3)]. */
  passwordShares: TypedPasswordShare[];
}

/** Everything made here lives under `parent`; the user-data folder is the host's to be. */
export async function prepareBackedUpDomain(parent: string): Promise<BackedUpDomain> {
  const userDataDir = join(parent, 'user-data');
  const folder = join(parent, 'ceremony');
  const sharesDir = mkdtempSync(join(tmpdir(), 'custos-dkek-rehearsal-shares-'));
  const primary = smartCardStatePath(userDataDir, 'primary');
  mkdirSync(join(primary, '..'), { recursive: true });
  mkdirSync(folder);
  const shares = randomShares(2);
  await makePrimary(primary, shares);
  await writeRehearsalShares({ folder, sharesDir, shares, iterations: 1 });
  await makeCeremonyFolder({ folder, primaryState: primary, shares });
  const backup = new DkekBackupEngine({
    cards: new TestCards(),
    logger: createLogger({ sinks: [] }),
  });
  await backup.start();
  await backup.chooseFolder(folder);
  await backup.chooseDevice(primary, PIN);
  await backup.run();
  const password = readFileSync(join(sharesDir, 'share-1', 'password.txt'), 'utf8').trim();
  const passwordShares = readdirSync(join(sharesDir, 'share-2'))
    .sort()
    .map((name) => {
      const text = readFileSync(join(sharesDir, 'share-2', name), 'utf8');
      const field = (label: RegExp) => label.exec(text)![1]!.trim();
      return {
        prime: field(/^Prime\s*:\s*(.*)$/m),
        id: field(/^Share ID\s*:\s*(.*)$/m),
        value: field(/^Share value\s*:\s*(.*)$/m),
        checkWord: field(/^# Check word\s*:\s*(.*)$/m),
      };
    });
  return { userDataDir, folder, password, passwordShares };
}

/** Construct with the frame's ceremony id: 'dkek-restore' (clone) or 'dkek-import'. */
export class DkekRestorePage extends CeremonyFramePage {
  async chooseFolder(folder: string): Promise<void> {
    await this.waitForStep('folder');
    await this.testId('dkek-restore-folder').fill(folder);
    await this.intentShowing(
      () => this.testId('dkek-restore-folder-set').click(),
      this.stepSelector('device'),
    );
  }

  /** Chooses the card and types the PINs; `settled` waits for main's answer whatever it is. */
  async chooseDevice(cardId: string, pin: string, soPin?: string): Promise<void> {
    await this.testId(`dkek-restore-device-card-${cardId}`).check();
    await this.testId('dkek-restore-device-pin').fill(pin);
    if (soPin !== undefined) await this.testId('dkek-restore-device-so-pin').fill(soPin);
    await this.settling(() => this.testId('dkek-restore-device-submit').click());
  }

  async takeTurn(): Promise<void> {
    await this.intentShowing(
      () => this.testId('dkek-restore-turn-take').click(),
      byTestId('dkek-restore-turn-entry'),
    );
  }

  /** Types the password and imports; settles on whatever main answers. */
  async importWithPassword(password: string): Promise<void> {
    await this.testId('dkek-restore-turn-password').fill(password);
    await this.settling(() => this.testId('dkek-restore-turn-import').click());
  }

  async addPasswordShare(share: TypedPasswordShare): Promise<void> {
    for (const [name, value] of Object.entries(share))
      await this.testId(`dkek-restore-password-share-${name}`).fill(value);
    await this.settling(() => this.testId('dkek-restore-password-share-add').click());
  }

  async importWithPasswordShares(): Promise<void> {
    await this.intentShowing(
      () => this.testId('dkek-restore-turn-import').click(),
      byTestId('dkek-restore-turn-cleared'),
    );
  }

  async nextHolder(next: string): Promise<void> {
    await this.intentShowing(() => this.testId('dkek-restore-turn-next').click(), next);
  }
}
