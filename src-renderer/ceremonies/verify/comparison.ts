// How the result table shows one object's comparison: for every field the verification compares
// (verify/compare.ts in main: algorithm, label, domains, capabilities, delegated capabilities),
// the value both sides hold when they are the same, or what each side holds when they are not.
// Pure, so it is tested alone.

import type { ObjectComparison } from '../../../shared/records/ceremony-record';

/** The compared fields, in the order main compares them, as main names them in `differences`. */
export const COMPARED_FIELDS = [
  'algorithm',
  'label',
  'domains',
  'capabilities',
  'delegated capabilities',
] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

/** The fields with a column of their own; the label is compared in the label column itself. */
export const FIELD_COLUMNS = [
  'algorithm',
  'domains',
  'capabilities',
  'delegated capabilities',
] as const satisfies readonly ComparedField[];

/**
 * One field of one row. `same` carries the value both sides hold (and capability names) when main
 * sent the primary's values; a record written before it did says only that nothing differed.
 */
export type FieldCell =
  | { readonly kind: 'same'; readonly value?: string; readonly names?: readonly string[] }
  | { readonly kind: 'differs'; readonly primary: string; readonly clone: string }
  | { readonly kind: 'not-compared' };

export function fieldCell(row: ObjectComparison, field: ComparedField): FieldCell {
  if (row.status !== 'match' && row.status !== 'mismatch') return { kind: 'not-compared' };
  const difference = row.differences.find((candidate) => candidate.field === field);
  if (difference)
    return { kind: 'differs', primary: difference.expected, clone: difference.actual };
  const expected = row.expected?.find((candidate) => candidate.field === field);
  if (!expected) return { kind: 'same' };
  return {
    kind: 'same',
    value: expected.value,
    ...(expected.names ? { names: expected.names } : {}),
  };
}

/** Capability names listed in the cell itself; longer lists fold (a wrap key delegates dozens), so the table stays narrow. */
export const NAMES_SHOWN_INLINE = 2;

export const STATUS_WORD: Readonly<Record<ObjectComparison['status'], string>> = {
  match: 'Matches',
  mismatch: 'Differs',
  missing: 'Missing on the clone',
  extra: 'Only on the clone',
  'not-backed-up': 'Not backed up (not expected on the clone)',
};

/** Rows that are a problem for the witness (what makes "all match" false), first. */
export function problemsFirst(rows: readonly ObjectComparison[]): ObjectComparison[] {
  const bad = (row: ObjectComparison) =>
    row.status === 'mismatch' || row.status === 'missing' || row.status === 'extra';
  return [...rows.filter(bad), ...rows.filter((row) => !bad(row))];
}
