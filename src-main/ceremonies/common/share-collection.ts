// Collecting M custodians' shares, one at a time, each checked before the next custodian steps
// up (spec/yubihsm-setup-interop.md §3.7): its format, that it agrees with the others on the
// threshold, that it was not entered already, and — with a Custos record — that it is exactly
// the share committed to for its custodian (share number X is custodian X), so the wrong share
// is named at once instead of surfacing as a failed import. Then the set is recombined and
// checked against the recorded check value and policy.

import {
  analyzeShareSet,
  parseShare,
  verifyShareCommitment,
  type Confirmation,
  type RecordedWrapKey,
  type ShareCommitment,
  type ShareFormat,
  type WrapSecret,
} from '../../secrets';
import { describeTypedLine, joinLines, readTypedLine } from '../../../shared/shares/checked-lines';

export interface CustodianExpectation {
  name: string;
  commitment: ShareCommitment;
}

export interface ShareExpectations {
  /** From the record; undefined in interop mode (learnt from the first accepted share). */
  format?: ShareFormat;
  threshold?: number;
  /** Record mode: every custodian by share number. */
  custodians?: ReadonlyMap<number, CustodianExpectation>;
  /** Record mode: the check value and policy the recombined key must match. */
  recorded?: RecordedWrapKey;
  /**
   * Record mode: share sets a reshare replaced (issue 12 §2). Their shares still rebuild the
   * wrap key, so a set of them is accepted, said plainly; a set never mixes two of them.
   */
  superseded?: readonly SupersededExpectation[];
  /**
   * A share audit proves the recorded shares: a share that is not its custodian's recorded one
   * is wrong at once, even first (a re-split set would rebuild the key but prove no share).
   */
  requireRecorded?: boolean;
}

/** A share set a reshare replaced, as the collector checks it. */
export interface SupersededExpectation {
  supersededAt: string;
  format: ShareFormat;
  threshold: number;
  custodians: ReadonlyMap<number, CustodianExpectation>;
}

/** The sentence a set from a superseded share set carries, wherever it is accepted. */
export function supersededWarning(supersededAt: string): string {
  return `These shares are from a share set that a reshare replaced on ${supersededAt.slice(0, 10)}. They still rebuild the wrap key (a key cannot be revoked by splitting it again), so Custos accepts them; the current custodians hold the new set. If these old shares may be exposed, rotate the wrap key.`;
}

export type ShareVerdict =
  | { ok: true; shareNumber: number; name?: string; warnings: string[] }
  | {
      ok: false;
      message: string;
      line?: number;
      position?: number;
      /** The share read, but it is not its custodian's recorded share: its number. */
      wrongShare?: number;
    };

export interface AcceptedShare {
  shareNumber: number;
  name?: string;
}

/**
 * A set that is not the one recorded at the ceremony but rebuilds the recorded wrap key (re-split
 * by yubihsm-setup or yubihsm-manager, or reshared elsewhere): which share numbers matched their
 * custodian's commitment and which did not.
 */
export interface UnrecordedSet {
  matched: number[];
  unmatched: number[];
}

export type RecombineResult =
  | {
      ok: true;
      /** Zeroize `secret.key` when the restore no longer needs it. */
      secret: WrapSecret;
      kcv: string;
      confirmedBy: string[];
      warnings: string[];
      used: number[];
      /** Present only when the shares are not the recorded ones (the check value vouched). */
      unrecorded?: UnrecordedSet;
      /** Present only when the shares are of a set a reshare superseded. */
      superseded?: { supersededAt: string };
    }
  | {
      ok: false;
      problems: string[];
      /** Record mode: share numbers named wrong (not recorded, and the set missed the key). */
      wrong?: number[];
    };

/** A share in words for sentences: "share 2 (Grace Hopper)". */
export function nameShare(shareNumber: number, name?: string): string {
  return name ? `share ${shareNumber} (${name})` : `share ${shareNumber}`;
}

const CONFIRMATION_WORDS: Readonly<Record<Confirmation | 'backups', string>> = {
  'spare-shares': 'more shares than the threshold all agree',
  commitments: "every share matches its custodian's commitment in the record",
  'check-value': 'the check value matches the record',
  'recorded-policy': 'the wrap key id, domains and capabilities match the record',
  backups: 'the key opens the .yhw backups',
};

export class ShareCollector {
  private readonly entries: {
    shareNumber: number;
    name?: string;
    canonical: string;
    threshold: number;
    format: ShareFormat;
    length: number;
    /** Record mode: it matched its custodian's commitment (false: kept for the check value to judge). */
    recorded?: boolean;
  }[] = [];

