// The DKEK clone's (and sequential import's) step screens, from main's snapshot: the ceremony
// folder; the device with its user PIN (and, for a clone's secondary that must be initialised,
// its SO-PIN), main's refusals ("this is the primary", "holds keys of its own") shown as its
// sentences; the shares, one holder per screen (ShareHolderTurn.tsx); the unwrap, per file.

import { useId, useRef, useState, type FormEvent } from 'react';
import type { DkekRestoreSnapshot } from '../../../shared/ceremony/dkek-clone-snapshot';
import { FolderChoice } from '../../components/FolderChoice';
import { PIN_LENGTH } from '../../components/SmartCardPinForm';
import { smartCardStatusWords } from '../../home/SmartCardList';
import { useSmartCards } from '../../stores/context';
import { useDkekRestoreIntents, useDkekRestoreSending } from './dkek-restore-context';
import { ShareHolderTurn, SharesCount } from './ShareHolderTurn';

export function DkekRestoreStepBody({ snapshot }: { snapshot: DkekRestoreSnapshot }) {
  switch (snapshot.steps.current) {
    case 'folder':
      return <FolderStep snapshot={snapshot} />;
    case 'device':
      return <DeviceStep snapshot={snapshot} />;
    case 'shares':
      return (
        <div className="ceremony-step" data-testid="dkek-restore-shares">
          <SharesCount snapshot={snapshot} />
          {snapshot.finished ? (
            <p className="notice" data-testid="dkek-restore-summary">
              {snapshot.summary}
            </p>
          ) : snapshot.shares.turn ? (
            <ShareHolderTurn snapshot={snapshot} turn={snapshot.shares.turn} />
          ) : (
            <p>Every share is in; compare the DKEK with the record to go on.</p>
          )}
        </div>
      );
    case 'unwrap':
      return <UnwrapStep snapshot={snapshot} />;
  }
}

function FolderStep({ snapshot }: { snapshot: DkekRestoreSnapshot }) {
  const intents = useDkekRestoreIntents();
  const sending = useDkekRestoreSending();
  return (
    <div className="ceremony-step" data-testid="dkek-restore-folder-step">
      <FolderChoice
        label="DKEK ceremony folder"
        hint={
          snapshot.mode === 'clone'
            ? 'The folder of the DKEK ceremony and its back-up (ceremony.json, transcript.jsonl, the .wrapped files), as a full path. The clone is recorded there.'
            : 'The folder of the DKEK ceremony that travels with the device (ceremony.json, transcript.jsonl), as a full path. Each import is recorded there.'
        }
        chosen={snapshot.folder}
        disabled={sending}
        testId="dkek-restore-folder"
        onChoose={(folder) => void intents.chooseFolder(folder)}
      />
    </div>
  );
}

