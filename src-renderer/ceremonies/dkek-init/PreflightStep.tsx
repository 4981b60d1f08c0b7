// Preflight: choose the SmartCard-HSM (the simulated primary or a card in a PC/SC reader), then
// see what main read from it. A device already initialised is wiped by a re-initialisation, so
// going on waits for its serial typed (and its keys counted, when it holds any).

import { useState, type FormEvent } from 'react';
import type { DkekInitSnapshot, DkekStatusView } from '../../../shared/ceremony/dkek-init-snapshot';
import { useSmartCards } from '../../stores/context';
import { useDkekInitIntents, useDkekInitSending } from './dkek-init-context';

export function PreflightStep({ snapshot }: { snapshot: DkekInitSnapshot | null }) {
  if (!snapshot?.preflight) return <ChooseCard />;
  const { device, initialised, dkek, keys, reinitialise } = snapshot.preflight;
  return (
    <div className="ceremony-step" data-testid="dkek-preflight">
      <dl className="facts">
        <dt>Device</dt>
        <dd data-testid="dkek-device">
          {device.version}, serial <span className="mono">{device.serial}</span> ({device.reader})
        </dd>
        <dt>Initialised</dt>
        <dd data-testid="dkek-initialised">{initialised ? 'Yes' : 'No (factory-fresh)'}</dd>
        <dt>DKEK</dt>
        <dd data-testid="dkek-status">{statusWords(dkek)}</dd>
        <dt>Keys</dt>
        <dd data-testid="dkek-keys">
          {keys.length === 0
            ? 'None'
            : keys.map((key) => key.label ?? `key ${key.keyReference}`).join(', ')}
        </dd>
      </dl>
      {reinitialise !== 'not-needed' && (
        <Reinitialise
          serial={device.serial}
          keyCount={keys.length}
          confirmed={reinitialise === 'confirmed'}
        />
      )}
    </div>
  );
}

function ChooseCard() {
  const intents = useDkekInitIntents();
  const sending = useDkekInitSending();
  const { list } = useSmartCards();
  const [chosen, setChosen] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen) void intents.start(chosen);
  };
  return (
    <form className="ceremony-step" data-testid="dkek-choose-device" onSubmit={submit}>
      <fieldset>
        <legend>The SmartCard-HSM, Nitrokey HSM 2 or Pico HSM to initialise</legend>
        {list.cards.length === 0 && <p>No device is listed yet; insert one or wait a moment.</p>}
        {list.cards.map((card) => (
          <label key={card.id} className="choice">
            <input
              type="radio"
              name="dkek-device"
              value={card.id}
              checked={chosen === card.id}
              onChange={() => setChosen(card.id)}
              data-testid={`dkek-device-${card.id}`}
            />{' '}
            {card.name}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={!chosen || sending} data-testid="dkek-read-device">
        Read this device
      </button>
    </form>
  );
}

function Reinitialise(props: { serial: string; keyCount: number; confirmed: boolean }) {
  const intents = useDkekInitIntents();
  const sending = useDkekInitSending();
  const [serial, setSerial] = useState('');
  const [keys, setKeys] = useState('');
  if (props.confirmed)
    return (
      <p className="notice" data-testid="dkek-reinitialise-confirmed">
        Re-initialisation confirmed: everything on this device will be wiped when the device steps
        begin.
      </p>
    );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void intents.confirmReinitialise(serial, props.keyCount > 0 ? Number(keys) : undefined);
  };
  return (
    <form className="notice notice--problem" data-testid="dkek-reinitialise" onSubmit={submit}>
      <p>
        This device is already initialised. Re-initialising it wipes every key on it for good. To go
        on, type its serial ({props.serial})
        {props.keyCount > 0 ? ` and the number of keys it holds (${props.keyCount})` : ''}.
      </p>
      <label>
        Serial
        <input
          value={serial}
          onChange={(event) => setSerial(event.target.value)}
          autoComplete="off"
          data-testid="dkek-reinitialise-serial"
        />
      </label>
      {props.keyCount > 0 && (
        <label>
          Number of keys that will be destroyed
          <input
            inputMode="numeric"
            value={keys}
            onChange={(event) => setKeys(event.target.value)}
            data-testid="dkek-reinitialise-keys"
          />
        </label>
      )}
      <button type="submit" disabled={sending} data-testid="dkek-reinitialise-confirm">
        Confirm the re-initialisation
      </button>
    </form>
  );
}

export function statusWords(status: DkekStatusView): string {
  switch (status.state) {
    case 'not-initialised':
      return 'Not initialised';
    case 'no-dkek':
      return 'No DKEK: keys on it can never be backed up';
    case 'pending':
      return `Waiting for shares: ${status.outstanding} of ${status.total} outstanding`;
    case 'complete':
      return `Complete (${status.total} shares), KCV ${status.kcv}`;
    case 'kcv-hidden':
      return `Complete (${status.total} shares)`;
  }
}