  /** The superseded set the first share belonged to (the collector then expects that set). */
  private supersededSet: SupersededExpectation | undefined;
  /** The record's current set, kept while a superseded set is being entered. */
  private originalSet: ShareExpectations | undefined;

  constructor(private expect: ShareExpectations) {}

  /** The superseded set being entered, when the shares are not the current set's. */
  get superseded(): SupersededExpectation | undefined {
    return this.supersededSet;
  }

  get threshold(): number | undefined {
    return this.expect.threshold ?? this.entries[0]?.threshold;
  }

  get format(): ShareFormat | undefined {
    return this.expect.format ?? this.entries[0]?.format;
  }

  get accepted(): AcceptedShare[] {
    return this.entries.map((e) =>
      e.name === undefined
        ? { shareNumber: e.shareNumber }
        : { shareNumber: e.shareNumber, name: e.name },
    );
  }

  get enough(): boolean {
    const threshold = this.threshold;
    return threshold !== undefined && this.entries.length >= threshold;
  }

  /** Record mode: custodians whose share has not been accepted yet, by share number. */
  waiting(): number[] {
    return [...(this.expect.custodians?.keys() ?? [])]
      .filter((n) => !this.entries.some((e) => e.shareNumber === n))
      .sort((a, b) => a - b);
  }

  /** A share typed as checked lines (each with its check character), as printed on the sheet. */
  offerLines(lines: readonly string[], custodian?: number): ShareVerdict {
    const hex = this.format === 'yubihsm-manager';
    const texts: string[] = [];
    for (const [index, typed] of lines.entries()) {
      const last = index === lines.length - 1;
      const result = readTypedLine(index + 1, typed, last ? undefined : 16, { hex });
      if (!result.ok) {
        return {
          ok: false,
          line: index + 1,
          message: `${this.whose(custodian)}${describeTypedLine(index + 1, result)}`,
        };
      }
      texts.push(result.text);
    }
    // A dash typed for a slash passes the line check ('-' counts as '/'); strict parsing catches it.
    return this.offer(joinLines(texts), custodian, 'strict');
  }

