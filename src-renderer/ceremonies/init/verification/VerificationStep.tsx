import type { FormEvent } from 'react';
import { useId, useState } from 'react';
import { FocusHeading } from '../../../components/FocusHeading';
import { LineEntryList, lineStates } from '../../../components/LineEntry';
import { isHexShare, joinedShare, lineSpecs } from '../../../components/line-entry';
import { useIntents, useSending } from '../init-context';
import type { VerificationView } from '../shares/views';
import { custodianTitle } from '../shares/views';

/**
 * The verification round: each custodian, after a handover, types their share back from their
 * record (line by line, each line checked as it is typed, or pasted whole); main checks it is
 * theirs and, after the last one, recombines every M-subset to the check value.
 */
export function VerificationStep({ view }: { view: VerificationView }) {
  const key = `${view.custodian.index}-${view.phase}`;
  switch (view.phase) {
    case 'handover':
      return <Handover key={key} view={view} />;
    case 'entry':
      return <Entry key={key} view={view} />;
    case 'cleared':
      return <Cleared key={key} view={view} />;
    case 'result':
      return <Result key={key} view={view} />;
  }
}

function Handover({ view }: { view: VerificationView }) {
  const intents = useIntents();
  const sending = useSending();
  const { custodian } = view;
  return (
    <div
      className="share-turn"
      data-testid="verification-handover"
      data-custodian={custodian.index}
    >
      <FocusHeading testId="verification-custodian">
        {custodianTitle(custodian, view.custodianCount)}
      </FocusHeading>
      <p className="share-turn__instruction">
        {custodian.name}: bring your record of your share to the keyboard. Everyone else steps away
        from the screen.
      </p>
      <button
        type="button"
        className="button button--primary button--large"
        data-testid="verification-start"
        disabled={sending}
        onClick={() => void intents.revealShare()}
      >
        I am {custodian.name}: type my share
      </button>
    </div>
  );
}

function Entry({ view }: { view: VerificationView }) {
  const intents = useIntents();
  const sending = useSending();
  const id = useId();
  const { custodian } = view;
  const lines = lineSpecs(view.lineLengths);
  const hex = isHexShare(view.lineLengths, view.threshold, custodian.index);
  const [mode, setMode] = useState<'lines' | 'whole'>('lines');
  const [values, setValues] = useState<string[]>(() => lines.map(() => ''));
  const [whole, setWhole] = useState('');
  const [judgeAll, setJudgeAll] = useState(false);
  const joined = joinedShare(lineStates(lines, values, hex, () => true));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mode === 'whole') {
      if (whole.trim()) void intents.enterVerificationShare(whole);
      return;
    }
    setJudgeAll(true);
    if (joined !== undefined) void intents.enterVerificationShare(joined);
  };
  return (
    <form
      className="share-turn share-check"
      data-testid="verification-entry"
      data-custodian={custodian.index}
      onSubmit={submit}
    >
      <FocusHeading testId="verification-custodian">
        {custodianTitle(custodian, view.custodianCount)}: type your share
      </FocusHeading>
      <fieldset className="choice-row">
        <legend>How to enter it</legend>
        <label>
          <input
            type="radio"
            name={`${id}-mode`}
            checked={mode === 'lines'}
            onChange={() => setMode('lines')}
            data-testid="verification-mode-lines"
          />{' '}
          Line by line, with check characters
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-mode`}
            checked={mode === 'whole'}
            onChange={() => setMode('whole')}
            data-testid="verification-mode-whole"
          />{' '}
          The whole share at once
        </label>
      </fieldset>
      {mode === 'lines' ? (
        <LineEntryList
          lines={lines}
          values={values}
          hex={hex}
          judgeAll={judgeAll}
          onChange={(index, value) =>
            setValues((previous) => previous.map((old, at) => (at === index ? value : old)))
          }
        />
      ) : (
        <p className="field">
          <label htmlFor={`${id}-whole`}>The share, as one text (without check characters)</label>
          <textarea
            id={`${id}-whole`}
            className="mono share-check__whole"
            data-testid="verification-whole"
            value={whole}
            rows={3}
            onChange={(event) => setWhole(event.target.value)}
            autoComplete="off"
            autoCorrect="off"
            autoCapitalize="off"
            spellCheck={false}
          />
        </p>
      )}
      <button
        type="submit"
        className="button button--primary button--large"
        data-testid="verification-submit"
        disabled={sending}
      >
        Check my share
      </button>
    </form>
  );
}

function Cleared({ view }: { view: VerificationView }) {
  const intents = useIntents();
  const sending = useSending();
  const { custodian } = view;
  const last = custodian.index === view.custodianCount;
  return (
    <div className="share-turn" data-testid="verification-cleared" data-custodian={custodian.index}>
      <FocusHeading>{custodian.name}’s share matches</FocusHeading>
      <p className="share-turn__instruction">
        {custodian.name}: put your record away and step back.
      </p>
      <button
        type="button"
        className="button button--primary button--large"
        data-testid="verification-next"
        disabled={sending}
        onClick={() => void intents.nextCustodian()}
      >
        {last ? 'Recombine every set of shares' : 'Call the next custodian'}
      </button>
    </div>
  );
}

function Result({ view }: { view: VerificationView }) {
  const result = view.result;
  if (!result) return null;
  return (
    <div className="share-turn" data-testid="verification-result" data-all-match={result.allMatch}>
      <FocusHeading>
        {result.allMatch
          ? 'Every set of shares restores the wrap key'
          : 'Some sets of shares do not restore the wrap key'}
      </FocusHeading>
      <p className="share-turn__instruction">
        {result.allMatch
          ? `${result.subsetsChecked} sets of ${view.threshold} shares were recombined, and each gave the wrap key with check value `
          : `Of the sets of ${view.threshold} shares checked, at least one did not give the wrap key with check value `}
        <span className="mono kcv" data-testid="verification-kcv">
          {result.kcv}
        </span>
        .
      </p>
    </div>
  );
}
