// Regenerates the README's screenshots from the real app: the browser host on fresh simulated
// devices, in the system Chromium, driven by the same page actions as the e2e specs through a
// whole rehearsal day (initialize, back up, restore, verify).
// Run: npm run screenshots

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackupPage } from './backup-ceremony';
import { repoRoot } from './build';
import { openCustos } from './custos';
import { InitCeremonyPage, type PlanInput, type SeenShare } from './init-ceremony';
import { RestorePage } from './restore-ceremony';
import { VerifyPage } from './verify-ceremony';

const parent = mkdtempSync(join(tmpdir(), 'custos-screenshots-'));
const folder = join(parent, 'payments-hsm-2026');
const plan: PlanInput = {
  ceremony: 'Payments HSM 2026',
  folder,
  custodians: ['Ada Lovelace', 'Grace Hopper', 'Katherine Johnson'],
  threshold: 2,
  applicationPassword: 'rehearsal-app-password-1',
  auditPassword: 'rehearsal-audit-password-1',
  confirmation: 'spot-check',
};

const custos = await openCustos();
const shot = async (name: string) => {
  await custos.page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', `${name}.png`) });
  console.log(`Wrote docs/screenshots/${name}.png`);
};
try {
  await custos.home.settledDevice('sim:primary');
  await custos.home.settledDevice('sim:secondary');
  await shot('home');

  const init = new InitCeremonyPage(custos.page);
  await custos.home.startInitCeremony();
  await init.preflight('sim:primary');
  await init.fillPlan(plan);
  await shot('init-plan');
  await init.toReview();
  await init.begin();
  const seen: SeenShare[] = [];
  for (let turn = 1; turn <= plan.custodians.length; turn++) {
    seen.push(await init.revealShare());
    if (turn === 1) await shot('init-share-reveal');
    await init.recordAndSpotCheck(seen.at(-1)!);
    await init.nextCustodian();
  }
  await init.runDeviceSteps();
  await shot('init-record');
  await init.done();

  const backup = new BackupPage(custos.page);
  await backup.startFromHome();
  await backup.chooseFolder(folder, 'primary');
  await backup.choosePrimary('sim:primary');
  await backup.authenticate(plan.applicationPassword);
  await backup.generateRehearsalKeys();
  await backup.run();
  await backup.done();

  const restore = new RestorePage(custos.page);
  await restore.startFromHome();
  await restore.chooseFolder(folder, 'secondary');
  await restore.chooseSecondary('sim:secondary');
  await restore.toShares();
  await restore.beginTurn(1);
  const lines = seen[0]!.lines.map(RestorePage.printed);
  await restore.typeLines(lines.slice(0, 3));
  await shot('restore-share-entry');
  await restore.typeLines(lines);
  await restore.submit();
  await restore.next();
  await restore.typedTurn(2, seen[1]!);
  await restore.next();
  await restore.recombined();
  await restore.giveApplicationPassword(plan.applicationPassword);
  await restore.runDeviceSteps();
  await shot('restore-imported');
  await restore.done();

  const verify = new VerifyPage(custos.page);
  await verify.startFromHome();
  await verify.chooseFolder(folder, 'devices');
  await verify.chooseSecondary('sim:secondary');
  await verify.authenticate(plan.applicationPassword);
  await verify.run();
  await shot('verify-result');
  await verify.done();
} finally {
  await custos.close();
  rmSync(parent, { recursive: true, force: true });
}
