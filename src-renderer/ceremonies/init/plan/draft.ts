// The plan draft as the plan screen edits it: a plain object main checks on every change (it
// may not parse yet). These helpers read and replace values by dotted path without mutating the
// draft, so each edit is a new draft sent whole to main.

export type Draft = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readPath(draft: Draft, path: string): unknown {
  let value: unknown = draft;
  for (const key of path.split('.')) {
    if (Array.isArray(value)) value = value[Number(key)];
    else if (isRecord(value)) value = value[key];
    else return undefined;
  }
  return value;
}

export function readString(draft: Draft, path: string): string {
  const value = readPath(draft, path);
  return typeof value === 'string' ? value : '';
}

export function readNumber(draft: Draft, path: string): number | undefined {
  const value = readPath(draft, path);
  return typeof value === 'number' ? value : undefined;
}

export function readBoolean(draft: Draft, path: string): boolean {
  return readPath(draft, path) === true;
}

export function readStrings(draft: Draft, path: string): string[] {
  const value = readPath(draft, path);
  return Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item : '')) : [];
}

export function readNumbers(draft: Draft, path: string): number[] {
  const value = readPath(draft, path);
  return Array.isArray(value)
    ? value.filter((item): item is number => typeof item === 'number')
    : [];
}

/** A copy of `draft` with the value at `path` replaced; `undefined` removes the key. */
export function withValue(draft: Draft, path: string, value: unknown): Draft {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const current = draft[head];
  const next =
    rest.length === 0
      ? value
      : Array.isArray(current)
        ? withItem(current, rest, value)
        : withValue(isRecord(current) ? current : {}, rest.join('.'), value);
  // Keys keep their order, so a saved plan file reads in the order it was written.
  const entries = Object.entries(draft);
  const replaced =
    head in draft
      ? entries.map(([key, old]) => [key, key === head ? next : old] as const)
      : [...entries, [head, next] as const];
  return Object.fromEntries(replaced.filter(([, item]) => item !== undefined));
}

/** A copy of a list with one item (or something inside it) replaced. */
function withItem(list: readonly unknown[], [index, ...rest]: string[], value: unknown): unknown[] {
  const at = Number(index);
  return list.map((item, position) =>
    position !== at
      ? item
      : rest.length === 0
        ? value
        : withValue(isRecord(item) ? item : {}, rest.join('.'), value),
  );
}

/** An object id as typed: decimal ("2") or hex ("0x0002"); undefined when it is neither. */
export function parseObjectId(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^0x[0-9a-f]{1,4}$/i.test(trimmed)) return Number.parseInt(trimmed.slice(2), 16);
  if (/^\d{1,5}$/.test(trimmed)) return Number(trimmed);
  return undefined;
}

/** A whole number as typed; undefined for anything else. */
export function parseWhole(text: string): number | undefined {
  const trimmed = text.trim();
  return /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : undefined;
}

/** The list with the item at `from` moved to `to` (both in range), others in order. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item as T);
  return copy;
}

/** Capability names as typed in a list: separated by commas, spaces or line breaks. */
export function capabilityList(text: string): string[] {
  return text.split(/[\s,]+/).filter((name) => name.length > 0);
}