  /**
   * Checks one share (pasted, scanned or read from a file) and keeps it when it passes.
   * `custodian` is the share number of the custodian at the keyboard, when known.
   */
  offer(text: string, custodian?: number, mode: 'strict' | 'lenient' = 'lenient'): ShareVerdict {
    const mixed = this.followSupersededSet(text, mode);
    if (mixed) return { ok: false, message: `${this.whose(custodian)}${mixed}` };
    const who = this.whose(custodian);
    const parsed = parseShare(
      text,
      this.expect.format ? { mode, format: this.expect.format } : { mode },
    );
    if (!parsed.ok) {
      const other = this.expect.format && parseShare(text, { mode });
      if (other && other.ok && other.share.format !== this.expect.format) {
        other.share.payload.fill(0);
        return {
          ok: false,
          message: `${who}This is a ${other.share.format} share, but this ceremony's shares are ${this.expect.format} shares.`,
        };
      }
      return {
        ok: false,
        message: `${who}${parsed.problem.message}`,
        ...(parsed.problem.position === undefined ? {} : { position: parsed.problem.position }),
      };
    }
    const { share } = parsed;
    const length = share.payload.length;
    share.payload.fill(0);
    const threshold = this.threshold;
    if (threshold !== undefined && share.threshold !== threshold) {
      const whose =
        this.expect.threshold !== undefined
          ? "the ceremony's threshold is"
          : 'the shares entered before say';
      return {
        ok: false,
        position: 1,
        message: `${who}This share says threshold ${share.threshold} (the digit before the first dash), but ${whose} ${threshold}: that digit is mistyped, or the share belongs to another set.`,
      };
    }
    const first = this.entries[0];
    if (first && (share.format !== first.format || length !== first.length)) {
      return {
        ok: false,
        message: `${who}This share is a different kind from the ones entered before (another format or key length): it belongs to another set.`,
      };
    }
    const custodians = this.expect.custodians;
    if (custodian !== undefined && share.number !== custodian) {
      return {
        ok: false,
        message: `${who}This custodian holds share ${custodian}, but the share typed says number ${share.number} (after the first dash): check that number, or let the custodian who holds share ${share.number} enter it.`,
      };
    }
    const same = this.entries.find((e) => e.canonical === share.canonical);
    if (same) {
      return {
        ok: false,
        message: `${who}This share was already entered as ${nameShare(same.shareNumber, same.name)}; the same share counts once. The next custodian should enter their own.`,
      };
    }
    const expected = custodians?.get(share.number);
    if (custodians && !expected) {
      return {
        ok: false,
        position: share.threshold.toString().length + 2,
        message: `${who}The ceremony has no share number ${share.number} (shares are numbered 1 to ${custodians.size}): check the number after the first dash.`,
      };
    }
    const recorded =
      expected === undefined
        ? undefined
        : verifyShareCommitment(share.canonical, expected.commitment, { format: share.format });
    // A share that is not the recorded one is wrong when the others entered are the recorded
    // ones (a set cannot mix two splits). Alone, or with other unrecorded shares, it may belong
    // to a re-split of the same wrap key: the recorded check value decides once the set is in.
    if (
      expected &&
      recorded === false &&
      (this.expect.requireRecorded || this.entries.some((e) => e.recorded === true))
    ) {
      return {
        ok: false,
        wrongShare: share.number,
        message: `Share ${share.number} (${expected.name}) is wrong: it is not the share recorded at the ceremony for custodian ${share.number}, ${expected.name}. It is mistyped (check each line's check character, and the number after the first dash), or it comes from another ceremony.`,
      };
    }
    const twin = this.entries.find((e) => e.shareNumber === share.number);
    if (twin) {
      return {
        ok: false,
        message: `${who}Share number ${share.number} was already entered and this one differs from it: one of the two is mistyped. Check the number after the first dash.`,
      };
    }
    const name = expected?.name;
    this.entries.push({
      shareNumber: share.number,
      ...(name === undefined ? {} : { name }),
      canonical: share.canonical,
      threshold: share.threshold,
      format: share.format,
      length,
      ...(recorded === undefined ? {} : { recorded }),
    });
    const notRecorded =
      recorded === false
        ? [
            `This is not the share recorded at the ceremony for custodian ${share.number}, ${expected!.name}. If the shares were split again since (by yubihsm-setup, yubihsm-manager or a reshare), go on: Custos accepts the set only if it rebuilds the recorded wrap key (check value ${this.expect.recorded?.kcv ?? 'in the record'}). Otherwise it is mistyped or from another ceremony: cancel this turn and enter it again.`,
          ]
        : [];
    const superseded =
      this.supersededSet && this.entries.length === 1
        ? [supersededWarning(this.supersededSet.supersededAt)]
        : [];
    return {
      ok: true,
      shareNumber: share.number,
      ...(name === undefined ? {} : { name }),
      warnings: [...parsed.warnings.map((w) => w.message), ...notRecorded, ...superseded],
    };
  }

  /**
   * With superseded sets in the record: the first share decides which set is being entered (a
   * share matching an old set's commitment, and not the current one's, switches the collector
   * to that set's threshold, format and custodians). Later shares must come from the same set;
   * the sentence when one does not, undefined otherwise.
   */
  private followSupersededSet(text: string, mode: 'strict' | 'lenient'): string | undefined {
    const sets = this.expect.superseded;
    if (!sets || sets.length === 0) return undefined;
    const parsed = parseShare(text, { mode });
    if (!parsed.ok) return undefined;
    parsed.share.payload.fill(0);
    const { number, format } = parsed.share;
    const matches = (custodians: ReadonlyMap<number, CustodianExpectation> | undefined) => {
      const expected = custodians?.get(number);
      return expected !== undefined && verifyShareCommitment(text, expected.commitment, { format });
    };
    const current = this.supersededSet ? undefined : this.expect.custodians;
    if (matches(current)) return undefined;
    const set = sets.find((candidate) => matches(candidate.custodians));
    if (this.entries.length === 0) {
      if (set) this.enterSupersededSet(set);
      return undefined;
    }
    const date = (at: string) => at.slice(0, 10);
    if (this.supersededSet && set !== this.supersededSet && (set || matches(this.currentSet())))
      return `This share is from ${set ? `another share set (replaced on ${date(set.supersededAt)})` : 'the current share set'}, but the shares entered before are from the set a reshare replaced on ${date(this.supersededSet.supersededAt)}: a set cannot mix two splits. Enter a share of the same set, or cancel and start again with the current shares.`;
    if (!this.supersededSet && set)
      return `This share is from the share set a reshare replaced on ${date(set.supersededAt)}, but the shares entered before are from the current set: a set cannot mix two splits. Its custodian holds a newer share now; enter that one.`;
    return undefined;
  }

