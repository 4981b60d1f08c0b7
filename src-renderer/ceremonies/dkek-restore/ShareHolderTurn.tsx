// One DKEK share holder per screen (shared/ceremony/custodian-turn.ts, main's holder-turn.ts):
// the handover names who steps up and shows nothing secret; the entry takes the share file's
// password, or the password shares of its split one by one (prime, ID, value, check word; main
// checks each and names the wrong one), under the shared turn guard (Esc, blur or idle clears it
// and tells main, which forgets what was entered); then a cleared screen for the next holder.
// Nothing typed is React state: the fields are read once when sent and emptied at once. The
// clone and the sequential import share this component; in an import the holder says which
// share they brought (one already on the device is refused by main, named, before the card).

import { useRef, type FormEvent } from 'react';
import type {
  DkekHolderTurnView,
  DkekRestoreSnapshot,
} from '../../../shared/ceremony/dkek-clone-snapshot';
import { useTurnGuard } from '../../components/custodian-turn/use-turn-guard';
import { useDkekRestoreIntents, useDkekRestoreSending } from './dkek-restore-context';

export function SharesCount({ snapshot }: { snapshot: DkekRestoreSnapshot }) {
  const { total, imported, next } = snapshot.shares;
  return (
    <>
      <p data-testid="dkek-restore-shares-count">
        Shares: {total} total, {imported.length} imported
        {imported.length > 0 ? ` (${imported.join(', ')})` : ''}, {total - imported.length}{' '}
        outstanding{next !== undefined ? `; next: share ${next}` : ''}.
      </p>
      {snapshot.progress && (
        <div data-testid="dkek-restore-progress" role="status">
          <label>
            Opening share {snapshot.progress.shareNumber}: step {snapshot.progress.step} of 3
            <progress max={100} value={Math.round(snapshot.progress.fraction * 100)} />
          </label>
        </div>
      )}
    </>
  );
}

function holderName(turn: DkekHolderTurnView): string {
  return turn.holders.kind === 'password'
    ? turn.holders.custodian
    : `${turn.holders.threshold} of ${turn.holders.custodians.join(', ')}`;
}

export function ShareHolderTurn({
  snapshot,
  turn,
}: {
  snapshot: DkekRestoreSnapshot;
  turn: DkekHolderTurnView;
}) {
  switch (turn.phase) {
    case 'handover':
      return <Handover snapshot={snapshot} turn={turn} />;
    case 'entry':
      return <Entry turn={turn} busy={Boolean(snapshot.busy)} />;
    case 'cleared':
      return <Cleared snapshot={snapshot} turn={turn} />;
  }
}

