// Comparing a clone with the primary, object by object (brief "Verify the clone"): each object
// by type and id, then its algorithm, label, domains, capabilities and delegated capabilities.
// Origin and sequence are not compared: an imported object says "imported_wrapped" by design.
// An object the primary holds but that was never backed up is not expected on the clone. Each
// row of an object the primary holds carries the primary's values of the compared fields, so a
// matching row shows what was checked, not only that nothing differed.

import type { ObjectComparison, ObjectRecord } from '../../../shared/records/ceremony-record';
import { capabilityNames } from '../../hsm/yubihsm/protocol/capabilities';
import { maskValue, objectKey } from '../common/objects';

export interface ExpectedInventory {
  objects: readonly ObjectRecord[];
  /** "type:id" of the objects a backup exists for (and the wrap key, restored from the shares). */
  expectedOnClone: ReadonlySet<string>;
}

const FIELDS: readonly {
  field: string;
  read: (o: ObjectRecord) => string;
  names?: (o: ObjectRecord) => string[];
}[] = [
  { field: 'algorithm', read: (o) => o.algorithm },
  { field: 'label', read: (o) => o.label },
  { field: 'domains', read: (o) => o.domains.join(':') },
  {
    field: 'capabilities',
    read: (o) => o.capabilities,
    names: (o) => capabilityNames(maskValue(o.capabilities)),
  },
  {
    field: 'delegated capabilities',
    read: (o) => o.delegatedCapabilities,
    names: (o) => capabilityNames(maskValue(o.delegatedCapabilities)),
  },
];

/** What the primary holds in every compared field: what the witness checks the clone against. */
function expectedValues(primary: ObjectRecord): NonNullable<ObjectComparison['expected']> {
  return FIELDS.map(({ field, read, names }) => ({
    field,
    value: read(primary),
    ...(names ? { names: names(primary) } : {}),
  }));
}

export function compareInventories(
  expected: ExpectedInventory,
  clone: readonly ObjectRecord[],
): ObjectComparison[] {
  const onClone = new Map(clone.map((o) => [objectKey(o.type, o.id), o]));
  const rows: ObjectComparison[] = [];
  for (const primary of expected.objects) {
    const key = objectKey(primary.type, primary.id);
    const copy = onClone.get(key);
    onClone.delete(key);
    const base = { objectId: primary.id, type: primary.type, label: primary.label };
    const expectedOnPrimary = expectedValues(primary);
    if (!copy) {
      rows.push({
        ...base,
        status: expected.expectedOnClone.has(key) ? 'missing' : 'not-backed-up',
        differences: [],
        expected: expectedOnPrimary,
      });
      continue;
    }
    const differences = FIELDS.filter(({ read }) => read(primary) !== read(copy)).map(
      ({ field, read }) => ({ field, expected: read(primary), actual: read(copy) }),
    );
    rows.push({
      ...base,
      status: differences.length === 0 ? 'match' : 'mismatch',
      differences,
      expected: expectedOnPrimary,
    });
  }
  for (const extra of onClone.values()) {
    rows.push({
      objectId: extra.id,
      type: extra.type,
      label: extra.label,
      status: 'extra',
      differences: [],
    });
  }
  return rows.sort((a, b) => a.objectId - b.objectId || a.type.localeCompare(b.type));
}

/** What the record says should be on a clone: the wrap key and every object a .yhw was written for. */
export function expectedFromRecord(record: {
  inventory: readonly ObjectRecord[];
  files: readonly { objectId: number; type: string }[];
  wrapKey?: { id: number } | undefined;
}): ExpectedInventory {
  const expectedOnClone = new Set(record.files.map((f) => objectKey(f.type, f.objectId)));
  if (record.wrapKey) expectedOnClone.add(objectKey('wrap-key', record.wrapKey.id));
  return { objects: record.inventory, expectedOnClone };
}

/** Without a record, the live primary's exportable objects (and its wrap keys) are what a clone should hold. */
export function expectedFromPrimary(
  objects: readonly ObjectRecord[],
  backedUp?: ReadonlySet<string>,
): ExpectedInventory {
  const expectedOnClone = new Set(
    objects
      .filter(
        (o) =>
          o.type === 'wrap-key' ||
          (backedUp
            ? backedUp.has(objectKey(o.type, o.id))
            : o.capabilityNames.includes('exportable-under-wrap')),
      )
      .map((o) => objectKey(o.type, o.id)),
  );
  return { objects, expectedOnClone };
}