  private currentSet(): ReadonlyMap<number, CustodianExpectation> | undefined {
    return (this.originalSet ?? this.expect).custodians;
  }

  private enterSupersededSet(set: SupersededExpectation): void {
    this.originalSet = this.expect;
    this.supersededSet = set;
    this.expect = {
      ...this.expect,
      format: set.format,
      threshold: set.threshold,
      custodians: set.custodians,
    };
  }

  /**
   * Recombines the accepted shares. `opensBackups` (interop mode, where no check value is
   * recorded) tells whether a candidate key opens the folder's .yhw files; with spare shares it
   * also finds which share is wrong. The caller zeroizes the returned key.
   */
  async recombine(opensBackups?: (key: Uint8Array) => boolean): Promise<RecombineResult> {
    const threshold = this.threshold;
    if (threshold === undefined || this.entries.length < threshold) {
      return {
        ok: false,
        problems: [
          `${threshold ?? 'More'} shares are needed and ${this.entries.length} ${this.entries.length === 1 ? 'was' : 'were'} entered: call another custodian.`,
        ],
      };
    }
    const all = this.markSuperseded(await this.analyzeAllowingResplit(this.entries));
    if (!all.ok) this.dropUnrecorded();
    if (!opensBackups) return all;
    if (all.ok) {
      if (opensBackups(all.secret.key))
        return { ...all, confirmedBy: [...all.confirmedBy, CONFIRMATION_WORDS.backups] };
      all.secret.key.fill(0);
    } else if (this.entries.length === threshold) {
      return all;
    }
    // Every K-subset that recombines to a key opening the backups points at the right shares.
    for (const subset of subsetsOf(this.entries, threshold)) {
      const candidate = await this.analyze(subset);
      if (!candidate.ok) continue;
      if (!opensBackups(candidate.secret.key)) {
        candidate.secret.key.fill(0);
        continue;
      }
      const wrong: typeof this.entries = [];
      for (const entry of this.entries.filter((e) => !subset.includes(e))) {
        // A share outside the subset is right if it recombines to the same key with the others.
        const check = await this.analyze([...subset.slice(1), entry]);
        if (check.ok) check.secret.key.fill(0);
        if (!check.ok || check.kcv !== candidate.kcv) wrong.push(entry);
      }
      for (const entry of wrong) this.entries.splice(this.entries.indexOf(entry), 1);
      const names = wrong.map((e) => nameShare(e.shareNumber, e.name)).join(' and ');
      return {
        ...candidate,
        confirmedBy: [...candidate.confirmedBy, CONFIRMATION_WORDS.backups],
        warnings:
          wrong.length === 0
            ? candidate.warnings
            : [
                ...candidate.warnings,
                `${names} did not agree with the others and ${wrong.length === 1 ? 'was' : 'were'} left out: mistyped.`,
              ],
      };
    }
    const spare =
      this.entries.length > threshold
        ? ''
        : ' Call another custodian: with one more share Custos can tell which one is wrong.';
    return {
      ok: false,
      problems: [
        `The shares recombine to a wrap key that opens none of the .yhw files: a share is mistyped, or the files were made under another wrap key.${spare}`,
      ],
    };
  }

  /**
   * Record mode: the set as recorded first. When it fails only because shares are not the
   * recorded ones, the same shares without the commitments: if they rebuild the recorded check
   * value (and policy) they are a re-split of the same wrap key and are accepted, said plainly;
   * otherwise the commitments' verdict stands and names the wrong shares.
   */
  private async analyzeAllowingResplit(
    entries: readonly (typeof this.entries)[number][],
  ): Promise<RecombineResult> {
    const asRecorded = await this.analyze(entries);
    const unmatched = entries.filter((e) => e.recorded === false);
    if (asRecorded.ok || unmatched.length === 0 || this.expect.recorded?.kcv === undefined)
      return asRecorded;
    const byKey = await this.analyze(entries, { withoutCommitments: true });
    if (!byKey.ok) {
      // Not a re-split of the recorded key either: the commitments name the wrong shares.
      return {
        ok: false,
        wrong: unmatched.map((e) => e.shareNumber),
        problems: unmatched.map((e) => {
          const name = this.expect.custodians?.get(e.shareNumber)?.name ?? '';
          return `Share ${e.shareNumber} (${name}) is wrong: it is not the share recorded at the ceremony for custodian ${e.shareNumber}, ${name}, and the shares entered do not rebuild the recorded wrap key (check value ${this.expect.recorded!.kcv!}). It is mistyped (check each line's check character, and the number after the first dash), or it comes from another ceremony: its custodian enters it again.`;
        }),
      };
    }
    const unrecorded: UnrecordedSet = {
      matched: entries.filter((e) => e.recorded === true).map((e) => e.shareNumber),
      unmatched: unmatched.map((e) => e.shareNumber),
    };
    const list = (numbers: number[]) =>
      numbers.map((n) => nameShare(n, this.expect.custodians?.get(n)?.name)).join(', ');
    const matchedWords =
      unrecorded.matched.length === 0
        ? 'none of them matches'
        : `${list(unrecorded.matched)} ${unrecorded.matched.length === 1 ? 'matches' : 'match'}`;
    return {
      ...byKey,
      unrecorded,
      warnings: [
        `These shares are not the ones recorded at the ceremony: ${list(unrecorded.unmatched)} ${unrecorded.unmatched.length === 1 ? 'does' : 'do'} not match the recorded commitments, and ${matchedWords}. They rebuild the recorded wrap key (check value ${byKey.kcv}), so they were split again from the same key since the ceremony (by yubihsm-setup, yubihsm-manager or a reshare done elsewhere). Custos accepts them; the record says so.`,
        ...byKey.warnings,
      ],
    };
  }

