// The reshare without a screen (the CLI's `reshare`): the same engine the screens drive, with
// the current shares read from files and each new share written to a file instead of a screen.
// Shares on disk are acceptable only for a rehearsal, so a ceremony that was not one is refused
// before any share is read; the shares folder must lie outside the ceremony folder.

import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ReshareSnapshot } from '../../../shared/ceremony/audit-snapshot';
import { writeFileAtomic } from '../../files/atomic-write';
import type { Logger } from '../../log/logger';
import { Refusal } from '../../refusal/refusal';
import { parseShare } from '../../secrets';
import { openShareCeremony } from '../audit/share-ceremony';
import type { ShareFile } from '../audit/audit-from-files';
import {
  prepareSharesDirectory,
  refuseSharesInCeremonyFolder,
  shareFileName,
} from '../init/headless';
import { answersFor } from '../init/share-answers';
import { planProblems, readResharePlan } from './reshare-plan';
import { ReshareEngine } from './reshare-engine';

export interface ReshareFromFilesOptions {
  folderPath: string;
  shares: readonly ShareFile[];
  /** The reshare plan as read from its JSON file. */
  plan: unknown;
  sharesDirectory: string;
  cwd: string;
  logger: Logger;
  print: (line: string) => void;
  clock?: () => Date;
}

export interface ReshareFromFilesResult {
  kcv: string;
  threshold: number;
  count: number;
  transcriptHead: string;
  warnings: string[];
}

export const REHEARSAL_ONLY =
  'reshare from the command line writes every new share to a file, so it only runs for a rehearsal ceremony; this ceremony was not a rehearsal. Reshare it in the Custos app, where each new custodian sees only their own share';

/** "2-grace.txt", or else the share's own number: which current custodian is at the keyboard. */
function custodianOf(file: ShareFile): number | undefined {
  const match = /^(\d{1,3})-/.exec(basename(file.path));
  if (match) return Number(match[1]);
  const parsed = parseShare(file.text);
  if (!parsed.ok) return undefined;
  parsed.share.payload.fill(0);
  return parsed.share.number;
}

export async function reshareFromFiles(
  options: ReshareFromFilesOptions,
): Promise<ReshareFromFilesResult> {
  const folder = await openShareCeremony(options.folderPath);
  if (!folder.record.rehearsal) throw new Refusal('invalid-input', REHEARSAL_ONLY);
  await refuseSharesInCeremonyFolder(
    options.folderPath,
    options.sharesDirectory,
    options.cwd,
  ).catch((error: unknown) => {
    throw new Refusal('invalid-input', (error as Error).message);
  });
  const reading = readResharePlan(options.plan, folder.record);
  if (!reading.ok) throw new Refusal('invalid-input', planProblems(reading.errors));
  const plan = reading.plan;
  const engine = new ReshareEngine({
    logger: options.logger,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  try {
    await engine.start();
    await engine.chooseFolder(options.folderPath);
    await engine.setPlan(options.plan);
    await engine.toOldShares();
    let snapshot: ReshareSnapshot | undefined;
    for (const file of options.shares) {
      const custodian = custodianOf(file);
      if (custodian === undefined)
        throw new Refusal(
          'invalid-input',
          `${file.path}: this is not a share (it cannot be read as one), and its name does not say whose it is.`,
        );
      await engine.beginTurn(custodian).catch((error: unknown) => {
        throw new Refusal('invalid-input', `${file.path}: ${(error as Error).message}`);
      });
      snapshot = await engine.submitShare({ text: file.text });
      const view = snapshot.view;
      if (view.step === 'old-shares' && view.refusal)
        throw new Refusal('invalid-input', `${file.path}: ${view.refusal.message}`);
      snapshot = await engine.nextCustodian();
      if (snapshot.view.step === 'old-shares' && snapshot.view.recombined) break;
    }
    const view = snapshot?.view;
    if (view?.step !== 'old-shares' || !view.recombined) {
      const threshold = view?.step === 'old-shares' ? view.threshold : undefined;
      const problems = view?.step === 'old-shares' ? view.setProblems : [];
      throw new Refusal(
        'invalid-input',
        problems.length > 0
          ? problems.join(' ')
          : `${threshold ?? 'More'} current shares are needed to rebuild the wrap key and ${options.shares.length} ${options.shares.length === 1 ? 'was' : 'were'} given: add another current custodian's share file. Nothing was recorded.`,
      );
    }
    const warnings = [...view.warnings];
    options.print(
      `Wrap key rebuilt from shares ${view.recombined.used.join(', ')}; check value ${view.recombined.kcv} matches the record.`,
    );
    await prepareSharesDirectory(options.sharesDirectory, plan.custodians);
    snapshot = await engine.splitAgain();
    while (snapshot.view.step === 'new-shares') {
      const reveal = await engine.revealShare();
      if (reveal.view.step !== 'new-shares' || !reveal.view.turns.share)
        throw new Error('the reshare did not show a share');
      const turn = reveal.view.turns;
      const file = join(
        options.sharesDirectory,
        shareFileName(turn.custodian.index, turn.custodian.name),
      );
      await writeFileAtomic(file, `${turn.share!.canonical}\n`, { exclusive: true, mode: 0o600 });
      const recorded = await engine.shareRecorded();
      if (recorded.view.step === 'new-shares' && recorded.view.turns.phase === 'confirm') {
        const confirmed = await engine.confirmShare(answersFor(turn, recorded.view.turns));
        if (confirmed.problem)
          throw new Error(`the new share check failed: ${confirmed.problem.message}`);
      }
      options.print(
        `New share ${turn.custodian.index} of ${turn.custodianCount} for ${turn.custodian.name}: written to ${file}.`,
      );
      snapshot = await engine.nextNewCustodian();
    }
    if (snapshot.view.step === 'verification') {
      for (const [index, name] of plan.custodians.entries()) {
        const text = (
          await readFile(join(options.sharesDirectory, shareFileName(index + 1, name)), 'utf8')
        ).trim();
        await engine.revealShare();
        const entered = await engine.enterVerificationShare(text);
        if (entered.problem) throw new Refusal('invalid-input', entered.problem.message);
        snapshot = await engine.nextVerification();
      }
    }
    if (snapshot.view.step !== 'finished')
      throw new Refusal('invalid-input', snapshot.stopped?.reason ?? 'The reshare did not finish.');
    return {
      kcv: snapshot.view.kcv,
      threshold: snapshot.view.threshold,
      count: snapshot.view.custodians.length,
      transcriptHead: snapshot.view.transcriptHead,
      warnings,
    };
  } finally {
    const left = engine.current();
    if (left && !left.stopped && left.view.step !== 'finished')
      await engine.cancel().catch(() => undefined);
    await engine.shutdown();
  }
}
