import { useEffect, useId, useRef } from 'react';
import { maxCustodians, type ShareFormatName } from '../../../../shared/ceremony/plan-limits';
import { moveItem, parseWhole, readNumber, readString, readStrings } from './draft';
import type { PlanEditor } from './editor';
import { FieldProblems, problemAttributes } from './FieldProblems';
import { NumberField } from './fields';

/** Which control takes the focus after a move or removal, so a keyboard user stays with the list. */
interface FocusTarget {
  readonly index: number;
  readonly control: 'up' | 'down' | 'name';
}

/**
 * The custodians, by name and in share order (share 1 is the first), and the threshold. Names
 * can be added, removed and moved; main says what is wrong with the list (how many the share
 * format allows, a name given twice) at the list or at the name. "Add" stops at the share
 * format's limit (shared/ceremony/plan-limits.ts, the same numbers main checks).
 */
export function CustodianFields({ editor }: { editor: PlanEditor }) {
  const list = useRef<HTMLOListElement>(null);
  // Where the focus goes once the edited list is on screen (set by a button, used once).
  const pendingFocus = useRef<FocusTarget | null>(null);
  const id = useId();
  const custodians = readStrings(editor.draft, 'custodians');
  const format: ShareFormatName =
    readString(editor.draft, 'shareFormat') === 'yubihsm-manager'
      ? 'yubihsm-manager'
      : 'yubihsm-setup';
  const limit = maxCustodians(format);
  const atLimit = custodians.length >= limit;
  const set = (next: string[], target: FocusTarget | null) => {
    pendingFocus.current = target;
    editor.edit('custodians', next);
  };

  useEffect(() => {
    const focus = pendingFocus.current;
    if (!focus) return;
    pendingFocus.current = null;
    const selector = `[data-testid="plan-custodian${focus.control === 'name' ? '' : `-${focus.control}`}"][data-index="${focus.index}"]`;
    const element = list.current?.parentElement?.querySelector<HTMLElement>(selector);
    // A move to the top or bottom disables the button just used: fall back to the name.
    if (element && !(element as HTMLButtonElement).disabled) element.focus();
    else
      list.current
        ?.querySelector<HTMLElement>(`[data-testid="plan-custodian"][data-index="${focus.index}"]`)
        ?.focus();
  });

  return (
    <fieldset className="plan-section" data-testid="plan-custodians">
      <legend>Custodians and threshold</legend>
      <p className="field__hint">
        Each custodian gets one share, in this order. Any{' '}
        {readNumber(editor.draft, 'threshold') ?? 'M'} of them together can restore the wrap key.
      </p>
      <ol
        className="custodians"
        ref={list}
        {...problemAttributes(editor, { field: 'custodians', exact: true })}
      >
        {custodians.map((name, index) => (
          <li key={index} className="custodian">
            <label htmlFor={`${id}-${index}`}>Share {index + 1}</label>
            <input
              id={`${id}-${index}`}
              type="text"
              data-testid="plan-custodian"
              data-index={index}
              value={name}
              placeholder="Custodian’s name"
              onChange={(event) => editor.edit(`custodians.${index}`, event.target.value)}
              autoComplete="off"
              spellCheck={false}
              {...problemAttributes(editor, { field: `custodians.${index}` })}
            />
            <button
              type="button"
              className="button button--small"
              data-testid="plan-custodian-up"
              data-index={index}
              disabled={index === 0}
              aria-label={`Move ${name || `custodian ${index + 1}`} up`}
              onClick={() =>
                set(moveItem(custodians, index, index - 1), { index: index - 1, control: 'up' })
              }
            >
              ↑
            </button>
            <button
              type="button"
              className="button button--small"
              data-testid="plan-custodian-down"
              data-index={index}
              disabled={index === custodians.length - 1}
              aria-label={`Move ${name || `custodian ${index + 1}`} down`}
              onClick={() =>
                set(moveItem(custodians, index, index + 1), { index: index + 1, control: 'down' })
              }
            >
              ↓
            </button>
            <button
              type="button"
              className="button button--small button--quiet"
              data-testid="plan-custodian-remove"
              data-index={index}
              disabled={custodians.length <= 1}
              aria-label={`Remove ${name || `custodian ${index + 1}`}`}
              onClick={() =>
                set(
                  custodians.filter((_, at) => at !== index),
                  custodians.length > 1
                    ? { index: Math.min(index, custodians.length - 2), control: 'name' }
                    : null,
                )
              }
            >
              Remove
            </button>
            <FieldProblems editor={editor} spot={{ field: `custodians.${index}` }} />
          </li>
        ))}
      </ol>
      <FieldProblems editor={editor} spot={{ field: 'custodians', exact: true }} />
      <button
        type="button"
        className="button"
        data-testid="plan-custodian-add"
        disabled={atLimit}
        aria-describedby={atLimit ? `${id}-limit` : undefined}
        onClick={() => set([...custodians, ''], { index: custodians.length, control: 'name' })}
      >
        Add a custodian
      </button>
      {atLimit && (
        <p className="field__hint" id={`${id}-limit`} data-testid="plan-custodian-limit">
          {format === 'yubihsm-setup'
            ? `yubihsm-setup shares are numbered 1 to 9, so ${limit} custodians is the most this format allows. Choose the yubihsm-manager share format for more.`
            : `${limit} custodians is the most a share format allows.`}
        </p>
      )}
      <NumberField
        editor={editor}
        path="threshold"
        label="Threshold: how many custodians together restore the wrap key"
        testId="plan-threshold"
        parse={parseWhole}
        unreadable="Type the threshold as a whole number, such as 2."
      />
    </fieldset>
  );
}
