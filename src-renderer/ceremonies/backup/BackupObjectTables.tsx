import type { BackupObject } from '../../../shared/ceremony/backup-snapshot';
import { hexObjectId } from '../../components/object-id';
import { TableScroll } from '../../components/TableScroll';

type Group =
  | 'export'
  | 'exists'
  | 'not-exportable'
  | 'exported'
  | 'kept'
  | 'not-exported'
  | 'failed'
  | 'waiting';

/** Which table an object's status puts it in, and what that table is called. */
const GROUP_OF: Readonly<Record<BackupObject['status'], Group>> = {
  export: 'export',
  exists: 'exists',
  'not-exportable': 'not-exportable',
  written: 'exported',
  replaced: 'exported',
  kept: 'kept',
  'not-exported': 'not-exported',
  failed: 'failed',
};

const CAPTION: Readonly<Record<Group, string>> = {
  export: 'Will be exported',
  exists: 'Already in the ceremony folder: kept unless you choose to replace the file',
  'not-exportable': 'Cannot be exported',
  exported: 'Exported',
  kept: 'Kept: the file was already in the ceremony folder',
  'not-exported': 'Not exported',
  failed: 'Failed',
  waiting: 'Waiting',
};

const REVIEW_ORDER: readonly Group[] = ['export', 'exists', 'not-exportable'];
const RESULT_ORDER: readonly Group[] = ['failed', 'exported', 'kept', 'not-exported', 'waiting'];

/** Groups objects for the review (before the run) or for the result (during and after it). */
export function groupObjects(
  objects: readonly BackupObject[],
  stage: 'review' | 'result',
): { group: Group; caption: string; objects: BackupObject[] }[] {
  const groupOf = (object: BackupObject): Group => {
    const group = GROUP_OF[object.status];
    if (stage === 'review') return group;
    // During the run, planned objects not reached yet are waiting; planned kept ones are kept.
    if (group === 'export') return 'waiting';
    if (group === 'exists') return 'kept';
    if (group === 'not-exportable') return 'not-exported';
    return group;
  };
  const order = stage === 'review' ? REVIEW_ORDER : RESULT_ORDER;
  return order
    .map((group) => ({
      group,
      caption: CAPTION[group],
      objects: objects.filter((object) => groupOf(object) === group),
    }))
    .filter((entry) => entry.objects.length > 0);
}

interface BackupObjectTablesProps {
  readonly objects: readonly BackupObject[];
  readonly stage: 'review' | 'result';
  /** Review only: file names chosen for replacing, and how to change the choice. */
  readonly replace?: ReadonlySet<string>;
  readonly onReplace?: (file: string, replace: boolean) => void;
}

/** What the back-up will do (review) or did (result), one table per outcome. */
export function BackupObjectTables({
  objects,
  stage,
  replace,
  onReplace,
}: BackupObjectTablesProps) {
  const groups = groupObjects(objects, stage);
  if (groups.length === 0)
    return <p className="notice">The primary holds no objects to back up.</p>;
  return (
    <div className="dump-tables">
      {groups.map(({ group, caption, objects: rows }) => (
        <TableScroll key={group} label={caption}>
          <table className="object-table dump-table" data-testid={`dump-objects-${group}`}>
            <caption>
              {caption} ({rows.length})
            </caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Id</th>
                <th scope="col">Type</th>
                <th scope="col">Label</th>
                {group === 'exists' && onReplace && <th scope="col">Replace the file?</th>}
                {rows.some((row) => row.reason) && <th scope="col">Why</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr
                  key={`${row.type}-${row.objectId}`}
                  data-testid="dump-object"
                  data-status={row.status}
                  data-file={row.file}
                  data-object-id={row.objectId}
                >
                  <td className="mono">{row.file ?? '—'}</td>
                  <td className="mono">{hexObjectId(row.objectId)}</td>
                  <td>{row.type}</td>
                  <td>{row.label}</td>
                  {group === 'exists' && onReplace && (
                    <td>
                      <ReplaceChoice
                        file={row.file ?? ''}
                        checked={replace?.has(row.file ?? '') ?? false}
                        onChange={onReplace}
                      />
                    </td>
                  )}
                  {rows.some((other) => other.reason) && (
                    <td className="dump-table__reason">{row.reason ?? ''}</td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ))}
    </div>
  );
}

function ReplaceChoice({
  file,
  checked,
  onChange,
}: {
  file: string;
  checked: boolean;
  onChange: (file: string, replace: boolean) => void;
}) {
  return (
    <label className="choice">
      <input
        type="checkbox"
        data-testid="dump-replace"
        data-file={file}
        checked={checked}
        onChange={(event) => onChange(file, event.target.checked)}
      />
      Replace <span className="visually-hidden">{file}</span>
    </label>
  );
}
