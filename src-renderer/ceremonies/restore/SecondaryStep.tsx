import { useState } from 'react';
import type { RestoreSnapshot, SecondaryCheck } from '../../../shared/ceremony/restore-snapshot';
import { ObjectTable } from '../../components/ObjectTable';
import { DeviceGate } from '../../device-gate/DeviceGate';
import { useRestoreIntents } from './restore-context';

type SecondaryView = Extract<RestoreSnapshot['view'], { step: 'secondary' }>;

const ROLE = 'the secondary YubiHSM 2';

/**
 * Preflight of the secondary: the choice among the devices present (through the device gate),
 * then main's check: factory-fresh, a partial restore of this ceremony to resume, or refused
 * (it is the primary, it is configured, it holds something else) with the reason.
 */
export function SecondaryStep({
  view,
  secondarySerial,
}: {
  view: SecondaryView;
  secondarySerial: number | null;
}) {
  const intents = useRestoreIntents();
  const [choosingAgain, setChoosingAgain] = useState(false);
  // The device just chosen: until main's check of it arrives, the last check (of another device) is not shown.
  const [chosen, setChosen] = useState<string | null>(null);
  const check = view.check;
  if (!check || choosingAgain) {
    return (
      <DeviceGate
        requirement={{ role: ROLE, serial: null, accept: ['factory-fresh', 'factory-key-present'] }}
        onChoose={(device) => {
          setChoosingAgain(false);
          setChosen(device.id);
          void intents.chooseSecondary(device.id);
        }}
      >
        {() => null}
      </DeviceGate>
    );
  }
  if (chosen !== null && check.deviceId !== chosen)
    return <SecondaryCheckView check={{ state: 'checking', deviceId: chosen }} />;
  return (
    <div className="secondary-check-step">
      {secondarySerial !== null ? (
        // Keyed by device: "unplugged" means this device, since it was chosen.
        <DeviceGate
          key={check.deviceId}
          requirement={{ role: ROLE, serial: secondarySerial, accept: [] }}
        >
          {() => <SecondaryCheckView check={check} />}
        </DeviceGate>
      ) : (
        <SecondaryCheckView check={check} />
      )}
      <button
        type="button"
        className="button button--quiet"
        data-testid="device-gate-choose-again"
        onClick={() => setChoosingAgain(true)}
      >
        Choose a different device
      </button>
    </div>
  );
}

export function SecondaryCheckView({ check }: { check: SecondaryCheck }) {
  switch (check.state) {
    case 'checking':
      return (
        <p
          className="secondary-check"
          data-testid="secondary-check"
          data-state="checking"
          data-device-id={check.deviceId}
          role="status"
        >
          Checking the device: is it factory-fresh, and is it not the primary?
        </p>
      );
    case 'factory-fresh':
      return (
        <p
          className="secondary-check primary-check__verdict"
          data-testid="secondary-check"
          data-state="factory-fresh"
          data-device-id={check.deviceId}
        >
          ✓ Factory-fresh: serial <span className="mono">{check.serial}</span>, firmware{' '}
          {check.firmware}
          {check.simulated ? ' (simulated)' : ''}. Only the factory authentication key is on it, and
          it is not the primary.
        </p>
      );
    case 'resume':
      return (
        <div
          className="secondary-check"
          data-testid="secondary-check"
          data-state="resume"
          data-device-id={check.deviceId}
        >
          <p className="notice notice--warning">{check.message}</p>
          <ObjectTable objects={check.objects} caption="On the device now" />
        </div>
      );
    case 'refused':
      return (
        <div
          className="secondary-check"
          data-testid="secondary-check"
          data-state="refused"
          data-reason={check.reason}
          data-device-id={check.deviceId}
        >
          <p className="notice notice--problem" role="alert">
            {check.message}
          </p>
          {check.objects && <ObjectTable objects={check.objects} caption="On the device now" />}
        </div>
      );
  }
}
