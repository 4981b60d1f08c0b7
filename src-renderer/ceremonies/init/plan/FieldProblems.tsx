import { asSentence } from '../../../components/sentences';
import type { PlanEditor } from './editor';
import { problemsId } from './editor';
import type { FieldSpot } from './field-problems';
import { problemsAt } from './field-problems';

/** Main's errors and warnings about one field, as sentences under it. */
export function FieldProblems({ editor, spot }: { editor: PlanEditor; spot: FieldSpot }) {
  const errors = problemsAt(editor.errors, spot);
  const warnings = problemsAt(editor.warnings, spot);
  if (errors.length === 0 && warnings.length === 0) return null;
  return (
    <ul className="field-problems" id={problemsId(spot.field)}>
      {errors.map((problem) => (
        <li
          key={`e-${problem.field}-${problem.message}`}
          className="field-problem field-problem--error"
          data-testid="field-problem"
          data-field={problem.field}
          data-kind="error"
        >
          {asSentence(problem.message)}
        </li>
      ))}
      {warnings.map((problem) => (
        <li
          key={`w-${problem.field}-${problem.message}`}
          className="field-problem field-problem--warning"
          data-testid="field-problem"
          data-field={problem.field}
          data-kind="warning"
        >
          <span className="field-problem__kind">Warning: </span>
          {asSentence(problem.message)}
        </li>
      ))}
    </ul>
  );
}

/** The attributes that tie an input to its problems, for screen readers and the eye. */
export function problemAttributes(
  editor: PlanEditor,
  spot: FieldSpot,
): { 'aria-invalid': boolean; 'aria-describedby'?: string } {
  const errors = problemsAt(editor.errors, spot).length;
  const any = errors + problemsAt(editor.warnings, spot).length;
  return {
    'aria-invalid': errors > 0,
    ...(any > 0 ? { 'aria-describedby': problemsId(spot.field) } : {}),
  };
}
