import type { CheckedLine } from '../../shared/shares/checked-lines';

/**
 * A share in its checked lines, as the sheet prints it: line number, the text in groups of four,
 * and the line's check character set apart in its own box (it is not part of the share).
 */
export function ShareLines({ lines }: { lines: readonly CheckedLine[] }) {
  return (
    <ol className="share-lines" data-testid="share-lines" aria-label="Share, line by line">
      {lines.map((line) => (
        <li
          key={line.number}
          className="share-line"
          data-testid="share-line"
          data-line={line.number}
        >
          <span className="share-line__number" aria-hidden="true">
            {line.number}
          </span>
          <span className="share-line__groups">
            {line.groups.map((group, index) => (
              <span key={index} className="share-line__group" data-testid="share-group">
                {group}
              </span>
            ))}
          </span>
          <span className="share-line__check" title="Check character (not part of the share)">
            <span className="visually-hidden">check character </span>
            <span data-testid="share-check">{line.check}</span>
          </span>
        </li>
      ))}
    </ol>
  );
}
