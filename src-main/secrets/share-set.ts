// Deciding what a set of typed shares adds up to, and naming the share that is wrong.
// The custodians' entries may mix mistakes of every kind; each entry gets a verdict the restore
// screen can show next to it, and the set gets problems that say what to do next.

import { verifyShareCommitment, type ShareCommitment } from './commitments';
import { AES_FIELD, RUSTY_SECRETS_FIELD } from './gf256';
import { combineManagerShares } from './manager-share';
import {
  judgeSecret,
  plausibleWrapSecret,
  type RecordedWrapKey,
  type VerdictProblemCode,
} from './secret-verdict';
import { combineShares } from './shamir';
import { findConsensus, type Candidate } from './share-consensus';
import { parseShare } from './share-text';
import type { ParsedShare, ShareFormat, ShareProblemCode, ShareWarning } from './share-types';
import {
  wrapKeyAlgorithm,
  type WrapKeyAlgorithm,
  type WrapSecret,
  type WrapSecretFinding,
} from './wrap-secret';

export interface ShareSetOptions {
  /** Parser mode for every entry; lenient (default) forgives spacing and reports it. */
  mode?: 'strict' | 'lenient';
  /** Known from the ceremony record: entries of another format are rejected. */
  format?: ShareFormat;
  /** Known from the ceremony record: entries with another threshold are rejected. */
  threshold?: number;
  /** The record's commitments by share number: a share that fails its own is named at once. */
  commitments?: ReadonlyMap<number, ShareCommitment>;
  /** The record's check value and policy: the result must match them. */
  recorded?: RecordedWrapKey;
}

export type EntryProblemCode =
  | ShareProblemCode
  | 'other-format'
  | 'threshold-differs'
  | 'length-differs'
  | 'unknown-share-number'
  | 'commitment-mismatch'
  | 'disagrees';

export interface EntryReport {
  /** 0-based position in the input. */
  index: number;
  shareNumber?: number;
  /**
   * accepted: agrees with the result. rejected: see `problem`. ignored: blank, or the same share
   * entered twice. undecided: readable, but the set failed before this entry could be judged.
   */
  status: 'accepted' | 'rejected' | 'ignored' | 'undecided';
  problem?: { code: EntryProblemCode; message: string; position?: number };
  /** What the parser forgave, and notes such as "entered twice". */
  warnings: (ShareWarning | { code: 'repeated'; message: string })[];
}

export type SetProblemCode =
  'no-shares' | 'not-enough-shares' | 'inconsistent' | VerdictProblemCode;

export interface SetProblem {
  code: SetProblemCode;
  message: string;
  /** Entries (0-based) the problem is about, when it is about some of them. */
  entries?: number[];
}

/**
 * What confirmed the key beyond "the shares recombine". Empty means nothing did: with exactly K
 * shares and no record, a typo shows only if it breaks the §3.7 rules, so the UI must say the
 * key is unconfirmed.
 */
export type Confirmation = 'spare-shares' | 'commitments' | 'check-value' | 'recorded-policy';

export type ShareSetResult =
  | {
      ok: true;
      format: ShareFormat;
      threshold: number;
      /** The recombined wrap key and its policy. Zeroize `secret.key` when done. */
      secret: WrapSecret;
      algorithm: WrapKeyAlgorithm;
      kcv: string;
      /** Warnings about the recovered policy (§3.7); errors make the set fail instead. */
      findings: WrapSecretFinding[];
      confirmedBy: Confirmation[];
      /** Share numbers that went into the recombination (the first K accepted entries). */
      used: number[];
      entries: EntryReport[];
    }
  | { ok: false; problems: SetProblem[]; entries: EntryReport[] };

interface Parsed {
  entry: EntryReport;
  share: ParsedShare;
}

const TRY_AGAIN =
  " Check each line's check characters, or add another custodian's share so Custos can tell which one is wrong.";

/** A short name for an entry in sentences: "share 3 (entry 2)". */
export function describeEntry(entry: Pick<EntryReport, 'index' | 'shareNumber'>): string {
  return entry.shareNumber === undefined
    ? `entry ${entry.index + 1}`
    : `share ${entry.shareNumber} (entry ${entry.index + 1})`;
}

