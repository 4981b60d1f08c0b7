import type { KeyboardEvent } from 'react';
import { useId, useRef, useState } from 'react';
import type { LineSpec, LineState } from './line-entry';
import { lineState } from './line-entry';

interface LineEntryListProps {
  readonly lines: readonly LineSpec[];
  readonly values: readonly string[];
  readonly onChange: (index: number, value: string) => void;
  /** yubihsm-manager hex shares are read case-insensitively. */
  readonly hex: boolean;
  /** Every line is judged as finished (the person pressed submit). */
  readonly judgeAll: boolean;
  /** A line main refused, 0-based, so it is marked even when its check character matched. */
  readonly refusedLine?: number;
}

/** The states of every line, judged the way LineEntryList shows them. */
export function lineStates(
  lines: readonly LineSpec[],
  values: readonly string[],
  hex: boolean,
  finished: (index: number) => boolean,
): LineState[] {
  return lines.map((line, index) => lineState(line, values[index] ?? '', finished(index), hex));
}

/**
 * A share typed back one line at a time, each line with its check character. A line is judged
 * as soon as it is complete, so a typo is named on its own line; the share itself never leaves
 * this form except to main. Enter moves to the next line, as it does on paper; only on the last
 * line does it submit the form.
 */
export function LineEntryList({
  lines,
  values,
  onChange,
  hex,
  judgeAll,
  refusedLine,
}: LineEntryListProps) {
  const [left, setLeft] = useState<ReadonlySet<number>>(new Set());
  const list = useRef<HTMLOListElement>(null);
  const states = lineStates(lines, values, hex, (index) => judgeAll || left.has(index));
  const nextLine = (index: number) => (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter' || index === lines.length - 1) return;
    event.preventDefault();
    list.current?.querySelectorAll('input')[index + 1]?.focus();
  };
  return (
    <ol className="line-entries" ref={list}>
      {lines.map((line, index) => (
        <LineEntry
          key={line.number}
          line={line}
          value={values[index] ?? ''}
          state={states[index]!}
          refused={refusedLine === index}
          onChange={(value) => onChange(index, value)}
          onLeave={() => setLeft((previous) => new Set(previous).add(index))}
          onKeyDown={nextLine(index)}
        />
      ))}
    </ol>
  );
}

interface LineEntryProps {
  readonly line: LineSpec;
  readonly value: string;
  readonly state: LineState;
  readonly refused: boolean;
  readonly onChange: (value: string) => void;
  readonly onLeave: () => void;
  readonly onKeyDown: (event: KeyboardEvent<HTMLInputElement>) => void;
}

function LineEntry({ line, value, state, refused, onChange, onLeave, onKeyDown }: LineEntryProps) {
  const id = useId();
  const wrong = state.kind === 'wrong' || refused;
  return (
    <li
      className={`line-entry line-entry--${refused ? 'wrong' : state.kind}`}
      data-testid="line-entry"
      data-line={line.number}
      data-state={refused ? 'wrong' : state.kind}
    >
      <label htmlFor={id} className="line-entry__label">
        Line {line.number}
        <span className="line-entry__hint">{line.length} characters, then the check character</span>
      </label>
      <input
        id={id}
        className="line-entry__input mono"
        data-testid="line-entry-input"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onLeave}
        onKeyDown={onKeyDown}
        autoComplete="off"
        autoCorrect="off"
        autoCapitalize="off"
        spellCheck={false}
        aria-invalid={wrong}
        aria-describedby={`${id}-status`}
      />
      <span
        id={`${id}-status`}
        className="line-entry__status"
        data-testid="line-entry-status"
        aria-live="polite"
      >
        {state.kind === 'ok' && !refused
          ? '✓ Matches its check character'
          : state.kind === 'wrong'
            ? state.message
            : ''}
      </span>
    </li>
  );
}
