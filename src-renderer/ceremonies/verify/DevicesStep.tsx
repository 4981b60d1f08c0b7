import type { VerifySnapshot } from '../../../shared/ceremony/verify-snapshot';
import { ApplicationKeyForm } from '../../components/ApplicationKeyForm';
import type { StepDevice } from '../../device-gate/step-gate';
import { DeviceSlot } from '../../device-gate/step-gate';
import { deviceName } from '../../home/device-labels';
import { useDevices } from '../../stores/context';
import { useVerifyIntents, useVerifySending } from './verify-context';

type DevicesView = Extract<VerifySnapshot['view'], { step: 'devices' }>;

const ROLE = 'the secondary YubiHSM 2 (the clone)';

/**
 * The clone as the frame's gate needs it: chosen among the devices present, then that device.
 * The rest of the screen (what to compare with, the application key) stays on while the clone
 * is missing: the gate goes in the clone's section.
 */
export function verifyDevice(
  snapshot: VerifySnapshot,
  chooseSecondary: (deviceId: string) => unknown,
): StepDevice | null {
  if (snapshot.view.step !== 'devices') return null;
  const secondary = snapshot.secondary;
  if (!secondary) {
    return {
      requirement: { role: ROLE, serial: null, accept: ['configured', 'factory-key-present'] },
      onChoose: (device) => void chooseSecondary(device.id),
      keeps: true,
    };
  }
  return {
    requirement: { role: ROLE, serial: secondary.serial, accept: [] },
    key: secondary.deviceId,
    keeps: true,
  };
}

/** The clone (through the frame's device gate), what to compare it with, and the application key. */
export function DevicesStep({ view, snapshot }: { view: DevicesView; snapshot: VerifySnapshot }) {
  const intents = useVerifyIntents();
  const sending = useVerifySending();
  const secondary = snapshot.secondary;
  return (
    <div className="ceremony-step verify-devices" data-testid="verify-devices">
      {view.needsPrimary && (
        <p className="notice notice--warning" data-testid="verify-needs-primary">
          This folder has no Custos ceremony record, so the clone is compared with the live primary:
          plug it in and choose it below.
        </p>
      )}
      <section aria-labelledby="verify-clone-heading">
        <h2 id="verify-clone-heading">The clone</h2>
        <DeviceSlot>
          {secondary && (
            <p
              className="chosen-line"
              data-testid="verify-secondary-chosen"
              data-serial={secondary.serial}
            >
              ✓ Clone: serial <span className="mono">{secondary.serial}</span>
              {secondary.simulated ? ' (simulated)' : ''}.
            </p>
          )}
        </DeviceSlot>
      </section>
      <ComparedWith view={view} snapshot={snapshot} />
      <section aria-labelledby="verify-key-heading">
        <h2 id="verify-key-heading">The application key</h2>
        <ApplicationKeyForm
          suggestedId={view.suggestedAuthKeyId}
          lead="The clone (and a live primary) are read through the application key: a restore deleted the secondary’s factory key. The password goes to the devices and is not kept after the verification."
          submitLabel="Give the password"
          given={view.passwordGiven}
          disabled={sending}
          testId="verify-auth"
          onSubmit={(authKeyId, password) => void intents.authenticate(authKeyId, password)}
        />
      </section>
    </div>
  );
}

/** The record (when the folder has one) or the live primary, chosen among the other devices plugged in. */
function ComparedWith({ view, snapshot }: { view: DevicesView; snapshot: VerifySnapshot }) {
  const intents = useVerifyIntents();
  const sending = useVerifySending();
  const devices = useDevices();
  const primary = snapshot.primary;
  const candidates = devices.filter(
    (device) =>
      device.id !== snapshot.secondary?.deviceId &&
      (device.status.kind === 'configured' || device.status.kind === 'factory-key-present'),
  );
  return (
    <section
      aria-labelledby="verify-against-heading"
      data-testid="verify-against"
      data-against={primary ? 'live-primary' : 'record'}
    >
      <h2 id="verify-against-heading">Compared with</h2>
      {primary ? (
        <p className="chosen-line" data-testid="verify-primary-chosen">
          The live primary: serial <span className="mono">{primary.serial}</span>
          {primary.simulated ? ' (simulated)' : ''}.
          {!view.needsPrimary && (
            <button
              type="button"
              className="button button--quiet"
              data-testid="verify-use-record"
              disabled={sending}
              onClick={() => void intents.choosePrimary(null)}
            >
              Compare with the record instead
            </button>
          )}
        </p>
      ) : (
        <>
          {!view.needsPrimary && (
            <p data-testid="verify-against-record">
              The primary’s inventory in the ceremony record
              {snapshot.ceremonyName ? ` of “${snapshot.ceremonyName}”` : ''}.
            </p>
          )}
          {candidates.length > 0 ? (
            <>
              <p id="verify-live-primary">
                {view.needsPrimary
                  ? 'Choose the live primary:'
                  : 'Or compare with the live primary, if it is plugged in:'}
              </p>
              <ul className="device-gate__choices" aria-labelledby="verify-live-primary">
                {candidates.map((device) => (
                  <li key={device.id}>
                    <button
                      type="button"
                      className="button"
                      data-testid="verify-choose-primary"
                      data-device-id={device.id}
                      disabled={sending}
                      onClick={() => void intents.choosePrimary(device.id)}
                    >
                      Use {deviceName(device)}
                      {device.simulated ? ' (simulated)' : ''}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            view.needsPrimary && (
              <p className="notice">
                Plug in the primary; it appears here as soon as Custos detects it.
              </p>
            )
          )}
        </>
      )}
    </section>
  );
}
