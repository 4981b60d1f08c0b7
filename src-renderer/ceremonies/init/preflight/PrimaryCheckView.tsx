import { useId, useState } from 'react';
import type { PrimaryCheck } from '../../../../shared/ceremony/init-snapshot';
import { ObjectTable } from '../../../components/ObjectTable';
import { useIntents, useSending, useSnapshot } from '../init-context';

/** What preflight found on the chosen device, and a reset behind typed words when it is not fresh. */
export function PrimaryCheckView({ check }: { check: PrimaryCheck }) {
  switch (check.state) {
    case 'checking':
      return (
        <p
          className="primary-check"
          data-testid="primary-check"
          data-state="checking"
          role="status"
        >
          Checking the device: is only its factory authentication key on it?
        </p>
      );
    case 'factory-fresh':
      return (
        <div
          className="primary-check primary-check--fresh"
          data-testid="primary-check"
          data-state="factory-fresh"
        >
          <p className="primary-check__verdict">
            ✓ Factory-fresh: serial <span className="mono">{check.serial}</span>, firmware{' '}
            {check.firmware}
            {check.simulated ? ' (simulated)' : ''}. Only the factory authentication key is on it.
          </p>
          <ObjectTable objects={check.objects} caption="On the device now" />
        </div>
      );
    case 'not-fresh':
      return <NotFresh check={check} />;
    case 'configured':
    case 'unreachable':
      return (
        <p
          className="notice notice--problem primary-check"
          data-testid="primary-check"
          data-state={check.state}
        >
          {check.message}
        </p>
      );
  }
}

function NotFresh({ check }: { check: Extract<PrimaryCheck, { state: 'not-fresh' }> }) {
  const intents = useIntents();
  const sending = useSending();
  const problem = useSnapshot()?.problem;
  const id = useId();
  const [typed, setTyped] = useState('');
  // Main judges the words; the page only knows whether something was typed.
  const exact = typed.trim() !== '';
  const refused = problem?.field === 'resetConfirmation';
  return (
    <div
      className="primary-check primary-check--not-fresh"
      data-testid="primary-check"
      data-state="not-fresh"
    >
      <p className="primary-check__verdict">
        This device (serial <span className="mono">{check.serial}</span>
        {check.simulated ? ', simulated' : ''}) is not factory-fresh: the factory key still opens
        it, but it holds more than that key.
      </p>
      <ObjectTable objects={check.objects} caption="On the device now" />
      <form
        className="reset-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (exact) void intents.resetPrimary(check.deviceId, typed);
        }}
      >
        <p>
          A reset erases every object listed above and brings the factory key back. It cannot be
          undone. To reset this device, type{' '}
          <strong className="mono" data-testid="init-reset-words">
            RESET
          </strong>
          , a space and the device’s serial number (on its label, and above)
          {check.resetWordShownIn ? (
            <>
              , a space and the word Custos shows in{' '}
              <span data-testid="init-reset-word-where">{check.resetWordShownIn}</span> (this page
              is not told it, so it cannot reset the device by itself)
            </>
          ) : null}
          , exactly.
        </p>
        <label htmlFor={id}>Confirmation</label>
        <input
          id={id}
          className="mono"
          data-testid="init-reset-confirmation"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={refused}
          aria-describedby={refused ? 'ceremony-problem' : undefined}
        />
        <button
          type="submit"
          className="button button--danger"
          data-testid="init-reset"
          disabled={!exact || sending}
        >
          Reset this device
        </button>
      </form>
    </div>
  );
}