  /** A set of a superseded share set says so in its result and its warnings. */
  private markSuperseded(result: RecombineResult): RecombineResult {
    const set = this.supersededSet;
    if (!result.ok || !set) return result;
    return {
      ...result,
      superseded: { supersededAt: set.supersededAt },
      warnings: [supersededWarning(set.supersededAt), ...result.warnings],
    };
  }

  /**
   * After a failed recombination, shares that did not match their commitment are let go, so
   * their custodians can enter them again (the problems named them).
   */
  private dropUnrecorded(): void {
    for (let i = this.entries.length - 1; i >= 0; i--)
      if (this.entries[i]!.recorded === false) this.entries.splice(i, 1);
  }

  /** Drops the share texts once the key is rebuilt (strings cannot be wiped, only let go). */
  forget(): void {
    this.entries.length = 0;
  }

  /**
   * Lets go of the shares entered and of the set they chose (an audit that starts again): the
   * next first share decides the set anew.
   */
  reset(): void {
    this.entries.length = 0;
    if (this.originalSet) this.expect = this.originalSet;
    this.originalSet = undefined;
    this.supersededSet = undefined;
  }

  private async analyze(
    entries: readonly { canonical: string; shareNumber: number; name?: string }[],
    { withoutCommitments = false } = {},
  ): Promise<RecombineResult> {
    const commitments =
      this.expect.custodians && !withoutCommitments
        ? new Map([...this.expect.custodians].map(([n, c]) => [n, c.commitment]))
        : undefined;
    const result = await analyzeShareSet(
      entries.map((e) => e.canonical),
      {
        ...(this.format ? { format: this.format } : {}),
        ...(this.threshold !== undefined ? { threshold: this.threshold } : {}),
        ...(commitments ? { commitments } : {}),
        ...(this.expect.recorded ? { recorded: this.expect.recorded } : {}),
      },
    );
    if (!result.ok) {
      const rejected = result.entries
        .filter((entry) => entry.status === 'rejected' && entry.problem)
        .map(
          (entry) =>
            `${nameShare(entries[entry.index]!.shareNumber, entries[entry.index]!.name)}: ${entry.problem!.message}`,
        );
      return { ok: false, problems: [...result.problems.map((p) => p.message), ...rejected] };
    }
    const warnings = result.findings.map((f) => f.message);
    if (result.confirmedBy.length === 0) {
      warnings.push(
        'Nothing but the shares themselves vouches for this key (no record, no spare share): a typo in the key part of a share would go unnoticed until the backups are opened.',
      );
    }
    return {
      ok: true,
      secret: result.secret,
      kcv: result.kcv,
      confirmedBy: result.confirmedBy.map((c) => CONFIRMATION_WORDS[c]),
      warnings,
      used: result.used,
    };
  }

  private whose(custodian: number | undefined): string {
    if (custodian === undefined) return '';
    const name = this.expect.custodians?.get(custodian)?.name;
    return `${name ? `${name} (share ${custodian})` : `Share ${custodian}`}: `;
  }
}

/** Every way to choose `size` of `items`, in order. */
function subsetsOf<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  if (items.length < size) return [];
  const [first, ...rest] = items;
  return [...subsetsOf(rest, size - 1).map((s) => [first!, ...s]), ...subsetsOf(rest, size)];
}
