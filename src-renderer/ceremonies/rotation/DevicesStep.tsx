import type { RotationView } from '../../../shared/ceremony/rotation-snapshot';
import { FocusHeading } from '../../components/FocusHeading';
import { useDevices } from '../../stores/context';
import { useRotationIntents, useRotationSending } from './rotation-context';

type DevicesView = Extract<RotationView, { step: 'devices' }>;

const NEXT_WORDS: Readonly<Record<DevicesView['devices'][number]['next'], string>> = {
  'put-new-key': 'put the new wrap key',
  export: 'export every object under the new key',
  'delete-old-key': 'delete the old wrap key',
  done: 'done: only the new wrap key',
};

/** The device whose turn it is: the first that still holds the old key and may go now. */
export function deviceDue(view: DevicesView): DevicesView['devices'][number] | undefined {
  return view.devices.find((d) => d.stage !== 'new-key' && d.waitsFor === undefined);
}

/**
 * Every device the record knows, with how far it got; the frame's device gate stands in front,
 * for the device whose turn it is, so its button works only while that device is here. A device
 * pulled out mid-way is said (main's sentence above) and its button runs it again once it is back.
 */
export function DevicesStep({ view }: { view: DevicesView }) {
  const intents = useRotationIntents();
  const sending = useRotationSending();
  const devices = useDevices();
  const due = deviceDue(view);
  const here = due ? devices.find((d) => d.serial === due.serial) : undefined;
  return (
    <div className="device-steps" data-testid="rotate-devices" data-can-retry={view.canRetry}>
      <p>
        New check value <span className="mono kcv">{view.newKcv}</span>; new backups go into{' '}
        <span className="mono">{view.backupFolder}</span>.
      </p>
      <table className="object-table" data-testid="rotate-device-table">
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Holds</th>
            <th scope="col">Next</th>
          </tr>
        </thead>
        <tbody>
          {view.devices.map((device) => (
            <tr
              key={device.serial}
              data-testid="rotate-device"
              data-serial={device.serial}
              data-stage={device.stage}
            >
              <th scope="row">
                The {device.role} (serial {device.serial})
              </th>
              <td>
                {device.stage === 'old-key'
                  ? 'the old wrap key'
                  : device.stage === 'both-keys'
                    ? 'both wrap keys'
                    : 'only the new wrap key'}
              </td>
              <td>{device.waitsFor ?? NEXT_WORDS[device.next]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {view.said.length > 0 && (
        <ul className="notice" data-testid="rotate-said" aria-live="polite">
          {view.said.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {due && (
        <>
          <FocusHeading testId="rotate-device-due">
            The {due.role} (serial {due.serial})
          </FocusHeading>
          <button
            type="button"
            className="button button--primary button--large"
            data-testid="rotate-run-device"
            data-serial={due.serial}
            disabled={sending || !here}
            onClick={() => here && void intents.runDevice(here.id)}
          >
            {view.canRetry ? `Run the ${due.role} again` : `Rotate the ${due.role}`}
          </button>
        </>
      )}
    </div>
  );
}
