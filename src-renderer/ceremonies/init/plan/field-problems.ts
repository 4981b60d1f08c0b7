// Main reports each plan problem with the dotted path of its field ("threshold",
// "custodians.2", "passwords.application.confirmation"). The plan screen shows each one at the
// field it is about, and anything no field claims in a list at the top, so none is lost.

export interface Problem {
  readonly field?: string;
  readonly message: string;
}

/** Where a field shows problems: its own path, and (unless exact) everything below it. */
export interface FieldSpot {
  readonly field: string;
  readonly exact?: boolean;
}

export function belongsTo(problem: Problem, spot: FieldSpot): boolean {
  const field = problem.field;
  if (field === undefined) return false;
  return field === spot.field || (!spot.exact && field.startsWith(`${spot.field}.`));
}

export function problemsAt(problems: readonly Problem[], spot: FieldSpot): Problem[] {
  return problems.filter((problem) => belongsTo(problem, spot));
}

/** The problems no spot on screen shows. */
export function unplaced(problems: readonly Problem[], spots: readonly FieldSpot[]): Problem[] {
  return problems.filter((problem) => !spots.some((spot) => belongsTo(problem, spot)));
}
