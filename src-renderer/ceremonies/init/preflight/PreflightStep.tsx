import { useState } from 'react';
import type { InitView } from '../../../../shared/ceremony/init-snapshot';
import type { DeviceRequirement } from '../../../device-gate/gate';
import { DeviceGate } from '../../../device-gate/DeviceGate';
import { useIntents } from '../init-context';
import { NetworkCheckView } from './NetworkCheckView';
import { PrimaryCheckView } from './PrimaryCheckView';

type PreflightView = Extract<InitView, { step: 'preflight' }>;

const ROLE = 'the primary YubiHSM 2';

/**
 * Preflight: the network warning, the choice of primary among the devices present (through the
 * device gate), and main's check of that device. A device that is not factory-fresh can still
 * be chosen, so the screen can say what is on it and offer the reset.
 */
export function PreflightStep({
  view,
  primarySerial,
}: {
  view: PreflightView;
  primarySerial: number | null;
}) {
  const intents = useIntents();
  const [choosingAgain, setChoosingAgain] = useState(false);
  const check = view.primary;
  const choosing = !check || choosingAgain;
  const choose: DeviceRequirement = {
    role: ROLE,
    serial: null,
    accept: ['factory-fresh', 'factory-key-present'],
  };
  return (
    <div className="preflight" data-testid="preflight">
      <NetworkCheckView network={view.network} />
      {choosing ? (
        <DeviceGate
          requirement={choose}
          onChoose={(device) => {
            setChoosingAgain(false);
            void intents.choosePrimary(device.id);
          }}
        >
          {() => null}
        </DeviceGate>
      ) : (
        <>
          {primarySerial !== null && check.state !== 'checking' ? (
            // Keyed by device: "unplugged" means this device, since it was chosen.
            <DeviceGate
              key={check.deviceId}
              requirement={{ role: ROLE, serial: primarySerial, accept: [] }}
            >
              {() => <PrimaryCheckView check={check} />}
            </DeviceGate>
          ) : (
            <PrimaryCheckView check={check} />
          )}
          <button
            type="button"
            className="button button--quiet"
            data-testid="device-gate-choose-again"
            onClick={() => setChoosingAgain(true)}
          >
            Choose a different device
          </button>
        </>
      )}
    </div>
  );
}
