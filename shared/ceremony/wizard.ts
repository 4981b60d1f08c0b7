// A ceremony is a table of steps plus pure moves over it (STYLE.md §11). The renderer shows
// the table; main's ceremony engines use the same table to refuse a step out of order. Nothing
// here knows about React, devices or IPC.

export interface WizardStep<Id extends string> {
  readonly id: Id;
  /** Short name for the step list and the step's heading, in the ceremony's own words. */
  readonly title: string;
  /** One sentence: what happens in this step. */
  readonly summary: string;
  /** Steps that must be done (or, if optional, left out) before this one can be entered. */
  readonly prerequisites: readonly Id[];
  /** The plan may leave this step out (e.g. the verification round). */
  readonly optional?: boolean;
  /**
   * Once done, this step can never be revisited and Back cannot cross it: shares that were
   * shown cannot be shown again, and a device that was changed cannot be un-changed.
   */
  readonly lockedOnceDone?: boolean;
  /** The step talks to a device, so the device gate wraps it. */
  readonly needsDevice?: boolean;
}

export type WizardTable<Id extends string> = readonly WizardStep<Id>[];

/** Where a ceremony is. `done` lists completed steps in table order. */
export interface WizardState<Id extends string> {
  readonly current: Id;
  readonly done: readonly Id[];
  /** Optional steps the plan leaves out. */
  readonly skipped: readonly Id[];
}

export type StepStatus = 'done' | 'current' | 'upcoming' | 'skipped';

export type WizardMove<Id extends string> =
  | { readonly moved: true; readonly state: WizardState<Id> }
  | { readonly moved: false; readonly reason: 'last-step' | 'first-step' }
  | { readonly moved: false; readonly reason: 'locked'; readonly lockedBy: Id }
  | {
      readonly moved: false;
      readonly reason: 'missing-prerequisites';
      readonly missing: readonly Id[];
    };

/**
 * Checks a table once, where it is declared: ids unique, every prerequisite a known step that
 * comes earlier (so walking the table in order can always satisfy it). A bad table is a bug in
 * this codebase, so it throws.
 */
export function defineSteps<Id extends string>(steps: readonly WizardStep<Id>[]): WizardTable<Id> {
  if (steps.length === 0) throw new Error('A ceremony needs at least one step.');
  const seen = new Set<Id>();
  for (const step of steps) {
    if (seen.has(step.id)) throw new Error(`Step "${step.id}" appears twice in the table.`);
    for (const prerequisite of step.prerequisites) {
      if (!seen.has(prerequisite)) {
        throw new Error(
          `Step "${step.id}" needs "${prerequisite}", which is not an earlier step in the table.`,
        );
      }
    }
    seen.add(step.id);
  }
  if (steps[0]!.optional) throw new Error('The first step of a ceremony cannot be optional.');
  return Object.freeze(
    steps.map((step) =>
      Object.freeze({ ...step, prerequisites: Object.freeze([...step.prerequisites]) }),
    ),
  );
}

export function findStep<Id extends string>(table: WizardTable<Id>, id: Id): WizardStep<Id> {
  const step = table.find((candidate) => candidate.id === id);
  if (!step) throw new Error(`Step "${id}" is not in this ceremony.`);
  return step;
}

/** The first step; `skipped` names optional steps the plan already leaves out. */
export function startWizard<Id extends string>(
  table: WizardTable<Id>,
  skipped: readonly Id[] = [],
): WizardState<Id> {
  for (const id of skipped) {
    if (!findStep(table, id).optional)
      throw new Error(`Step "${id}" is not optional, so it cannot be left out.`);
  }
  return { current: table[0]!.id, done: [], skipped: [...skipped] };
}

/** Prerequisites of `id` that are neither done nor optional-and-left-out. */
export function missingPrerequisites<Id extends string>(
  table: WizardTable<Id>,
  state: WizardState<Id>,
  id: Id,
): Id[] {
  return findStep(table, id).prerequisites.filter((prerequisite) => {
    if (state.done.includes(prerequisite)) return false;
    return !(state.skipped.includes(prerequisite) && findStep(table, prerequisite).optional);
  });
}

function isIncluded<Id extends string>(state: WizardState<Id>, step: WizardStep<Id>): boolean {
  return !state.skipped.includes(step.id);
}

function indexOf<Id extends string>(table: WizardTable<Id>, id: Id): number {
  const index = table.findIndex((step) => step.id === id);
  if (index < 0) throw new Error(`Step "${id}" is not in this ceremony.`);
  return index;
}

