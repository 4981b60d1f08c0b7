import type { FormEvent } from 'react';
import { useId, useState } from 'react';

interface KspHandoffProps {
  /** What main wrote, once it has. */
  readonly written: { summary: string; files: string[] } | undefined;
  readonly disabled: boolean;
  readonly onWrite: (connectorUrl: string | undefined) => void;
}

/**
 * The KSP / connector hand-off for Windows AD CS (issue 12 §6): main writes a .reg file, the
 * connector's configuration and a printable next-steps sheet into the ceremony folder. No
 * password is asked for here: the sheet says who types it into regedit.
 */
export function KspHandoff({ written, disabled, onWrite }: KspHandoffProps) {
  const id = useId();
  // Empty means main's default (the connector's own address on the CA server): the default
  // lives with the hand-off writer in main, so the page holds no address of its own.
  const [url, setUrl] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = url.trim();
    onWrite(trimmed === '' ? undefined : trimmed);
  };
  return (
    <section className="ksp-handoff" data-testid="ksp-handoff">
      <h2>For Windows AD CS: the KSP hand-off</h2>
      <form onSubmit={submit}>
        <label htmlFor={id}>Where the CA server reaches yubihsm-connector (ConnectorURL)</label>
        <input
          id={id}
          className="mono"
          value={url}
          placeholder="Empty: the connector's default, port 12345 on the CA server itself"
          onChange={(event) => setUrl(event.target.value)}
          data-testid="ksp-handoff-url"
        />
        <button type="submit" disabled={disabled} data-testid="ksp-handoff-write">
          Write the next-steps sheet and .reg file
        </button>
      </form>
      {written && (
        <div data-testid="ksp-handoff-written">
          <p className="notice notice--good">{written.summary}</p>
          <ul>
            {written.files.map((file) => (
              <li key={file} className="mono">
                {file}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