export async function analyzeShareSet(
  texts: readonly string[],
  options: ShareSetOptions = {},
): Promise<ShareSetResult> {
  const entries: EntryReport[] = texts.map((_, index) => ({
    index,
    status: 'undecided',
    warnings: [],
  }));
  const parsed = texts.flatMap((text, index) => parseEntry(text, entries[index]!, options));
  const recorded = options.recorded ?? {};
  try {
    let live = parsed;
    const format = options.format ?? majority(live.map((p) => p.share.format));
    live = keepOnly(
      live,
      (p) => p.share.format === format,
      (p) =>
        reject(
          p.entry,
          'other-format',
          `This is a ${p.share.format} share, but ${options.format ? "this ceremony's shares are" : 'the others are'} ${format} shares.`,
        ),
    );
    const threshold = options.threshold ?? majority(live.map((p) => p.share.threshold));
    live = keepOnly(
      live,
      (p) => p.share.threshold === threshold,
      (p) =>
        reject(
          p.entry,
          'threshold-differs',
          `This share says threshold ${p.share.threshold}, but ${options.threshold ? "the ceremony's threshold is" : 'the others say'} ${threshold}: it belongs to another set, or its first digit is mistyped.`,
        ),
    );
    const length = majority(live.map((p) => p.share.payload.length));
    live = keepOnly(
      live,
      (p) => p.share.payload.length === length,
      (p) =>
        reject(
          p.entry,
          'length-differs',
          'This share is a different length from the others: it holds a different kind of wrap key, so it belongs to another set.',
        ),
    );
    if (options.commitments) live = checkCommitments(live, options.commitments);
    live = dropRepeats(live);
    if (live.length === 0 || threshold === undefined || format === undefined) {
      return {
        ok: false,
        problems: [{ code: 'no-shares', message: 'No readable share was entered yet.' }],
        entries,
      };
    }

    const field = format === 'yubihsm-manager' ? AES_FIELD : RUSTY_SECRETS_FIELD;
    const candidates: Candidate[] = live.map((p) => ({
      entry: p.entry.index,
      x: p.share.number,
      y: p.share.payload,
    }));
    const consensus = findConsensus(candidates, threshold, field, (secret) =>
      plausibleWrapSecret(secret, recorded),
    );
    if (consensus.kind === 'not-enough') {
      const n = consensus.distinctNumbers;
      const fix = entries.some((e) => e.status === 'rejected')
        ? ', or correct the rejected ones'
        : '';
      const problems: SetProblem[] = [
        {
          code: 'not-enough-shares',
          message: `${threshold} different shares are needed and ${n} usable ${n === 1 ? 'was' : 'were'} entered: add another custodian's share${fix}.`,
        },
      ];
      for (const clash of sameNumberClashes(live)) {
        problems.push({
          code: 'inconsistent',
          message: `Entries ${clash.map((p) => p.entry.index + 1).join(' and ')} both say share ${clash[0]!.share.number} but differ: one of them is mistyped.`,
          entries: clash.map((p) => p.entry.index),
        });
      }
      return { ok: false, entries, problems };
    }
    if (consensus.kind === 'ambiguous') {
      return {
        ok: false,
        entries,
        problems: [
          {
            code: 'inconsistent',
            message:
              "These shares do not all belong together, and Custos cannot tell which one is wrong. Check each line's check characters, or add another custodian's share.",
            entries: live.map((p) => p.entry.index),
          },
        ],
      };
    }
    for (const other of consensus.others) {
      const twin = consensus.supporters.find((s) => s.x === other.x);
      reject(
        entries[other.entry]!,
        'disagrees',
        twin
          ? `This share does not agree with the others, while ${describeEntry(entries[twin.entry]!)} with the same number does: this one is mistyped.`
          : 'This share does not agree with the others: it is mistyped, or it comes from another ceremony.',
      );
    }

    const chosen = consensus.supporters.slice(0, threshold);
    const spare = consensus.supporters.length > threshold;
    const verdict = judgeSecret(
      await recombine(format, chosen, live),
      recorded,
      spare ? '' : TRY_AGAIN,
    );
    if (!verdict.ok) return { ok: false, problems: verdict.problems, entries };
    for (const supporter of consensus.supporters) entries[supporter.entry]!.status = 'accepted';

    const confirmedBy: Confirmation[] = [];
    if (spare) confirmedBy.push('spare-shares');
    // Entries that failed their commitment were rejected above, so every used share passed one.
    if (options.commitments) confirmedBy.push('commitments');
    if (recorded.kcv !== undefined) confirmedBy.push('check-value');
    if (recorded.policy !== undefined) confirmedBy.push('recorded-policy');
    return {
      ok: true,
      format,
      threshold,
      secret: verdict.secret,
      algorithm: wrapKeyAlgorithm(verdict.secret.key),
      kcv: verdict.kcv,
      findings: verdict.findings,
      confirmedBy,
      used: chosen.map((c) => c.x),
      entries,
    };
  } finally {
    for (const p of parsed) p.share.payload.fill(0);
  }
}

