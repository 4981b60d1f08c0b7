import type { ReactNode } from 'react';
import { cloneVerdict, type CloneVerdict } from '../../../shared/ceremony/clone-verdict';
import type { ObjectComparison, SignatureCheck } from '../../../shared/records/ceremony-record';
import type { VerifySnapshot } from '../../../shared/ceremony/verify-snapshot';
import { FocusHeading } from '../../components/FocusHeading';
import { hexObjectId } from '../../components/object-id';
import { groupsOf } from '../init/record/RecordStep';
import type { ComparedField } from './comparison';
import { TableScroll } from '../../components/TableScroll';
import {
  FIELD_COLUMNS,
  fieldCell,
  NAMES_SHOWN_INLINE,
  problemsFirst,
  STATUS_WORD,
} from './comparison';

type ResultView = Extract<VerifySnapshot['view'], { step: 'result' }>;

const SIGNATURE_WORD: Readonly<Record<SignatureCheck['status'], string>> = {
  verified: 'Verified',
  failed: 'Failed',
  'not-checked': 'Not checked',
};

const VERDICT_WORDS: Readonly<Record<CloneVerdict, string>> = {
  matches: 'The clone matches',
  'not-fully-verified': 'The clone is not fully verified',
  'does-not-match': 'The clone does not match',
};

const VERDICT_NOTICE: Readonly<Record<CloneVerdict, string>> = {
  matches: 'notice--good',
  'not-fully-verified': 'notice--warning',
  'does-not-match': 'notice--problem',
};

/**
 * The verdict (a signing key that could not be checked makes it "not fully verified"), the object-by-object table (what each field holds on both sides, or both values
 * where they differ), the signature proofs, and where the witness’s printable report is.
 */