function Handover({ snapshot, turn }: { snapshot: DkekRestoreSnapshot; turn: DkekHolderTurnView }) {
  const intents = useDkekRestoreIntents();
  const sending = useDkekRestoreSending();
  return (
    <section data-testid="dkek-restore-turn-handover" aria-label="Handover">
      {turn.cleared && (
        <p className="notice" data-testid="dkek-restore-turn-cleared-why">
          {turn.cleared}
        </p>
      )}
      {snapshot.mode === 'import' && (
        <label className="field">
          <span className="field__label">Which share did you bring?</span>
          <select
            value={turn.shareNumber}
            disabled={sending}
            onChange={(event) => void intents.chooseShare(Number(event.target.value))}
            data-testid="dkek-restore-turn-share"
          >
            {Array.from({ length: snapshot.shares.total }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                Share {n}
                {snapshot.shares.imported.includes(n) ? ' (already on the device)' : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      <p>
        Share {turn.shareNumber} (<span className="mono">{turn.file}</span>): hand the screen to{' '}
        {holderName(turn)}. Everyone else looks away.
      </p>
      <button
        type="button"
        className="button button--primary"
        disabled={sending}
        onClick={() => void intents.beginTurn()}
        data-testid="dkek-restore-turn-take"
      >
        {turn.holders.kind === 'password'
          ? `I am ${turn.holders.custodian}: enter my password`
          : 'We are here: enter our password shares'}
      </button>
    </section>
  );
}

function Entry({ turn, busy }: { turn: DkekHolderTurnView; busy: boolean }) {
  const intents = useDkekRestoreIntents();
  // While the share file opens, the holder waits at the screen: nothing typed is left to hide.
  return (
    <section data-testid="dkek-restore-turn-entry" aria-label={`Share ${turn.shareNumber}`}>
      {!busy && <Guard idleSeconds={turn.idleSeconds} />}
      {turn.refusal && (
        <p className="notice notice--problem" role="alert" data-testid="dkek-restore-turn-refusal">
          {turn.refusal}
        </p>
      )}
      {turn.holders.kind === 'password' ? (
        <PasswordEntry custodian={turn.holders.custodian} shareNumber={turn.shareNumber} />
      ) : (
        <PasswordSharesEntry
          turn={turn}
          custodians={turn.holders.custodians}
          threshold={turn.holders.threshold}
        />
      )}
      <button
        type="button"
        disabled={busy}
        onClick={() => void intents.leaveTurn('user')}
        data-testid="dkek-restore-turn-leave"
      >
        Stop and clear the screen
      </button>
    </section>
  );
}

function Guard({ idleSeconds }: { idleSeconds: number }) {
  const intents = useDkekRestoreIntents();
  useTurnGuard({ idleSeconds, onLeave: (reason) => void intents.leaveTurn(reason) });
  return null;
}

function PasswordEntry({ custodian, shareNumber }: { custodian: string; shareNumber: number }) {
  const intents = useDkekRestoreIntents();
  const sending = useDkekRestoreSending();
  const field = useRef<HTMLInputElement>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const typed = field.current?.value ?? '';
    if (field.current) field.current.value = '';
    if (typed !== '') void intents.importShare(typed);
  };
  return (
    <form onSubmit={submit} data-testid="dkek-restore-password-form">
      <label className="field">
        <span className="field__label">
          {custodian}: the password of share file {shareNumber}
        </span>
        <input
          ref={field}
          type="password"
          autoComplete="off"
          spellCheck={false}
          data-testid="dkek-restore-turn-password"
        />
      </label>
      <button
        type="submit"
        className="button button--primary"
        disabled={sending}
        data-testid="dkek-restore-turn-import"
      >
        Open the share file and import it
      </button>
    </form>
  );
}

const FIELDS = [
  ['prime', 'Prime'],
  ['id', 'Share ID'],
  ['value', 'Share value'],
  ['checkWord', 'Check word (Custos’s sheets; leave empty for sc-hsm-tool’s)'],
] as const;

function PasswordSharesEntry({
  turn,
  custodians,
  threshold,
}: {
  turn: DkekHolderTurnView;
  custodians: readonly string[];
  threshold: number;
}) {
  const intents = useDkekRestoreIntents();
  const sending = useDkekRestoreSending();
  const form = useRef<HTMLFormElement>(null);
  const entered = turn.passwordSharesIn;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const element = form.current;
    if (!element) return;
    const read = (name: string) => {
      const input = element.elements.namedItem(name) as HTMLInputElement | null;
      const value = input?.value ?? '';
      if (input) input.value = '';
      return value;
    };
    const typed = {
      prime: read('prime'),
      id: read('id'),
      value: read('value'),
      checkWord: read('checkWord'),
    };
    void intents.addPasswordShare({
      prime: typed.prime,
      id: typed.id,
      value: typed.value,
      ...(typed.checkWord.trim() === '' ? {} : { checkWord: typed.checkWord }),
    });
  };
  return (
    <div>
      <p data-testid="dkek-restore-password-shares-in">
        Password shares in: {entered.length} of the {threshold} needed
        {entered.length > 0 ? ` (${entered.join(', ')})` : ''}. Any {threshold} of{' '}
        {custodians.join(', ')} enter theirs, one after the other.
      </p>
      {entered.length < threshold ? (
        <form ref={form} onSubmit={submit} data-testid="dkek-restore-password-share-form">
          {FIELDS.map(([name, label]) => (
            <label key={name} className="field">
              <span className="field__label">{label}</span>
              <input
                name={name}
                autoComplete="off"
                spellCheck={false}
                className="mono"
                data-testid={`dkek-restore-password-share-${name}`}
              />
            </label>
          ))}
          <button type="submit" disabled={sending} data-testid="dkek-restore-password-share-add">
            Check and add this password share
          </button>
        </form>
      ) : (
        <button
          type="button"
          className="button button--primary"
          disabled={sending}
          onClick={() => void intents.importShare(undefined)}
          data-testid="dkek-restore-turn-import"
        >
          Open the share file and import it
        </button>
      )}
    </div>
  );
}

function Cleared({ snapshot, turn }: { snapshot: DkekRestoreSnapshot; turn: DkekHolderTurnView }) {
  const intents = useDkekRestoreIntents();
  const sending = useDkekRestoreSending();
  const last = snapshot.shares.imported.length === snapshot.shares.total;
  return (
    <section data-testid="dkek-restore-turn-cleared" aria-label="Turn finished">
      <p>
        Share {turn.shareNumber} is in{last ? ' and the DKEK matches the record' : ''}; the screen
        is clear.
      </p>
      <button
        type="button"
        className="button button--primary"
        disabled={sending}
        onClick={() => void intents.nextTurn()}
        data-testid="dkek-restore-turn-next"
      >
        {last ? 'Go on' : 'Call the next share holder'}
      </button>
    </section>
  );
}
