import type { InitView } from '../../../../shared/ceremony/init-snapshot';
import { asSentence } from '../../../components/sentences';
import { ScriptFile } from './ScriptFile';

type ReviewView = Extract<InitView, { step: 'review' }>;

/**
 * The plan read back, to be read aloud with the witnesses before anything is made. Main writes
 * the sections; this screen only sets them large and in order. "Begin ceremony" is the frame's
 * one forward action.
 */
export function ReviewStep({ view }: { view: ReviewView }) {
  return (
    <div className="review" data-testid="review">
      <p className="review__lead">
        Read this aloud to the witnesses. Nothing has been made yet; “Begin ceremony” makes the wrap
        key and the shares.
      </p>
      {view.warnings.length > 0 && (
        <ul className="review__warnings" data-testid="review-warnings">
          {view.warnings.map((warning) => (
            <li
              key={`${warning.field ?? ''}-${warning.message}`}
              className="notice notice--warning"
            >
              {asSentence(warning.message)}
            </li>
          ))}
        </ul>
      )}
      {view.sections.map((section) => (
        <section key={section.title} className="review__section" data-testid="review-section">
          <h2>{section.title}</h2>
          <dl className="review__rows">
            {section.rows.map((row) => (
              <div key={row.label} className="review__row">
                <dt>{row.label}</dt>
                <dd>{row.value}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <ScriptFile />
    </div>
  );
}