function DeviceStep({ snapshot }: { snapshot: DkekRestoreSnapshot }) {
  const intents = useDkekRestoreIntents();
  const sending = useDkekRestoreSending();
  const { list } = useSmartCards();
  const id = useId();
  const pin = useRef<HTMLInputElement>(null);
  const soPin = useRef<HTMLInputElement>(null);
  const [card, setCard] = useState(snapshot.device?.deviceId ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const clone = snapshot.mode === 'clone';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Both PINs leave the fields now, whatever happens next.
    const typed = pin.current?.value ?? '';
    const typedSo = soPin.current?.value.trim() ?? '';
    if (pin.current) pin.current.value = '';
    if (soPin.current) soPin.current.value = '';
    if (!card) return setProblem('Choose the device first.');
    if (typed.length < PIN_LENGTH.min || typed.length > PIN_LENGTH.max)
      return setProblem(
        `The user PIN has ${PIN_LENGTH.min} to ${PIN_LENGTH.max} characters; type it again.`,
      );
    if (typedSo !== '' && !/^[0-9A-Fa-f]{16}$/.test(typedSo))
      return setProblem('The SO-PIN is the 16 hexadecimal digits the device was set up with.');
    setProblem(null);
    void intents.chooseDevice(card, typed, typedSo === '' ? undefined : typedSo);
  };
  return (
    <div className="ceremony-step" data-testid="dkek-restore-device-step">
      <p data-testid="dkek-restore-domain">
        The record’s DKEK: {snapshot.shares.total} shares, check value{' '}
        <span className="mono">{snapshot.kcv}</span>.
      </p>
      <form className="key-form" onSubmit={submit} data-testid="dkek-restore-device-form">
        <fieldset>
          <legend>
            {clone
              ? 'The secondary to clone onto: not the primary, holding no keys of its own'
              : 'The device the ceremony initialised, waiting for its shares'}
          </legend>
          {list.cards.length === 0 && <p>No device is listed yet; insert one or wait a moment.</p>}
          {list.cards.map((view) => (
            <label key={view.id} className="choice">
              <input
                type="radio"
                name={`${id}-card`}
                value={view.id}
                checked={card === view.id}
                onChange={() => setCard(view.id)}
                data-testid={`dkek-restore-device-card-${view.id}`}
              />{' '}
              {view.name} — {smartCardStatusWords(view.status).label}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-pin`}>User PIN</label>
          <input
            id={`${id}-pin`}
            ref={pin}
            type="password"
            autoComplete="off"
            data-testid="dkek-restore-device-pin"
          />
        </div>
        {clone && (
          <div className="field">
            <label htmlFor={`${id}-so`}>SO-PIN (16 hexadecimal digits)</label>
            <p className="field__hint" id={`${id}-so-hint`}>
              Needed when the secondary must be initialised (a new device, or one waiting for
              another domain’s shares); Custos says so if it is.
            </p>
            <input
              id={`${id}-so`}
              ref={soPin}
              type="password"
              autoComplete="off"
              aria-describedby={`${id}-so-hint`}
              data-testid="dkek-restore-device-so-pin"
            />
          </div>
        )}
        {problem && (
          <p
            className="notice notice--problem"
            role="alert"
            data-testid="dkek-restore-device-problem"
          >
            {problem}
          </p>
        )}
        <button
          type="submit"
          className="button button--primary"
          disabled={sending || Boolean(snapshot.busy)}
          data-testid="dkek-restore-device-submit"
        >
          {clone ? 'Read the secondary' : 'Read the device'}
        </button>
      </form>
    </div>
  );
}

const OUTCOME: Record<DkekRestoreSnapshot['files'][number]['outcome'], string> = {
  'to-unwrap': 'to unwrap',
  unwrapped: 'unwrapped',
  'already-present': 'already present',
  skipped: 'skipped',
};

function UnwrapStep({ snapshot }: { snapshot: DkekRestoreSnapshot }) {
  return (
    <div className="ceremony-step" data-testid="dkek-restore-unwrap">
      <p data-testid="dkek-restore-kcv-matched">
        Every share is in and the secondary’s DKEK has the record’s check value{' '}
        <span className="mono">{snapshot.kcv}</span>; no key was unwrapped before that was checked.
      </p>
      {snapshot.files.length > 0 && (
        <table className="table" data-testid="dkek-restore-files">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Key</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {snapshot.files.map((file) => (
              <tr
                key={file.file}
                data-testid={`dkek-restore-file-${file.file}`}
                data-outcome={file.outcome}
              >
                <td className="mono">{file.file}</td>
                <td>
                  {file.keyReference === undefined ? '—' : `key ${file.keyReference}`}
                  {file.label ? ` (${file.label})` : ''}
                </td>
                <td>
                  {OUTCOME[file.outcome]}
                  {file.reason ? `: ${file.reason}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {snapshot.summary && (
        <p className="notice" data-testid="dkek-restore-summary">
          {snapshot.summary}
        </p>
      )}
    </div>
  );
}
