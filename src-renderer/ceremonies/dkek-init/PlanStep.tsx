// The plan: the ceremony's name and folder, the SO-PIN (16 hex digits) and user PIN typed twice,
// the PIN retry counter, the DKEK mode in plain sentences, and for mode "shares" each share file
// with its custodians: one custodian's typed password (twice), or a t-of-n password split, and
// where its `.pbe` goes. A plan file (PlanFile.tsx) fills or keeps everything but the PINs and
// passwords, which go to main once, in dkek-init/set-plan, and the fields are emptied.

import { useState, type FormEvent } from 'react';
import type { DkekInitSnapshot } from '../../../shared/ceremony/dkek-init-snapshot';
import { useDkekInitIntents, useDkekInitSending } from './dkek-init-context';
import { Field, ShareFields } from './PlanFields';
import { PlanFile } from './PlanFile';
import { draftOf, formOf, type Mode, type ShareDraft } from './plan-form';

export const MODE_WORDS: Record<Mode, string> = {
  none: 'No DKEK: no backup of this device’s keys will ever be possible.',
  random:
    'A random DKEK made inside the device: keys can be wrapped, but only this device can ever unwrap them.',
  shares:
    'DKEK share files: each share file is opened by one custodian’s typed password or by a t-of-n split of its password among named custodians; the same shares can later be imported into a second device.',
};

export function PlanStep({ snapshot }: { snapshot: DkekInitSnapshot }) {
  if (snapshot.plan) return <PlanSummary plan={snapshot.plan} />;
  return <PlanForm />;
}

function PlanSummary({ plan }: { plan: NonNullable<DkekInitSnapshot['plan']> }) {
  return (
    <div className="ceremony-step" data-testid="dkek-plan-summary">
      <p>
        <strong>{plan.ceremony}</strong> in <span className="mono">{plan.folder}</span>
      </p>
      <p data-testid="dkek-plan-mode">{MODE_WORDS[plan.mode]}</p>
      {plan.mode === 'shares' && (
        <p data-testid="dkek-plan-sheets">
          {plan.printSheets
            ? 'Each password share’s custodian can print their own sheet (with a QR code) during their turn.'
            : 'No sheets are printed: each custodian writes their password share down by hand.'}
        </p>
      )}
      <ul>
        {plan.shares.map((share) => (
          <li key={share.number} data-testid="dkek-plan-share">
            Share {share.number}:{' '}
            {share.holders.kind === 'password'
              ? `${share.holders.custodian}'s password`
              : `any ${share.holders.threshold} of ${share.holders.custodians.join(', ')}`}{' '}
            — <span className="mono">{share.file}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function PlanForm() {
  const intents = useDkekInitIntents();
  const sending = useDkekInitSending();
  const [ceremony, setCeremony] = useState('');
  const [folder, setFolder] = useState('');
  const [soPin, setSoPin] = useState(['', '']);
  const [pin, setPin] = useState(['', '']);
  const [retries, setRetries] = useState('3');
  const [mode, setMode] = useState<Mode>('shares');
  const [printSheets, setPrintSheets] = useState(false);
  const [shares, setShares] = useState<ShareDraft[]>([]);
  const fields = () => ({ ceremony, retries, mode, printSheets, shares });
  const loaded = (plan: Parameters<typeof formOf>[0]) => {
    const form = formOf(plan);
    setCeremony(form.ceremony);
    setRetries(form.retries);
    setMode(form.mode);
    setPrintSheets(form.printSheets);
    setShares(form.shares);
  };
  const update = (index: number, share: ShareDraft) =>
    setShares((all) => all.map((one, i) => (i === index ? share : one)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const request = {
      plan: draftOf(fields()),
      folder,
      soPin: soPin[0]!,
      soPinConfirmation: soPin[1]!,
      pin: pin[0]!,
      pinConfirmation: pin[1]!,
      passwords:
        mode === 'shares'
          ? shares.flatMap((share, index) =>
              share.kind === 'password'
                ? [
                    {
                      shareNumber: index + 1,
                      password: share.password,
                      confirmation: share.confirmation,
                    },
                  ]
                : [],
            )
          : [],
    };
    // The secrets leave the page's state as they are sent: typed again if main refuses.
    setSoPin(['', '']);
    setPin(['', '']);
    setShares((all) =>
      all.map((share) =>
        share.kind === 'password' ? { ...share, password: '', confirmation: '' } : share,
      ),
    );
    await intents.setPlan(request);
  };

  return (
    <form className="ceremony-step" data-testid="dkek-plan" onSubmit={submit}>
      <PlanFile draft={() => draftOf(fields())} onLoaded={loaded} />
      <Field label="Ceremony name" value={ceremony} onChange={setCeremony} testId="dkek-ceremony" />
      <Field
        label="Ceremony folder (full path; the share files are written there)"
        value={folder}
        onChange={setFolder}
        testId="dkek-folder"
      />
      <Field
        label="SO-PIN (16 hexadecimal digits)"
        value={soPin[0]!}
        onChange={(value) => setSoPin([value, soPin[1]!])}
        testId="dkek-so-pin"
        secret
      />
      <Field
        label="SO-PIN again"
        value={soPin[1]!}
        onChange={(value) => setSoPin([soPin[0]!, value])}
        testId="dkek-so-pin-again"
        secret
      />
      <Field
        label="User PIN (6 to 16 characters)"
        value={pin[0]!}
        onChange={(value) => setPin([value, pin[1]!])}
        testId="dkek-pin"
        secret
      />
      <Field
        label="User PIN again"
        value={pin[1]!}
        onChange={(value) => setPin([pin[0]!, value])}
        testId="dkek-pin-again"
        secret
      />
      <Field
        label="PIN retry counter"
        value={retries}
        onChange={setRetries}
        testId="dkek-retries"
      />
      <fieldset>
        <legend>DKEK mode</legend>
        {(['none', 'random', 'shares'] as const).map((one) => (
          <label key={one} className="choice">
            <input
              type="radio"
              name="dkek-mode"
              checked={mode === one}
              onChange={() => setMode(one)}
              data-testid={`dkek-mode-${one}`}
            />{' '}
            {MODE_WORDS[one]}
          </label>
        ))}
      </fieldset>
      {mode === 'shares' && (
        <fieldset data-testid="dkek-shares">
          <legend>Share files</legend>
          <label className="choice">
            <input
              type="checkbox"
              checked={printSheets}
              onChange={(event) => setPrintSheets(event.target.checked)}
              data-testid="dkek-print-sheets"
            />{' '}
            Print a sheet for each password share (its custodian’s only, during their turn: prime,
            ID and value with the check word, and a QR code)
          </label>
          {shares.map((share, index) => (
            <ShareFields
              key={index}
              number={index + 1}
              share={share}
              onChange={(next) => update(index, next)}
            />
          ))}
          <button
            type="button"
            data-testid="dkek-add-password-share"
            onClick={() =>
              setShares((all) => [
                ...all,
                { kind: 'password', custodian: '', password: '', confirmation: '', file: '' },
              ])
            }
          >
            Add a share with a typed password
          </button>{' '}
          <button
            type="button"
            data-testid="dkek-add-split-share"
            onClick={() =>
              setShares((all) => [
                ...all,
                { kind: 'split', custodians: '', threshold: '2', file: '' },
              ])
            }
          >
            Add a share with a password split among custodians
          </button>
        </fieldset>
      )}
      <button type="submit" disabled={sending} data-testid="dkek-set-plan">
        Set the plan
      </button>
    </form>
  );
}