export function ResultStep({
  view,
  folder,
  reportActions,
}: {
  view: ResultView;
  folder: string | undefined;
  /** The button that opens the report (left out where nothing can call main). */
  reportActions?: ReactNode;
}) {
  const verdict = view.allMatch ? 'matches' : cloneVerdict(view);
  return (
    <div
      className="record verify-result"
      data-testid="verify-result"
      data-all-match={view.allMatch}
      data-against={view.against}
    >
      <FocusHeading testId="verify-verdict">{VERDICT_WORDS[verdict]}</FocusHeading>
      <p
        className={`notice ${VERDICT_NOTICE[verdict]}`}
        data-testid="verify-summary"
        data-verdict={verdict}
      >
        {view.summary}
      </p>
      <p>
        {view.against === 'record'
          ? 'Compared with the primary’s inventory in the ceremony record.'
          : 'Compared with the live primary.'}
      </p>
      <ComparisonTable rows={view.objects} />
      <SignatureTable signatures={view.signatures} />
      <dl className="record__facts">
        <dt>Printable report for the witness</dt>
        <dd data-testid="verify-report" data-file={view.report}>
          <span className="mono">{view.report}</span> in{' '}
          <span className="mono">{folder ?? 'the ceremony folder'}</span>. It fits one A4 page with
          room for signatures: open it and print it.
          {reportActions}
        </dd>
        {view.transcriptHead && (
          <>
            <dt>Transcript head (SHA-256 of the last transcript line), for the witnesses</dt>
            <dd className="mono record__head" data-testid="verify-transcript-head">
              {groupsOf(view.transcriptHead, 8).join(' ')}
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}

const FIELD_TITLE: Readonly<Record<(typeof FIELD_COLUMNS)[number], string>> = {
  algorithm: 'Algorithm',
  domains: 'Domains',
  capabilities: 'Capabilities',
  'delegated capabilities': 'Delegated capabilities',
};

function ComparisonTable({ rows }: { rows: readonly ObjectComparison[] }) {
  return (
    <TableScroll label="Object by object">
      <table className="object-table verify-objects" data-testid="verify-objects">
        <caption>
          Object by object: {rows.filter((row) => row.status === 'match').length} of {rows.length}{' '}
          match (✓: the clone holds the same value as the primary)
        </caption>
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Type</th>
            <th scope="col">Label</th>
            <th scope="col">Result</th>
            {FIELD_COLUMNS.map((field) => (
              <th key={field} scope="col">
                {FIELD_TITLE[field]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {problemsFirst(rows).map((row) => (
            <tr
              key={`${row.type}-${row.objectId}`}
              className={`verify-object verify-object--${row.status}`}
              data-testid="verify-object"
              data-status={row.status}
              data-object-id={row.objectId}
              data-object-type={row.type}
            >
              <td className="mono">{hexObjectId(row.objectId)}</td>
              <td>{row.type}</td>
              <LabelCell row={row} />
              <td className="verify-object__result">{STATUS_WORD[row.status]}</td>
              {FIELD_COLUMNS.map((field) => (
                <FieldCellView key={field} row={row} field={field} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The label, and when the clone's differs, both. */
function LabelCell({ row }: { row: ObjectComparison }) {
  const cell = fieldCell(row, 'label');
  if (cell.kind !== 'differs') return <td>{row.label}</td>;
  return (
    <td
      className="verify-cell verify-cell--differs"
      data-testid="verify-difference"
      data-field="label"
    >
      ✗ primary: {cell.primary}; clone: {cell.clone}
    </td>
  );
}

function FieldCellView({ row, field }: { row: ObjectComparison; field: ComparedField }) {
  const cell = fieldCell(row, field);
  if (cell.kind === 'not-compared') {
    return (
      <td className="verify-cell verify-cell--none">
        —<span className="visually-hidden"> not compared</span>
      </td>
    );
  }
  if (cell.kind === 'same') {
    if (cell.value === undefined) {
      return (
        <td className="verify-cell verify-cell--same">
          ✓<span className="visually-hidden"> same</span>
        </td>
      );
    }
    return (
      <td className="verify-cell verify-cell--same" data-testid="verify-value" data-field={field}>
        ✓<span className="visually-hidden"> same:</span>{' '}
        <SameValue value={cell.value} names={cell.names} />
      </td>
    );
  }
  return (
    <td
      className="verify-cell verify-cell--differs"
      data-testid="verify-difference"
      data-field={field}
    >
      ✗ primary: <span className="mono">{cell.primary}</span>; clone:{' '}
      <span className="mono">{cell.clone}</span>
    </td>
  );
}

/** The value both sides hold: capabilities by name (folded when there are many), the rest as recorded. */
function SameValue({ value, names }: { value: string; names: readonly string[] | undefined }) {
  if (!names) return <>{value}</>;
  if (names.length === 0) return <>none</>;
  if (names.length <= NAMES_SHOWN_INLINE) return <>{names.join(', ')}</>;
  return (
    <details>
      <summary>{names.length} capabilities</summary>
      {names.join(', ')} (<span className="mono">{value}</span>)
    </details>
  );
}

function SignatureTable({ signatures }: { signatures: readonly SignatureCheck[] }) {
  if (signatures.length === 0)
    return <p data-testid="verify-signatures-none">No restored signing key to prove.</p>;
  return (
    <table className="object-table verify-signatures" data-testid="verify-signatures">
      <caption>
        Signing keys proven: a fresh challenge signed on the clone and checked with the primary’s
        public key
      </caption>
      <thead>
        <tr>
          <th scope="col">Key</th>
          <th scope="col">Algorithm</th>
          <th scope="col">Result</th>
          <th scope="col">How</th>
        </tr>
      </thead>
      <tbody>
        {signatures.map((signature) => (
          <tr
            key={signature.objectId}
            data-testid="verify-signature"
            data-status={signature.status}
            data-object-id={signature.objectId}
          >
            <td className="mono">{hexObjectId(signature.objectId)}</td>
            <td>{signature.algorithm}</td>
            <td>{SIGNATURE_WORD[signature.status]}</td>
            <td>{signature.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
