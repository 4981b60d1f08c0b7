// The DKEK initialisation through its screens (src-renderer/ceremonies/dkek-init/), for the specs
// that need a DKEK domain made the way a person makes it: on the host's simulated primary, two
// share files (Alice's typed password; a 2-of-3 password split among Bob, Carol and Dan), each
// password share revealed to its custodian, written down (kept here, as the custodian's paper)
// and spot-checked, the set proven, the device initialised and both shares imported, the record.

import { byTestId, CeremonyFramePage } from './ceremony-page';
import type { CustosSession } from './custos';
import type { TypedPasswordShare } from './dkek-restore-ceremony';

export interface DkekInitPlan {
  folder: string;
  alicePassword: string;
  soPin: string;
  pin: string;
}

/** Returns what each split custodian wrote down from their reveal, in ID order. */
export async function initialiseWithTwoShares(
  custos: CustosSession,
  plan: DkekInitPlan,
): Promise<{ written: TypedPasswordShare[]; kcv: string }> {
  const init = new CeremonyFramePage(custos.page, 'dkek-init');
  const fill = (id: string, value: string) => init.testId(id).fill(value);
  await custos.page.locator(byTestId('ceremony-start-dkek-init')).click();
  await init.waitForStep('preflight');
  await init.testId('dkek-device-sim-schsm:primary').check();
  await init.intentShowing(
    () => init.testId('dkek-read-device').click(),
    byTestId('dkek-preflight'),
  );
  await init.settling(() => init.forward('to-plan'));
  await init.waitForStep('plan');
  await fill('dkek-ceremony', 'DKEK clone day rehearsal');
  await fill('dkek-folder', plan.folder);
  await fill('dkek-so-pin', plan.soPin);
  await fill('dkek-so-pin-again', plan.soPin);
  await fill('dkek-pin', plan.pin);
  await fill('dkek-pin-again', plan.pin);
  await init.testId('dkek-mode-shares').check();
  await init.testId('dkek-add-password-share').click();
  await fill('dkek-share-1-custodian', 'Alice');
  await fill('dkek-share-1-password', plan.alicePassword);
  await fill('dkek-share-1-password-again', plan.alicePassword);
  await init.testId('dkek-add-split-share').click();
  await fill('dkek-share-2-custodians', 'Bob, Carol, Dan');
  await fill('dkek-share-2-threshold', '2');
  await init.intentShowing(
    () => init.testId('dkek-set-plan').click(),
    byTestId('dkek-plan-summary'),
  );
  await init.intentShowing(() => init.forward('to-shares'), byTestId('dkek-turn-handover'));
  const written: TypedPasswordShare[] = [];
  for (let turn = 0; turn < 3; turn++) {
    await init.intentShowing(
      () => init.testId('dkek-turn-show').click(),
      byTestId('dkek-turn-reveal'),
    );
    const share = {
      prime: await init.text('dkek-reveal-prime'),
      id: await init.text('dkek-reveal-id'),
      value: await init.text('dkek-reveal-value'),
      checkWord: await init.text('dkek-reveal-check'),
    };
    written.push(share);
    await init.intentShowing(
      () => init.testId('dkek-turn-recorded').click(),
      byTestId('dkek-turn-check'),
    );
    await fill('dkek-turn-check-value', share.value);
    await init.intentShowing(
      () => init.testId('dkek-turn-check-submit').click(),
      byTestId('dkek-turn-cleared'),
    );
    await init.settling(() => init.testId('dkek-turn-next').click());
  }
  await init.intentShowing(() => init.forward('prove'), byTestId('dkek-files-kcv'));
  const kcv = /([0-9A-F]{16})/.exec(await init.text('dkek-files-kcv'))![1]!;
  await init.settling(() => init.forward('to-device'));
  await init.waitForStep('device');
  await init.settling(() => init.forward('initialise'));
  await init.settling(() => init.forward('import'));
  await init.intentShowing(() => init.forward('import'), byTestId('dkek-device-kcv'));
  await init.intentShowing(() => init.forward('finish'), byTestId('dkek-record-kcv'));
  await init.done();
  return { written, kcv };
}
