// The share audit without a screen (the CLI's `audit`): each share file checked on its own
// against its custodian's commitment (every wrong one named, not only the first), then the set
// recombined and its check value compared with the record, and the audit recorded with its
// printable report. Too few shares, or shares that are not this ceremony's, each say so.

import { basename } from 'node:path';
import { Refusal } from '../../refusal/refusal';
import { zeroize } from '../../secrets';
import { recordShareExpectations } from '../common/record-facts';
import { nameShare, ShareCollector } from '../common/share-collection';
import { ShareEntryTurns } from '../common/share-entry';
import { writeAudit, type AuditFacts, type WrittenAudit } from './audit-record';
import { auditFacts } from './audit-engine';
import { openShareCeremony } from './share-ceremony';

export interface ShareFile {
  /** Where the share came from, for sentences ("shares/2-grace.txt"). */
  path: string;
  text: string;
}

export interface AuditFromFilesOptions {
  folderPath: string;
  shares: readonly ShareFile[];
  toolVersion: string;
  clock?: () => Date;
  fontsDirectory?: string;
}

export interface AuditFromFilesResult {
  written: WrittenAudit;
  /** One sentence per share file: proven, or why not (naming the custodian). */
  lines: string[];
  warnings: string[];
}

/** "2-grace.txt" says the file is custodian 2's: its share must be number 2. */
function custodianOfFile(path: string): number | undefined {
  const match = /^(\d{1,3})-/.exec(basename(path));
  return match ? Number(match[1]) : undefined;
}

export async function auditFromFiles(
  options: AuditFromFilesOptions,
): Promise<AuditFromFilesResult> {
  const clock = options.clock ?? (() => new Date());
  const folder = await openShareCeremony(options.folderPath);
  const record = folder.record;
  const wrapKey = record.wrapKey!;
  const expectations = { ...recordShareExpectations(record), requireRecorded: true };
  const entry = new ShareEntryTurns({
    collector: new ShareCollector(expectations),
    custodians: record.custodians.map((c) => ({ index: c.index, name: c.name })),
    idleSeconds: 60,
  });
  const collector = entry.collector;
  const lines: string[] = [];
  const refused: string[] = [];
  const wrong: { shareNumber: number; custodian: string; text: string }[] = [];
  for (const share of options.shares) {
    const verdict = collector.offer(share.text, custodianOfFile(share.path));
    if (verdict.ok) {
      lines.push(
        `${share.path}: ${nameShare(verdict.shareNumber, verdict.name)} is proven: it matches its custodian's commitment.`,
      );
      continue;
    }
    refused.push(`${share.path}: ${verdict.message}`);
    if (verdict.wrongShare !== undefined)
      wrong.push({
        shareNumber: verdict.wrongShare,
        custodian:
          record.custodians.find((c) => c.index === verdict.wrongShare)?.name ??
          `custodian ${verdict.wrongShare}`,
        text: share.text,
      });
  }
  if (refused.length > 0) {
    if (wrong.length === 0) throw new Refusal('invalid-input', refused.join(' '));
    const elsewhere = await fromAnotherCeremony(
      wrong,
      collector.accepted.length,
      wrapKey.kcv,
      wrapKey.threshold,
    );
    const reason =
      elsewhere ??
      `${wrong.map((w) => nameShare(w.shareNumber, w.custodian)).join(' and ')} ${wrong.length === 1 ? 'is' : 'are'} not the recorded share${wrong.length === 1 ? '' : 's'}.`;
    const facts: AuditFacts = {
      outcome: 'not-proven',
      shareSet: collector.superseded ? 'superseded' : 'current',
      proven: collector.accepted.map((a) => ({
        shareNumber: a.shareNumber,
        custodian: a.name ?? '',
      })),
      wrong: wrong.map(({ shareNumber, custodian }) => ({ shareNumber, custodian })),
      reason,
    };
    const written = await writeAudit(folder, facts, auditOptions(options, clock));
    throw new Refusal(
      'invalid-input',
      `${[...refused, ...(elsewhere ? [elsewhere] : [])].join(' ')} The audit is recorded as not proven (${written.entry.report}).`,
    );
  }
  if (!collector.enough) {
    const given = options.shares.length;
    throw new Refusal(
      'invalid-input',
      `${collector.threshold} shares are needed to prove that the set rebuilds the wrap key and ${given} ${given === 1 ? 'was' : 'were'} given: add another custodian's share file. Nothing was recorded.`,
    );
  }
  const result = await collector.recombine();
  if (result.ok) zeroize(result.secret.key);
  const facts = auditFacts(entry, result, wrapKey.kcv);
  collector.forget();
  const written = await writeAudit(folder, facts, auditOptions(options, clock));
  if (facts.outcome !== 'proven')
    throw new Refusal(
      'invalid-input',
      `The shares were not proven: ${facts.reason ?? ''} (${written.entry.report}).`,
    );
  return { written, lines, warnings: [...entry.warnings, ...(result.ok ? result.warnings : [])] };
}

function auditOptions(options: AuditFromFilesOptions, clock: () => Date) {
  return {
    at: clock(),
    toolVersion: options.toolVersion,
    ...(options.fontsDirectory ? { fontsDirectory: options.fontsDirectory } : {}),
  };
}

/**
 * Every share given was refused as not its custodian's: if they are enough to rebuild a key on
 * their own and that key is not this ceremony's, they come from another ceremony — said so.
 */
async function fromAnotherCeremony(
  wrong: readonly { text: string }[],
  accepted: number,
  kcv: string,
  threshold: number,
): Promise<string | undefined> {
  if (accepted > 0 || wrong.length < threshold) return undefined;
  const other = new ShareCollector({});
  for (const share of wrong) if (!other.offer(share.text).ok) return undefined;
  if (!other.enough) return undefined;
  const result = await other.recombine();
  other.forget();
  if (!result.ok) return undefined;
  zeroize(result.secret.key);
  if (result.kcv === kcv) return undefined;
  return `None of these shares belongs to this ceremony: together they rebuild a wrap key with check value ${result.kcv}, and this ceremony's is ${kcv}. They come from another ceremony: check that --folder is the ceremony these custodians took part in.`;
}
