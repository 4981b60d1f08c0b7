// The device steps and the record: the device initialised for the share count, each share
// imported with the device's total and outstanding after it, and the device's check value
// compared with the one computed from the files; then where the record is and its hash.

import type { DkekInitSnapshot } from '../../../shared/ceremony/dkek-init-snapshot';

export function DeviceSteps({ snapshot }: { snapshot: DkekInitSnapshot }) {
  const device = snapshot.device;
  const filesKcv = snapshot.shares?.kcv;
  if (!device) return null;
  return (
    <div className="ceremony-step" data-testid="dkek-device-steps">
      <p data-testid="dkek-device-initialised">
        {device.initialised
          ? 'The device is initialised for the shares.'
          : 'Nothing is written to the device until you initialise it.'}
      </p>
      <p data-testid="dkek-device-outstanding">
        Shares imported: {device.imported.length} of {device.total}; outstanding:{' '}
        {device.outstanding}
      </p>
      {device.kcv && (
        <p data-testid="dkek-device-kcv">
          The device’s DKEK check value is <span className="mono">{device.kcv}</span>
          {filesKcv
            ? device.kcv === filesKcv
              ? ', the same as computed from the share files.'
              : `, but the share files give ${filesKcv}: do not use this device.`
            : '.'}
        </p>
      )}
    </div>
  );
}

export function RecordStep({ snapshot }: { snapshot: DkekInitSnapshot }) {
  const record = snapshot.record;
  if (!record) return null;
  return (
    <div className="ceremony-step" data-testid="dkek-record">
      <dl className="facts">
        <dt>Ceremony folder</dt>
        <dd className="mono" data-testid="dkek-record-folder">
          {record.folder}
        </dd>
        {record.kcv && (
          <>
            <dt>DKEK check value</dt>
            <dd className="mono" data-testid="dkek-record-kcv">
              {record.kcv}
            </dd>
          </>
        )}
        <dt>Transcript hash (for the witnesses)</dt>
        <dd className="mono" data-testid="dkek-record-transcript">
          {record.transcriptHead}
        </dd>
      </dl>
    </div>
  );
}
