// A SmartCard-HSM / Nitrokey HSM 2 / Pico HSM from the SmartCard list and its user PIN, for the
// DKEK back-up and verification. The PIN is not React state: it lives only in the masked input,
// goes to main once and the input is emptied right after, whatever main answers; main never
// sends it back (a wrong or blocked PIN comes back as main's sentence in the notices).

import type { FormEvent } from 'react';
import { useId, useRef, useState } from 'react';
import { useSmartCards } from '../stores/context';
import { smartCardStatusWords } from '../home/SmartCardList';

/** The user PIN's length (spec §5.2), as the dkek-* channels accept it. */
export const PIN_LENGTH = { min: 6, max: 16 } as const;

interface SmartCardPinFormProps {
  /** "The primary whose keys are backed up": the legend above the cards. */
  readonly legend: string;
  readonly submitLabel: string;
  readonly disabled: boolean;
  /** The card main already took, chosen again by default. */
  readonly chosen?: string | undefined;
  /**
   * Test ids: `<testId>-card-<card id>` on each card's radio, `<testId>-pin` on the PIN,
   * `<testId>-submit` on the button, `<testId>-form-problem` on the form's own sentence.
   */
  readonly testId: string;
  readonly onSubmit: (deviceId: string, pin: string) => void;
}

export function SmartCardPinForm(props: SmartCardPinFormProps) {
  const id = useId();
  const { list } = useSmartCards();
  const pin = useRef<HTMLInputElement>(null);
  const [card, setCard] = useState(props.chosen ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = pin.current;
    if (!input) return;
    const typed = input.value;
    input.value = '';
    if (!card) return setProblem('Choose the device first.');
    if (typed.length < PIN_LENGTH.min || typed.length > PIN_LENGTH.max)
      return setProblem(
        `The user PIN has ${PIN_LENGTH.min} to ${PIN_LENGTH.max} characters; type it again.`,
      );
    setProblem(null);
    props.onSubmit(card, typed);
  };
  return (
    <form className="key-form" onSubmit={submit} data-testid={`${props.testId}-form`}>
      <fieldset>
        <legend>{props.legend}</legend>
        {list.cards.length === 0 && <p>No device is listed yet; insert one or wait a moment.</p>}
        {list.cards.map((view) => (
          <label key={view.id} className="choice">
            <input
              type="radio"
              name={`${id}-card`}
              value={view.id}
              checked={card === view.id}
              onChange={() => setCard(view.id)}
              data-testid={`${props.testId}-card-${view.id}`}
            />{' '}
            {view.name} — {smartCardStatusWords(view.status).label}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-pin`}>User PIN</label>
        <p className="field__hint" id={`${id}-pin-hint`}>
          Goes to the device once and is not kept on this screen.
        </p>
        <input
          id={`${id}-pin`}
          ref={pin}
          type="password"
          autoComplete="off"
          aria-describedby={`${id}-pin-hint`}
          data-testid={`${props.testId}-pin`}
        />
      </div>
      {problem && (
        <p
          className="notice notice--problem"
          role="alert"
          data-testid={`${props.testId}-form-problem`}
        >
          {problem}
        </p>
      )}
      <button
        type="submit"
        className="button button--primary"
        disabled={props.disabled}
        data-testid={`${props.testId}-submit`}
      >
        {props.submitLabel}
      </button>
    </form>
  );
}
