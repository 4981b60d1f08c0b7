import { describe, expect, it } from 'vitest';
import { defaultDraft, evaluateDraft } from './plan-draft';
import { PasswordStore } from './passwords';

const context = (simulated: boolean) => ({
  simulated,
  inventory: [],
  passwords: new PasswordStore(),
  folder: '/tmp/ceremony',
  folderProblem: undefined,
});

const draft = (custodians: string[], threshold: number) => ({
  ...defaultDraft(),
  ceremony: 'Draft ceremony',
  custodians,
  threshold,
});

const at = (problems: { field?: string; message: string }[], field: string) =>
  problems.filter((problem) => problem.field === field).map((problem) => problem.message);

describe('a plan draft’s threshold sentences', () => {
  it('refuses 1-of-3 on a simulated primary without also saying 1 is allowed there', () => {
    const evaluation = evaluateDraft(draft(['Ann', 'Bob', 'Cy'], 1), context(true));
    expect(at(evaluation.errors, 'threshold')).toEqual([
      "a threshold of 1 puts the whole wrap key on each of the 3 custodians' sheets; it must be between 2 and 3",
    ]);
    expect(at(evaluation.warnings, 'threshold')).toEqual([]);
  });

  it('warns about 1-of-1 on a simulated primary, where it is allowed', () => {
    const evaluation = evaluateDraft(draft(['Ann'], 1), context(true));
    expect(at(evaluation.errors, 'threshold')).toEqual([]);
    expect(at(evaluation.warnings, 'threshold')).toEqual([
      'with a threshold of 1 every share is the whole wrap key; this is only allowed because the primary is simulated',
    ]);
  });

  it('says at its field what is wrong with a draft that does not parse yet (a name cleared, threshold 0)', () => {
    const evaluation = evaluateDraft(draft(['Ann', '', 'Cy'], 0), context(true));
    expect(evaluation.plan).toBeUndefined();
    expect(at(evaluation.errors, 'custodians.1')).toEqual(['every custodian needs a name']);
    expect(at(evaluation.errors, 'threshold')).toEqual([
      'give the threshold: how many custodians must bring their shares to restore',
    ]);
  });
});
