import type { StepStatus, WizardState, WizardTable } from '../../shared/ceremony/wizard';
import { stepStatuses } from '../../shared/ceremony/wizard';

const STATUS_WORD: Readonly<Record<StepStatus, string>> = {
  done: 'Done',
  current: 'Now',
  upcoming: 'To do',
  skipped: 'Left out',
};

/** Where the ceremony is: every step, each marked in words as well as by its look. */
export function StepList<Id extends string>({
  table,
  state,
}: {
  table: WizardTable<Id>;
  state: WizardState<Id>;
}) {
  const rows = numbered(stepStatuses(table, state));
  return (
    <nav className="step-list" aria-label="Ceremony steps">
      <ol data-testid="wizard-step-list">
        {rows.map(({ step, status, number }) => {
          return (
            <li
              key={step.id}
              className={`step-list__item step-list__item--${status}`}
              data-step-id={step.id}
              data-status={status}
              aria-current={status === 'current' ? 'step' : undefined}
            >
              <span className="step-list__marker" aria-hidden="true">
                {status === 'done' ? '✓' : status === 'skipped' ? '–' : number}
              </span>
              <span className="step-list__title">{step.title}</span>
              <span className="step-list__status">{STATUS_WORD[status]}</span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/** Numbers the steps the plan includes; a left-out step gets no number. */
function numbered<T extends { status: StepStatus }>(
  rows: readonly T[],
): (T & { number: number })[] {
  const result: (T & { number: number })[] = [];
  let number = 0;
  for (const row of rows) {
    if (row.status !== 'skipped') number += 1;
    result.push({ ...row, number });
  }
  return result;
}
