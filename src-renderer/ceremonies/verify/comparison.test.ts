import { describe, expect, it } from 'vitest';
import type { ObjectComparison } from '../../../shared/records/ceremony-record';
import { COMPARED_FIELDS, FIELD_COLUMNS, fieldCell, problemsFirst } from './comparison';

const row = (
  status: ObjectComparison['status'],
  differences: ObjectComparison['differences'] = [],
  objectId = 0x100,
): ObjectComparison => ({
  objectId,
  type: 'asymmetric-key',
  label: 'Signing key',
  status,
  differences,
});

describe('one object’s comparison, field by field', () => {
  it('marks every field the same for a match', () => {
    for (const field of COMPARED_FIELDS)
      expect(fieldCell(row('match'), field)).toEqual({ kind: 'same' });
  });

  it('shows both sides of each field that differs, and the others as the same', () => {
    const mismatch = row('mismatch', [{ field: 'domains', expected: '1', actual: '1:2' }]);
    expect(fieldCell(mismatch, 'domains')).toEqual({ kind: 'differs', primary: '1', clone: '1:2' });
    expect(fieldCell(mismatch, 'algorithm')).toEqual({ kind: 'same' });
  });

  it('carries the value both sides hold when main sent the primary’s values, capability names too', () => {
    const expected = [
      { field: 'algorithm', value: 'ed25519' },
      { field: 'domains', value: '1:2' },
      {
        field: 'capabilities',
        value: '0x0000000000010100',
        names: ['sign-eddsa', 'exportable-under-wrap'],
      },
    ];
    const matching = { ...row('match'), expected };
    expect(fieldCell(matching, 'algorithm')).toEqual({ kind: 'same', value: 'ed25519' });
    expect(fieldCell(matching, 'capabilities')).toEqual({
      kind: 'same',
      value: '0x0000000000010100',
      names: ['sign-eddsa', 'exportable-under-wrap'],
    });
    // A field main sent no value for (a record from before) is still just the same.
    expect(fieldCell(matching, 'delegated capabilities')).toEqual({ kind: 'same' });
    const differing = {
      ...row('mismatch', [{ field: 'domains', expected: '1', actual: '1:2' }]),
      expected,
    };
    expect(fieldCell(differing, 'domains')).toEqual({
      kind: 'differs',
      primary: '1',
      clone: '1:2',
    });
    expect(fieldCell(differing, 'algorithm')).toEqual({ kind: 'same', value: 'ed25519' });
    expect(fieldCell({ ...row('missing'), expected }, 'algorithm')).toEqual({
      kind: 'not-compared',
    });
  });

  it('compares nothing field by field for an object missing on one side or not backed up', () => {
    for (const status of ['missing', 'extra', 'not-backed-up'] as const)
      expect(fieldCell(row(status), 'capabilities')).toEqual({ kind: 'not-compared' });
  });

  it('gives every compared field but the label a column (the label is compared in its own column)', () => {
    expect([...FIELD_COLUMNS, 'label'].sort()).toEqual([...COMPARED_FIELDS].sort());
  });

  it('lists the rows that break the match first, keeping the order otherwise', () => {
    const rows = [
      row('match', [], 1),
      row('not-backed-up', [], 2),
      row('missing', [], 3),
      row('match', [], 4),
      row('extra', [], 5),
    ];
    expect(problemsFirst(rows).map((r) => r.objectId)).toEqual([3, 5, 1, 2, 4]);
  });
});
