import type { InitSnapshot, InitView } from '../../../../shared/ceremony/init-snapshot';
import type { DeviceChoice, StepDevice } from '../../../device-gate/step-gate';
import { DeviceSlot, useDeviceChoice } from '../../../device-gate/step-gate';
import { NetworkCheckView } from './NetworkCheckView';
import { PrimaryCheckView } from './PrimaryCheckView';

type PreflightView = Extract<InitView, { step: 'preflight' }>;

const ROLE = 'the primary YubiHSM 2';

/**
 * The primary as the frame's gate needs it on the preflight: chosen among the devices present
 * (a device that is not factory-fresh can be chosen too, so the screen can say what is on it
 * and offer the reset), then, once main has checked it, that device. While main is checking
 * there is no gate: the check itself says what it finds.
 */
export function preflightDevice(
  snapshot: InitSnapshot,
  choice: DeviceChoice,
  choosePrimary: (deviceId: string) => unknown,
): StepDevice | null {
  const view = snapshot.view;
  if (snapshot.stopped || view.step !== 'preflight') return null;
  const check = view.primary;
  if (!check || choice.again) {
    return {
      requirement: { role: ROLE, serial: null, accept: ['factory-fresh', 'factory-key-present'] },
      onChoose: (device) => void choosePrimary(device.id),
      keeps: true,
    };
  }
  const serial = snapshot.primary?.serial ?? null;
  if (serial === null || check.state === 'checking') return null;
  // Keyed by device: "unplugged" means this device, since it was chosen.
  return { requirement: { role: ROLE, serial, accept: [] }, key: check.deviceId, keeps: true };
}

/**
 * Preflight: the network warning, the choice of primary among the devices present (the frame's
 * gate, in this screen's slot), and main's check of that device.
 */
export function PreflightStep({ view }: { view: PreflightView }) {
  const choice = useDeviceChoice();
  const check = view.primary;
  const choosing = !check || choice.again;
  return (
    <div className="preflight" data-testid="preflight">
      <NetworkCheckView network={view.network} />
      {choosing ? (
        <DeviceSlot />
      ) : (
        <>
          <DeviceSlot>
            <PrimaryCheckView check={check} />
          </DeviceSlot>
          <button
            type="button"
            className="button button--quiet"
            data-testid="device-gate-choose-again"
            onClick={choice.chooseAgain}
          >
            Choose a different device
          </button>
        </>
      )}
    </div>
  );
}
