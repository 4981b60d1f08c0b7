import { useDevices, useDevicesLoad } from '../stores/context';
import { DeviceCard } from './DeviceCard';

/** The devices main can see, live: cards appear and go as devices are plugged in and out. */
export function DeviceList() {
  const devices = useDevices();
  const load = useDevicesLoad();
  return (
    <section className="home-section" aria-labelledby="devices-heading">
      <h2 id="devices-heading">Devices</h2>
      {load.kind === 'failed' && (
        <p className="notice notice--problem" role="alert">
          {load.message}
        </p>
      )}
      {load.kind === 'loading' && devices.length === 0 && (
        <p className="notice">Looking for devices…</p>
      )}
      {load.kind !== 'loading' && devices.length === 0 && (
        <p className="notice">
          No device is connected. Plug in a YubiHSM 2; it appears here as soon as Custos detects it.
        </p>
      )}
      {devices.length > 0 && (
        <ul className="device-list" aria-live="polite">
          {devices.map((device) => (
            <li key={device.id}>
              <DeviceCard device={device} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
