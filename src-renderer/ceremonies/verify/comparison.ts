// How the result table shows one object's comparison: for every field the verification compares
// (verify/compare.ts in main: algorithm, label, domains, capabilities, delegated capabilities),
// whether the clone has the same value or what each side holds. Pure, so it is tested alone.

import type { ObjectComparison } from '../../../shared/records/ceremony-record';

/** The compared fields, in the order main compares them, as main names them in `differences`. */
export const COMPARED_FIELDS = ['algorithm', 'label', 'domains', 'capabilities', 'delegated capabilities'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

/** The fields with a column of their own; the label is compared in the label column itself. */
export const FIELD_COLUMNS = ['algorithm', 'domains', 'capabilities', 'delegated capabilities'] as const satisfies readonly ComparedField[];

export type FieldCell = { readonly kind: 'same' } | { readonly kind: 'differs'; readonly primary: string; readonly clone: string } | { readonly kind: 'not-compared' };

export function fieldCell(row: ObjectComparison, field: ComparedField): FieldCell {
  if (row.status !== 'match' && row.status !== 'mismatch') return { kind: 'not-compared' };
  const difference = row.differences.find((candidate) => candidate.field === field);
  return difference ? { kind: 'differs', primary: difference.expected, clone: difference.actual } : { kind: 'same' };
}

export const STATUS_WORD: Readonly<Record<ObjectComparison['status'], string>> = {
  match: 'Matches',
  mismatch: 'Differs',
  missing: 'Missing on the clone',
  extra: 'Only on the clone',
  'not-backed-up': 'Not backed up (not expected on the clone)',
};

/** Rows that are a problem for the witness (what makes "all match" false), first. */
export function problemsFirst(rows: readonly ObjectComparison[]): ObjectComparison[] {
  const bad = (row: ObjectComparison) => row.status === 'mismatch' || row.status === 'missing' || row.status === 'extra';
  return [...rows.filter(bad), ...rows.filter((row) => !bad(row))];
}
