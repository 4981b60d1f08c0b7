import type { RestoreSnapshot, SecondaryCheck } from '../../../shared/ceremony/restore-snapshot';
import { ObjectTable } from '../../components/ObjectTable';
import type { DeviceChoice, StepDevice } from '../../device-gate/step-gate';
import { DeviceSlot, useDeviceChoice } from '../../device-gate/step-gate';

type SecondaryView = Extract<RestoreSnapshot['view'], { step: 'secondary' }>;

const ROLE = 'the secondary YubiHSM 2';

/**
 * The secondary as the frame's gate needs it on this step: chosen among the devices present,
 * then, once main has checked it and taken it, that device. While main checks a device just
 * chosen there is no gate: the screen says it is checking that device.
 */
export function secondaryDevice(
  snapshot: RestoreSnapshot,
  choice: DeviceChoice,
  chooseSecondary: (deviceId: string) => unknown,
): StepDevice | null {
  const view = snapshot.view;
  if (snapshot.stopped || view.step !== 'secondary') return null;
  const check = view.check;
  if (!check || choice.again) {
    return {
      requirement: { role: ROLE, serial: null, accept: ['factory-fresh', 'factory-key-present'] },
      onChoose: (device) => void chooseSecondary(device.id),
      keeps: true,
    };
  }
  const serial = snapshot.secondary?.serial ?? null;
  if (serial === null || (choice.chosen !== null && check.deviceId !== choice.chosen)) return null;
  // Keyed by device: "unplugged" means this device, since it was chosen.
  return { requirement: { role: ROLE, serial, accept: [] }, key: check.deviceId, keeps: true };
}

/**
 * Preflight of the secondary: the choice among the devices present (the frame's gate, in this
 * screen's slot), then main's check: factory-fresh, a partial restore of this ceremony to
 * resume, or refused (it is the primary, it is configured, it holds something else) with the
 * reason.
 */
export function SecondaryStep({ view }: { view: SecondaryView }) {
  const choice = useDeviceChoice();
  const check = view.check;
  if (!check || choice.again) return <DeviceSlot />;
  // The device just chosen: until main's check of it arrives, the last check (of another device) is not shown.
  if (choice.chosen !== null && check.deviceId !== choice.chosen)
    return <SecondaryCheckView check={{ state: 'checking', deviceId: choice.chosen }} />;
  return (
    <div className="secondary-check-step">
      <DeviceSlot>
        <SecondaryCheckView check={check} />
      </DeviceSlot>
      <button
        type="button"
        className="button button--quiet"
        data-testid="device-gate-choose-again"
        onClick={choice.chooseAgain}
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
