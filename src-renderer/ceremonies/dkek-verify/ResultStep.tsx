// The DKEK verification's result: the verdict, the DKEK check value expected and found, per key
// each check (present, type, label, public key, signature) with what it found and the signature
// proof, the keys the clone holds that the record does not, and the witness's printable report.

import type { DkekVerifySnapshot } from '../../../shared/ceremony/dkek-clone-snapshot';
import { OpenReportButton } from '../../components/OpenReportButton';
import { TableScroll } from '../../components/TableScroll';
import { useDkekVerifyIntents, useDkekVerifySending } from './dkek-verify-context';

type Result = NonNullable<DkekVerifySnapshot['result']>;

const PROOF_WORDS: Record<Result['keys'][number]['proof'], string> = {
  proven: 'Proven: the clone signed a fresh challenge the recorded public key accepts',
  failed: 'Failed: the signature does not check with the recorded public key',
  'not-provable': 'Not a signing key: nothing to prove',
};

export function ResultStep({ snapshot }: { snapshot: DkekVerifySnapshot }) {
  const result = snapshot.result;
  if (!result) return null;
  const device = snapshot.device;
  return (
    <div className="ceremony-step" data-testid="dkek-verify-result" data-verdict={result.verdict}>
      <p
        className={result.verdict === 'verified' ? 'chosen-line' : 'notice notice--problem'}
        data-testid="dkek-verify-verdict"
      >
        {result.verdict === 'verified'
          ? '✓ Verified: the clone holds the recorded DKEK and every recorded key.'
          : 'The clone differs from the record: see the rows marked ✗.'}
      </p>
      <dl className="facts">
        {device && (
          <>
            <dt>Clone</dt>
            <dd data-testid="dkek-verify-device-chosen" data-serial={device.serial}>
              {device.version}
              {device.serial ? `, serial ${device.serial}` : ''}
              {device.simulated ? ' (simulated)' : ''}
            </dd>
          </>
        )}
        <dt>DKEK check value</dt>
        <dd data-testid="dkek-verify-kcv" data-ok={result.kcv.ok}>
          {result.kcv.ok ? '✓ ' : '✗ '}expected <span className="mono">{result.kcv.expected}</span>,
          found <span className="mono">{result.kcv.found}</span>
        </dd>
      </dl>
      <KeyRows keys={result.keys} />
      {result.extra.length > 0 && (
        <p className="notice notice--problem" data-testid="dkek-verify-extra">
          The clone also holds keys the record does not: {result.extra.join(', ')}.
        </p>
      )}
      <p data-testid="dkek-verify-report" data-file={result.report}>
        Printable report for the witness: <span className="mono">{result.report}</span> in{' '}
        <span className="mono">{snapshot.folder}</span>
      </p>
      <OpenReport ceremonyId={snapshot.ceremonyId} />
    </div>
  );
}

function KeyRows({ keys }: { keys: Result['keys'] }) {
  return (
    <TableScroll label="Each recorded key on the clone">
      <table className="object-table" data-testid="dkek-verify-keys" data-count={keys.length}>
        <caption>Each recorded key on the clone</caption>
        <thead>
          <tr>
            <th scope="col">Key reference</th>
            <th scope="col">Label</th>
            <th scope="col">Checks</th>
            <th scope="col">Signature proof</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr
              key={key.keyReference}
              data-testid="dkek-verify-key"
              data-key-reference={key.keyReference}
              data-proof={key.proof}
              data-ok={key.checks.every((check) => check.ok)}
            >
              <td className="mono">{key.keyReference}</td>
              <td>{key.label ?? '—'}</td>
              <td>
                <ul className="plain-list">
                  {key.checks.map((check) => (
                    <li
                      key={check.what}
                      data-testid="dkek-verify-check"
                      data-what={check.what}
                      data-ok={check.ok}
                    >
                      {check.ok ? '✓' : '✗'} {check.what}: {check.detail}
                    </li>
                  ))}
                </ul>
              </td>
              <td data-testid="dkek-verify-proof">{PROOF_WORDS[key.proof]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** As the YubiHSM verification opens its report: main shows the file it wrote, named by ceremony id. */
function OpenReport({ ceremonyId }: { ceremonyId: string }) {
  const intents = useDkekVerifyIntents();
  const sending = useDkekVerifySending();
  return (
    <OpenReportButton
      open={() => intents.openReport(ceremonyId)}
      disabled={sending}
      testId="dkek-verify-open-report"
    />
  );
}
