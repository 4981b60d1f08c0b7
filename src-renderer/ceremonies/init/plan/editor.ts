// What every plan field gets: the draft as typed, a way to change one value (the whole new
// draft goes to main), and main's errors and warnings to show at the field.

import type { Draft } from './draft';
import type { Problem } from './field-problems';

export interface PlanEditor {
  readonly draft: Draft;
  edit(path: string, value: unknown): void;
  readonly errors: readonly Problem[];
  readonly warnings: readonly Problem[];
  /** The primary is simulated: rehearsal-only choices are offered. */
  readonly rehearsal: boolean;
}

/** A stable element id for a field's problem list, from its path. */
export function problemsId(field: string): string {
  return `plan-problems-${field.replace(/[^a-zA-Z0-9]/g, '-')}`;
}
