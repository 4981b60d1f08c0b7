// The primary's keys as the back-up sees them: reference, type, label, certificate subject and
// the file each is wrapped into; once the wrap runs, each key's outcome and its blob's KCV. The
// keys that could not be wrapped are listed again below with main's reason.

import type { DkekBackupKey } from '../../../shared/ceremony/dkek-clone-snapshot';
import { TableScroll } from '../../components/TableScroll';

const STATUS_WORDS: Record<DkekBackupKey['status'], string> = {
  'to-wrap': 'Waiting',
  written: 'Wrapped',
  kept: 'Already in the folder (kept)',
  'not-wrapped': 'Not wrapped',
};

export function BackupKeyTable({
  keys,
  outcome,
}: {
  keys: readonly DkekBackupKey[];
  outcome: boolean;
}) {
  return (
    <TableScroll label="The primary’s keys">
      <table className="object-table" data-testid="dkek-backup-keys" data-count={keys.length}>
        <caption>The primary’s keys and their back-up files</caption>
        <thead>
          <tr>
            <th scope="col">Key reference</th>
            <th scope="col">Type</th>
            <th scope="col">Label</th>
            <th scope="col">Certificate subject</th>
            <th scope="col">File</th>
            {outcome && <th scope="col">Outcome</th>}
            {outcome && <th scope="col">Blob KCV</th>}
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr
              key={key.keyReference}
              data-testid="dkek-backup-key"
              data-key-reference={key.keyReference}
              data-status={key.status}
              data-file={key.file}
            >
              <td className="mono">{key.keyReference}</td>
              <td>{key.type}</td>
              <td>{key.label ?? '—'}</td>
              <td>{key.certificateSubject ?? '—'}</td>
              <td className="mono">{key.file}</td>
              {outcome && <td>{STATUS_WORDS[key.status]}</td>}
              {outcome && (
                <td className="mono" data-testid="dkek-backup-key-kcv">
                  {key.blobKcv ?? '—'}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function NotWrapped({ keys }: { keys: readonly DkekBackupKey[] }) {
  const refused = keys.filter((key) => key.status === 'not-wrapped');
  if (refused.length === 0) return null;
  return (
    <div className="notice notice--problem" data-testid="dkek-backup-not-wrapped">
      <p>
        {refused.length === 1 ? 'This key has' : 'These keys have'} no back-up: say so in the
        ceremony’s minutes.
      </p>
      <ul className="plain-list">
        {refused.map((key) => (
          <li key={key.keyReference} data-key-reference={key.keyReference}>
            Key {key.keyReference}
            {key.label ? ` (${key.label})` : ''}: {key.reason ?? 'not wrapped'}
          </li>
        ))}
      </ul>
    </div>
  );
}
