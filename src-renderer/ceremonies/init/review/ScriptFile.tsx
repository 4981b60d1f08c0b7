import { useId, useRef, useState } from 'react';
import { useIntents } from '../init-context';

type ScriptStatus =
  | { readonly kind: 'none' }
  | { readonly kind: 'written'; readonly path: string }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * The printable ceremony script of this plan (roles, every step with what each person does and
 * says, the values read aloud, tick boxes, signature lines), written where the person says:
 * main refuses to replace a file that is already there. On the record screen (`filled`) main
 * fills it from the record and transcript: what happened at each step and when.
 */
export function ScriptFile({ filled = false }: { filled?: boolean }) {
  const intents = useIntents();
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<ScriptStatus>({ kind: 'none' });
  const write = async () => {
    if (!path.trim()) {
      setStatus({ kind: 'failed', message: 'Type the full path of the script file to write.' });
      field.current?.focus();
      return;
    }
    setBusy(true);
    const written = await intents.writeScript(path.trim());
    setBusy(false);
    setStatus(
      written.ok
        ? { kind: 'written', path: written.data.path }
        : { kind: 'failed', message: written.message },
    );
    // The sentence is under the field: the person fixes the path there.
    if (!written.ok) field.current?.focus();
  };
  return (
    <section className="review__section review__script" data-testid="ceremony-script">
      <h2>Ceremony script</h2>
      <p>
        {filled
          ? 'The printable script of this ceremony filled from its record: every step with what happened and when, the check value and the transcript head, for the witnesses to sign.'
          : 'A printable script of this ceremony: every step in order with who does and says what, the values to read aloud, a tick box and initials per step, and signature lines.'}
      </p>
      <div className="field">
        <label htmlFor={id}>Script file (the full path of a new .html file)</label>
        <div className="field__row">
          <input
            id={id}
            ref={field}
            type="text"
            className="mono"
            data-testid="script-path"
            value={path}
            onChange={(event) => setPath(event.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${id}-status`}
            aria-invalid={status.kind === 'failed' || undefined}
          />
          <button
            type="button"
            className="button"
            data-testid="script-write"
            disabled={busy}
            onClick={() => void write()}
          >
            Write the ceremony script
          </button>
        </div>
      </div>
      <p
        id={`${id}-status`}
        className={
          status.kind === 'failed' ? 'field-problem field-problem--error' : 'field__chosen'
        }
        data-testid="script-status"
        data-status={status.kind}
        role="status"
      >
        {status.kind === 'written' &&
          `Wrote the ceremony script to ${status.path}. Open it in a browser and print it; it holds no share and no password.`}
        {status.kind === 'failed' && status.message}
      </p>
    </section>
  );
}
