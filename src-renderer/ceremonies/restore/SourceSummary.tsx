import type { RestoreSource } from '../../../shared/ceremony/restore-snapshot';
import { hexObjectId } from '../../components/object-id';

/**
 * What the restore restores from: a Custos ceremony (its name, primary, wrap key, threshold and
 * custodians) or, in interop mode, a folder of yubihsm-setup files with the note saying which
 * checks are not possible; and every .yhw file, with the ones that cannot be read named.
 */
export function SourceSummary({ source }: { source: RestoreSource }) {
  const ceremony = source.ceremony;
  const unreadable = source.files.filter((file) => file.problem);
  return (
    <section
      className="source-summary"
      data-testid="restore-source"
      data-mode={source.mode}
      aria-label="What is restored"
    >
      {ceremony ? (
        <p className="source-summary__ceremony">
          <strong data-testid="restore-ceremony-name">{ceremony.name}</strong>
          {ceremony.rehearsal && <span className="tag tag--rehearsal">Rehearsal</span>} · primary
          serial <span className="mono">{ceremony.primarySerial}</span> · wrap key{' '}
          <span className="mono">{hexObjectId(ceremony.wrapKeyId)}</span>, check value{' '}
          <span className="mono kcv">{ceremony.kcv}</span> · any {ceremony.threshold} of{' '}
          {ceremony.shareCount} shares (
          {ceremony.custodians.map((custodian) => custodian.name).join(', ')})
        </p>
      ) : (
        <p className="notice notice--warning" data-testid="restore-interop-note">
          <strong>yubihsm-setup folder (no Custos record).</strong> {source.note}
        </p>
      )}
      <p className="source-summary__files">
        <span className="mono">{source.folder}</span>: {source.files.length} .yhw file
        {source.files.length === 1 ? '' : 's'}
        {unreadable.length > 0
          ? `, ${unreadable.length} of them unreadable (they will be reported, not imported)`
          : ''}
        .
      </p>
      {unreadable.length > 0 && (
        <ul className="notice notice--warning plain-list" data-testid="restore-unreadable-files">
          {unreadable.map((file) => (
            <li key={file.file}>{file.problem}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
