// The device steps and the record: the device initialised for the share count, each share
// imported with the device's total and outstanding after it, and the device's check value
// compared with the one computed from the files; then where the record is and its hash. The
// device can travel (issue 10 "Sequential import across sites"): once it is initialised the
// administrator may end here with shares outstanding, told first which shares and who holds them.

import type { DkekInitSnapshot } from '../../../shared/ceremony/dkek-init-snapshot';
import { holdersInWords, outstandingInWords } from '../../../shared/ceremony/dkek-share-holders';
import { useDkekInitIntents, useDkekInitSending } from './dkek-init-context';

export function DeviceSteps({ snapshot }: { snapshot: DkekInitSnapshot }) {
  const device = snapshot.device;
  const filesKcv = snapshot.shares?.kcv;
  if (!device) return null;
  const left = (snapshot.plan?.shares ?? []).filter(
    (share) => !device.imported.includes(share.number),
  );
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
      {device.initialised && device.outstanding > 0 && left.length > 0 && (
        <FinishWithOutstanding left={left} busy={Boolean(snapshot.busy)} />
      )}
    </div>
  );
}

function FinishWithOutstanding(props: {
  left: NonNullable<DkekInitSnapshot['plan']>['shares'];
  busy: boolean;
}) {
  const intents = useDkekInitIntents();
  const sending = useDkekInitSending();
  return (
    <section className="plan-section" data-testid="dkek-finish-outstanding">
      <h2>Or end here and let the device travel</h2>
      <p data-testid="dkek-outstanding-statement">
        {outstandingInWords(props.left)} Until then the device has no usable DKEK: no key on it can
        be backed up. Each holder imports their share later, at any site, with this ceremony folder
        and the device (<span className="mono">custos dkek import</span>); the record says which
        shares are still to come.
      </p>
      <button
        type="button"
        className="button"
        disabled={sending || props.busy}
        data-testid="dkek-finish-leave-outstanding"
        onClick={() => void intents.finish(true)}
      >
        End the ceremony with {props.left.length === 1 ? 'this share' : 'these shares'} outstanding
      </button>
    </section>
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
      {record.outstanding && (
        <div data-testid="dkek-record-outstanding">
          <p>
            The device still waits for {record.outstanding.length} share
            {record.outstanding.length === 1 ? '' : 's'}; the record says so. Each is imported later
            with this ceremony folder (custos dkek import); the check value is compared with the
            files’ when the last one is in.
          </p>
          <ul>
            {record.outstanding.map((share) => (
              <li key={share.number} data-testid="dkek-record-outstanding-share">
                Share {share.number}: {holdersInWords(share.holders)} —{' '}
                <span className="mono">{share.file}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