function parseEntry(text: string, entry: EntryReport, options: ShareSetOptions): Parsed[] {
  if (text.trim() === '') {
    entry.status = 'ignored';
    return [];
  }
  const mode = options.mode ?? 'lenient';
  // Read it as what it looks like first, so a share of the other format is named as such; if
  // that fails and the record names the format, describe the problem in that format's terms.
  let result = parseShare(text, { mode });
  if (!result.ok && options.format) result = parseShare(text, { mode, format: options.format });
  if (!result.ok) {
    reject(entry, result.problem.code, result.problem.message, result.problem.position);
    return [];
  }
  entry.shareNumber = result.share.number;
  entry.warnings.push(...result.warnings);
  return [{ entry, share: result.share }];
}

async function recombine(
  format: ShareFormat,
  chosen: Candidate[],
  live: Parsed[],
): Promise<Uint8Array> {
  if (format === 'yubihsm-setup') return combineShares(chosen, RUSTY_SECRETS_FIELD);
  // Manager shares: the npm package recombines (§7); our own AES-field code must agree.
  const shares = chosen.map((c) => live.find((p) => p.entry.index === c.entry)!.share);
  const viaPackage = await combineManagerShares(shares);
  const viaOwn = combineShares(chosen, AES_FIELD);
  const agree = viaPackage.length === viaOwn.length && viaPackage.every((b, i) => b === viaOwn[i]);
  viaOwn.fill(0);
  if (!agree) {
    viaPackage.fill(0);
    throw new Error(
      'Custos could not recombine these yubihsm-manager shares: its two implementations disagree. Please report this.',
    );
  }
  return viaPackage;
}

function checkCommitments(
  live: Parsed[],
  commitments: ReadonlyMap<number, ShareCommitment>,
): Parsed[] {
  return keepOnly(
    live,
    (p) => {
      const commitment = commitments.get(p.share.number);
      return (
        commitment !== undefined &&
        verifyShareCommitment(p.share.canonical, commitment, { format: p.share.format })
      );
    },
    (p) => {
      if (!commitments.has(p.share.number)) {
        reject(
          p.entry,
          'unknown-share-number',
          `The ceremony has no share number ${p.share.number}: check the number after the first dash.`,
        );
      } else {
        reject(
          p.entry,
          'commitment-mismatch',
          `This is not the share ${p.share.number} recorded at the ceremony: it is mistyped, or it comes from another ceremony.`,
        );
      }
    },
  );
}

/** Groups of entries that carry the same share number with different data. */
function sameNumberClashes(live: Parsed[]): Parsed[][] {
  const byNumber = new Map<number, Parsed[]>();
  for (const p of live) byNumber.set(p.share.number, [...(byNumber.get(p.share.number) ?? []), p]);
  return [...byNumber.values()].filter((group) => group.length > 1);
}

/** The same share typed twice counts once. */
function dropRepeats(live: Parsed[]): Parsed[] {
  const kept: Parsed[] = [];
  for (const p of live) {
    const first = kept.find((k) => k.share.canonical === p.share.canonical);
    if (first) {
      p.entry.status = 'ignored';
      p.entry.warnings.push({
        code: 'repeated',
        message: `This is the same share as entry ${first.entry.index + 1}; it is counted once.`,
      });
    } else {
      kept.push(p);
    }
  }
  return kept;
}

function keepOnly(
  live: Parsed[],
  keep: (p: Parsed) => boolean,
  onDrop: (p: Parsed) => void,
): Parsed[] {
  return live.filter((p) => {
    if (keep(p)) return true;
    onDrop(p);
    return false;
  });
}

/** The most common value; ties go to the value seen first. */
function majority<T>(values: readonly T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | undefined;
  let bestCount = 0;
  for (const [v, count] of counts) {
    if (count > bestCount) {
      best = v;
      bestCount = count;
    }
  }
  return best;
}

function reject(
  entry: EntryReport,
  code: EntryProblemCode,
  message: string,
  position?: number,
): void {
  entry.status = 'rejected';
  entry.problem = position === undefined ? { code, message } : { code, message, position };
}
