// The share files: their key derivation's progress per file (main pushes it; the screen stays
// usable), then each password share's custodian in turn (shared/ceremony/custodian-turn.ts):
// handover, the share shown to them alone (hidden on Esc, blur or idle by the shared turn
// guard), the spot check with the share hidden, then a blank screen for the next custodian.

import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type {
  DerivationView,
  DkekInitSnapshot,
  DkekTurnView,
  PasswordShareReveal,
} from '../../../shared/ceremony/dkek-init-snapshot';
import { useTurnGuard } from '../../components/custodian-turn/use-turn-guard';
import { SheetWindow } from '../init/shares/sheet-window';
import { useDkekInitIntents, useDkekInitSending } from './dkek-init-context';
import { SheetPreviewActions, type DkekSheetFacts } from './SheetPreviewActions';

/** How long a password share may sit on screen untouched. */
const IDLE_SECONDS = 120;

export function SharesStep({ snapshot }: { snapshot: DkekInitSnapshot }) {
  const shares = snapshot.shares;
  return (
    <div className="ceremony-step" data-testid="dkek-shares-step">
      {snapshot.progress && <Derivation progress={snapshot.progress} busy={snapshot.busy} />}
      {shares && (
        <>
          <ul data-testid="dkek-share-files">
            {shares.files.map((file) => (
              <li key={file.number}>
                Share {file.number}: <span className="mono">{file.file}</span>, check value{' '}
                <span className="mono">{file.shareKcv}</span>
              </li>
            ))}
          </ul>
          <p data-testid="dkek-turns">
            Password shares handed over: {shares.turnsDone} of {shares.turnsTotal}
          </p>
          {shares.turn && <Turn turn={shares.turn} sheet={shares} />}
          {shares.proven && shares.kcv && (
            <p data-testid="dkek-files-kcv">
              Every share file opens; the DKEK’s check value from the files is{' '}
              <span className="mono">{shares.kcv}</span>.
            </p>
          )}
        </>
      )}
    </div>
  );
}

export function Derivation({ progress, busy }: { progress: DerivationView; busy?: string }) {
  const percent = Math.round(progress.fraction * 100);
  const label = `${busy ?? 'Deriving the key'}: file ${progress.file} of ${progress.of}, step ${progress.step} of 3`;
  return (
    <div data-testid="dkek-progress" role="status">
      <label>
        {label}
        <progress max={100} value={percent} aria-valuetext={`${percent}%`} />
      </label>
    </div>
  );
}

function Turn(props: { turn: DkekTurnView; sheet: DkekSheetFacts }) {
  const { turn, sheet } = props;
  const intents = useDkekInitIntents();
  const sending = useDkekInitSending();
  const who = `${turn.custodian} (password share ${turn.id} of share file ${turn.shareNumber}; turn ${turn.index} of ${turn.of})`;
  switch (turn.phase) {
    case 'handover':
      return (
        <section data-testid="dkek-turn-handover" aria-label="Handover">
          <p>
            Hand the screen to {who}. Everyone else looks away.
            {turn.leftBecause ? ' The share was put away; show it again when ready.' : ''}
          </p>
          <button
            type="button"
            disabled={sending}
            onClick={() => void intents.takeTurn()}
            data-testid="dkek-turn-show"
          >
            I am {turn.custodian}: show my password share
          </button>
        </section>
      );
    case 'in-hand':
      return turn.reveal ? (
        <Reveal custodian={turn.custodian} reveal={turn.reveal} sheet={sheet} />
      ) : (
        <p>Waiting for the share…</p>
      );
    case 'confirm':
      return <SpotCheck custodian={turn.custodian} />;
    case 'cleared':
      return (
        <section data-testid="dkek-turn-cleared" aria-label="Turn finished">
          <p>{turn.custodian}’s turn is finished and the screen is clear.</p>
          <button
            type="button"
            disabled={sending}
            onClick={() => void intents.nextTurn()}
            data-testid="dkek-turn-next"
          >
            {turn.index < turn.of ? 'Call the next custodian' : 'Finish the handovers'}
          </button>
        </section>
      );
  }
}

function Reveal(props: { custodian: string; reveal: PasswordShareReveal; sheet: DkekSheetFacts }) {
  const { custodian, reveal } = props;
  const intents = useDkekInitIntents();
  const sending = useDkekInitSending();
  // The sheet's own window (the YubiHSM turns' SheetWindow): focus there is not leaving, Esc or
  // leaving both windows is; it closes when the share leaves the screen (unmount).
  const sheetWindow = useMemo(
    () =>
      new SheetWindow({
        host: () => window,
        onLeave: (reason) => void intents.leaveTurn(reason),
        onClosed: () => void intents.closeSheet(),
      }),
    [intents],
  );
  useEffect(() => () => sheetWindow.close(), [sheetWindow]);
  useTurnGuard({
    idleSeconds: IDLE_SECONDS,
    onLeave: (reason) => void intents.leaveTurn(reason),
    companion: sheetWindow,
  });
  const print = async () => {
    const opened = await intents.openSheet('a4');
    if (opened?.kind === 'page') sheetWindow.openPage(opened.url);
  };
  return (
    <section data-testid="dkek-turn-reveal" aria-label={`${custodian}'s password share`}>
      <p>
        {custodian}: write these down exactly as shown (any {reveal.threshold} of {reveal.total}{' '}
        password shares open {reveal.fileName}).
      </p>
      <dl className="facts mono">
        <dt>Prime</dt>
        <dd data-testid="dkek-reveal-prime">{reveal.prime}</dd>
        <dt>Share ID</dt>
        <dd data-testid="dkek-reveal-id">{reveal.id}</dd>
        <dt>Share value</dt>
        <dd data-testid="dkek-reveal-value">{reveal.value}</dd>
        <dt>Check word</dt>
        <dd data-testid="dkek-reveal-check">{reveal.checkWord}</dd>
      </dl>
      <button
        type="button"
        disabled={sending}
        onClick={() => void intents.turnRecorded()}
        data-testid="dkek-turn-recorded"
      >
        I have written it down
      </button>{' '}
      {props.sheet.sheets && (
        <>
          <button
            type="button"
            disabled={sending || props.sheet.sheetPrinting}
            onClick={() => void print()}
            data-testid="dkek-turn-print"
            data-open={props.sheet.sheetOpen}
          >
            Print my sheet (A4, with a QR code)
          </button>{' '}
        </>
      )}
      <button
        type="button"
        disabled={sending}
        onClick={() => void intents.leaveTurn('user')}
        data-testid="dkek-turn-hide"
      >
        Put it away
      </button>
      {props.sheet.sheets && <SheetPreviewActions sheet={props.sheet} sheetWindow={sheetWindow} />}
    </section>
  );
}

function SpotCheck({ custodian }: { custodian: string }) {
  const intents = useDkekInitIntents();
  const sending = useDkekInitSending();
  const [value, setValue] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const typed = value;
    setValue('');
    void intents.confirmTurn(typed);
  };
  return (
    <form data-testid="dkek-turn-check" onSubmit={submit} aria-label="Spot check">
      <label className="field">
        <span className="field__label">
          {custodian}: type the share value from what you wrote down
        </span>
        <input
          value={value}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setValue(event.target.value)}
          data-testid="dkek-turn-check-value"
        />
      </label>
      <button type="submit" disabled={sending} data-testid="dkek-turn-check-submit">
        Check
      </button>
    </form>
  );
}
