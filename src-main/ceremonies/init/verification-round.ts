// The optional verification round (brief step 6): after every share has been shown, each
// custodian types theirs back. The renderer checks each line's check character as it is typed;
// main re-parses, checks the share against that custodian's salted commitment (naming the
// custodian when it does not match), and once all are in, recombines every M-subset and
// requires each to give the recorded wrap key — all before the device is written.

import type { ShareFormat } from '../../../shared/ceremony/init-plan';
import type { z } from 'zod';
import type { VerificationViewSchema } from '../../../shared/ceremony/init-snapshot';
import { Refusal } from '../../refusal/refusal';
import { verifyShareCommitment, type ShareCommitment } from '../../secrets/commitments';
import { AES_FIELD, RUSTY_SECRETS_FIELD } from '../../secrets/gf256';
import { keyCheckValue, sameCheckValue } from '../../secrets/kcv';
import { combineShares, interpolateAt, type SharePoint } from '../../secrets/shamir';
import { parseShare } from '../../secrets/share-text';
import { lineLengths } from '../../../shared/shares/checked-lines';
import { decodeWrapSecret, policyDifferences, type WrapPolicy } from '../../secrets/wrap-secret';
import type { TurnProblem } from './share-turns';

export type VerificationView = z.infer<typeof VerificationViewSchema>;
export type VerificationPhase = VerificationView['phase'];

/** Past this many M-subsets the rest are covered by checking every share lies on one polynomial. */
export const SUBSET_LIMIT = 2000;

export interface VerificationOptions {
  custodians: readonly string[];
  commitments: readonly ShareCommitment[];
  format: ShareFormat;
  threshold: number;
  kcv: string;
  policy: WrapPolicy;
  /** Characters after "K-X-": 70 for yubihsm-setup, 104 hex digits for yubihsm-manager (AES-256). */
  payloadLength: number;
}

export interface VerificationResult {
  subsetsChecked: number;
  allMatch: boolean;
  kcv: string;
}

export class VerificationRound {
  private turn = 0;
  private current: VerificationPhase = 'handover';
  private readonly points: SharePoint[] = [];
  private outcome: VerificationResult | undefined;

  constructor(private readonly options: VerificationOptions) {}

  get phase(): VerificationPhase {
    return this.current;
  }

  get custodianName(): string {
    return this.options.custodians[this.turn]!;
  }

  get result(): VerificationResult | undefined {
    return this.outcome;
  }

  /** The custodian is at the keyboard: show the entry form. */
  start(): void {
    if (this.current !== 'handover')
      throw new Refusal('conflict', 'The entry form is already open, or this custodian is done.');
    this.current = 'entry';
  }

  /** Checks one custodian's typed share. Undefined means it is theirs and it is right. */
  enter(text: string): TurnProblem | undefined {
    if (this.current !== 'handover' && this.current !== 'entry')
      throw new Refusal('conflict', 'No share is being entered right now.');
    this.current = 'entry';
    const { format, commitments, custodians } = this.options;
    const parsed = parseShare(text, { format, mode: 'lenient' });
    if (!parsed.ok)
      return {
        field: 'text',
        message: `${parsed.problem.message} Type ${this.custodianName}'s share again.`,
      };
    const share = parsed.share;
    if (!verifyShareCommitment(text, commitments[this.turn]!, { format })) {
      share.payload.fill(0);
      const owner = commitments.findIndex(
        (commitment, index) =>
          index !== this.turn && verifyShareCommitment(text, commitment, { format }),
      );
      const message =
        owner >= 0
          ? `This is ${custodians[owner]}'s share (share ${owner + 1}), not ${this.custodianName}'s. ${this.custodianName}: type your own share.`
          : `This is not the share ${this.custodianName} recorded: it does not match ${this.custodianName}'s commitment in the ceremony record. Check the lines against the sheet and type it again.`;
      return { field: 'text', message };
    }
    this.points.push({ x: share.number, y: share.payload });
    this.current = 'cleared';
    return undefined;
  }

  /** From the blank interstitial to the next custodian, or to the result after the last. */
  next(): 'next' | 'result' {
    if (this.current !== 'cleared')
      throw new Refusal('conflict', `${this.custodianName} has not entered a matching share yet.`);
    if (this.turn < this.options.custodians.length - 1) {
      this.turn += 1;
      this.current = 'handover';
      return 'next';
    }
    this.outcome = this.recombineEverySubset();
    this.current = 'result';
    this.dispose();
    return 'result';
  }

  view(): VerificationView {
    const { custodians, threshold, payloadLength } = this.options;
    return {
      step: 'verification',
      custodian: { index: this.turn + 1, name: this.custodianName },
      custodianCount: custodians.length,
      threshold,
      phase: this.current,
      lineLengths: lineLengths(`${threshold}-${this.turn + 1}-`.length + payloadLength),
      ...(this.outcome ? { result: this.outcome } : {}),
    };
  }

  dispose(): void {
    for (const point of this.points) point.y.fill(0);
    this.points.length = 0;
  }

  private recombineEverySubset(): VerificationResult {
    const { threshold, format, kcv, policy } = this.options;
    const field = format === 'yubihsm-manager' ? AES_FIELD : RUSTY_SECRETS_FIELD;
    let subsetsChecked = 0;
    let allMatch = true;
    let exhausted = true;
    for (const subset of combinations(this.points, threshold)) {
      if (subsetsChecked === SUBSET_LIMIT) {
        exhausted = false;
        break;
      }
      const bytes = combineShares(subset, field);
      const secret = decodeWrapSecret(bytes);
      bytes.fill(0);
      const same =
        sameCheckValue(keyCheckValue(secret.key), kcv) &&
        policyDifferences(secret, policy).length === 0;
      secret.key.fill(0);
      subsetsChecked += 1;
      if (!same) allMatch = false;
    }
    if (!exhausted) {
      // Every share on the polynomial through the first M means every M-subset gives its secret.
      const base = this.points.slice(0, threshold);
      for (const point of this.points.slice(threshold)) {
        const predicted = interpolateAt(base, point.x, field);
        if (!predicted.every((byte, index) => byte === point.y[index])) allMatch = false;
        predicted.fill(0);
      }
    }
    return { subsetsChecked, allMatch, kcv };
  }
}

/** Every k-element subset of `items`, in lexicographic order of positions. */
export function* combinations<T>(items: readonly T[], k: number): Generator<T[]> {
  if (k < 1 || k > items.length) return;
  const picks = Array.from({ length: k }, (_, i) => i);
  for (;;) {
    yield picks.map((i) => items[i]!);
    let position = k - 1;
    while (position >= 0 && picks[position] === items.length - k + position) position--;
    if (position < 0) return;
    picks[position]! += 1;
    for (let next = position + 1; next < k; next++) picks[next] = picks[next - 1]! + 1;
  }
}
