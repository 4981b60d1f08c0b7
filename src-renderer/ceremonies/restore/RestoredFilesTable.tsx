import type { FactoryKey, RestoredFileView } from '../../../shared/ceremony/restore-snapshot';
import { hexObjectId } from '../../components/object-id';
import { TableScroll } from '../../components/TableScroll';

const RESULT_WORD: Readonly<Record<RestoredFileView['status'], string>> = {
  pending: 'Waiting',
  imported: 'Imported',
  skipped: 'Skipped',
  failed: 'Failed',
};

/** One row per .yhw file: imported (what it held), skipped or failed (why), or still waiting. */
export function RestoredFilesTable({ files }: { files: readonly RestoredFileView[] }) {
  const count = (status: RestoredFileView['status']) =>
    files.filter((file) => file.status === status).length;
  return (
    <TableScroll label="The .yhw backups">
      <table className="object-table restore-files" data-testid="restore-files">
        <caption>
          The .yhw backups: {count('imported')} imported, {count('skipped')} skipped,{' '}
          {count('failed')} failed
          {count('pending') > 0 ? `, ${count('pending')} waiting` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Result</th>
            <th scope="col">Id</th>
            <th scope="col">Type</th>
            <th scope="col">Label</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {files.map((file) => (
            <tr
              key={file.file}
              className={`restore-file restore-file--${file.status}`}
              data-testid="restore-file"
              data-file={file.file}
              data-status={file.status}
            >
              <td className="mono">{file.file}</td>
              <td className="restore-file__result">{RESULT_WORD[file.status]}</td>
              <td className="mono">
                {file.objectId === undefined ? '—' : hexObjectId(file.objectId)}
              </td>
              <td>{file.type ?? '—'}</td>
              <td>{file.label ?? '—'}</td>
              <td className="restore-file__reason" data-testid="restore-file-reason">
                {file.reason ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The factory key decision said plainly: deleted and why, kept and why, or not yet decided. */
export function FactoryKeyDecision({ factoryKey }: { factoryKey: FactoryKey }) {
  const tone =
    factoryKey.decision === 'deleted'
      ? 'notice--good'
      : factoryKey.decision === 'kept'
        ? 'notice--warning'
        : '';
  const lead =
    factoryKey.decision === 'deleted'
      ? 'Factory key deleted.'
      : factoryKey.decision === 'kept'
        ? 'Factory key kept.'
        : 'Factory key: not yet.';
  return (
    <p
      className={`notice ${tone}`}
      data-testid="restore-factory-key"
      data-decision={factoryKey.decision}
    >
      <strong>{lead}</strong> {factoryKey.reason}
    </p>
  );
}