/** Marks the current step done and enters the next step the plan includes. */
export function next<Id extends string>(
  table: WizardTable<Id>,
  state: WizardState<Id>,
): WizardMove<Id> {
  const from = indexOf(table, state.current);
  const target = table.slice(from + 1).find((step) => isIncluded(state, step));
  if (!target) return { moved: false, reason: 'last-step' };
  const done = inTableOrder(table, [
    ...state.done.filter((id) => id !== state.current),
    state.current,
  ]);
  const moved: WizardState<Id> = { ...state, current: target.id, done };
  const missing = missingPrerequisites(table, moved, target.id);
  if (missing.length > 0) return { moved: false, reason: 'missing-prerequisites', missing };
  return { moved: true, state: moved };
}

/**
 * Returns to the previous included step. That step and everything after it are no longer done:
 * they are walked again with whatever the person changes. Back never crosses a locked step.
 */
export function back<Id extends string>(
  table: WizardTable<Id>,
  state: WizardState<Id>,
): WizardMove<Id> {
  const from = indexOf(table, state.current);
  const target = table
    .slice(0, from)
    .reverse()
    .find((step) => isIncluded(state, step));
  if (!target) return { moved: false, reason: 'first-step' };
  const targetIndex = indexOf(table, target.id);
  const lockedBy = table
    .slice(targetIndex, from)
    .reverse()
    .find((step) => step.lockedOnceDone && state.done.includes(step.id));
  if (lockedBy) return { moved: false, reason: 'locked', lockedBy: lockedBy.id };
  const done = state.done.filter((id) => indexOf(table, id) < targetIndex);
  return { moved: true, state: { ...state, current: target.id, done } };
}

/**
 * Walks the table again from `id` for another round of the same ceremony (a restore that clones
 * several secondaries in one sitting): `id` and every step after it are no longer done, the
 * steps before it stay done. Unlike back this may start before a locked step, since nothing is
 * revisited: the round is a new one (the shares entered stay entered). Only the last step may
 * start a round, and only at an earlier step.
 */
export function again<Id extends string>(
  table: WizardTable<Id>,
  state: WizardState<Id>,
  id: Id,
): WizardMove<Id> {
  const target = indexOf(table, id);
  if (indexOf(table, state.current) !== table.length - 1 || target >= table.length - 1)
    return { moved: false, reason: 'last-step' };
  const done = inTableOrder(table, [...state.done.filter((step) => indexOf(table, step) < target)]);
  const moved: WizardState<Id> = { ...state, current: id, done };
  const missing = missingPrerequisites(table, moved, id);
  if (missing.length > 0) return { moved: false, reason: 'missing-prerequisites', missing };
  return { moved: true, state: moved };
}

/**
 * The plan includes or leaves out an optional step. Only steps still ahead can change: a step
 * already done or on screen has happened.
 */
export function setSkipped<Id extends string>(
  table: WizardTable<Id>,
  state: WizardState<Id>,
  id: Id,
  skip: boolean,
): WizardState<Id> {
  if (!findStep(table, id).optional)
    throw new Error(`Step "${id}" is not optional, so it cannot be left out.`);
  if (indexOf(table, id) <= indexOf(table, state.current) || state.done.includes(id)) {
    throw new Error(
      `Step "${id}" is not ahead of the current step, so the plan can no longer change it.`,
    );
  }
  const skipped = state.skipped.filter((other) => other !== id);
  return { ...state, skipped: skip ? inTableOrder(table, [...skipped, id]) : skipped };
}

/** Every step with its status, in table order: what the step list shows. */
export function stepStatuses<Id extends string>(
  table: WizardTable<Id>,
  state: WizardState<Id>,
): { readonly step: WizardStep<Id>; readonly status: StepStatus }[] {
  return table.map((step) => ({ step, status: statusOf(state, step.id) }));
}

function statusOf<Id extends string>(state: WizardState<Id>, id: Id): StepStatus {
  if (id === state.current) return 'current';
  if (state.done.includes(id)) return 'done';
  if (state.skipped.includes(id)) return 'skipped';
  return 'upcoming';
}

/** 1-based position of the current step among the steps the plan includes, and their count. */
export function position<Id extends string>(
  table: WizardTable<Id>,
  state: WizardState<Id>,
): { index: number; count: number } {
  const included = table.filter((step) => isIncluded(state, step));
  return {
    index: included.findIndex((step) => step.id === state.current) + 1,
    count: included.length,
  };
}

function inTableOrder<Id extends string>(table: WizardTable<Id>, ids: readonly Id[]): Id[] {
  return table.filter((step) => ids.includes(step.id)).map((step) => step.id);
}
