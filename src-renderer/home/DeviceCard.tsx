import type { DeviceView } from '../../shared/ipc/devices';
import { TRANSPORT_LABEL, slotsText, statusWords } from './device-labels';

/** One device on the home screen: what it is, how it is connected, and what state it is in. */
export function DeviceCard({ device }: { device: DeviceView }) {
  const words = statusWords(device.status);
  const headingId = `device-${device.id}-name`;
  return (
    <article
      className="device-card"
      data-testid="device-card"
      data-device-id={device.id}
      aria-labelledby={headingId}
    >
      <header className="device-card__header">
        <h3 id={headingId} className="device-card__name">
          {device.name}
        </h3>
        {device.simulated && <span className="tag tag--simulated">Simulated</span>}
      </header>
      <p
        className={`status-badge status-badge--${device.status.kind}`}
        data-testid="device-status"
        data-status={device.status.kind}
      >
        <span className="status-badge__label">{words.label}</span>
        <span className="status-badge__detail">{words.detail}</span>
      </p>
      <dl className="device-card__facts">
        <div>
          <dt>Serial</dt>
          <dd className="mono" data-testid="device-serial">
            {device.serial}
          </dd>
        </div>
        <div>
          <dt>Firmware</dt>
          <dd className="mono" data-testid="device-firmware">
            {device.firmware}
          </dd>
        </div>
        <div>
          <dt>Connected by</dt>
          <dd data-testid="device-transport">{TRANSPORT_LABEL[device.transport]}</dd>
        </div>
        <div>
          <dt>Object slots</dt>
          <dd data-testid="device-slots">{slotsText(device.status)}</dd>
        </div>
      </dl>
    </article>
  );
}
