import { useRef, useState } from 'react';
import type { InitView } from '../../../../shared/ceremony/init-snapshot';
import { asSentence } from '../../../components/sentences';
import { useIntents } from '../init-context';
import { CustodianFields } from './CustodianFields';
import type { Draft } from './draft';
import { withValue } from './draft';
import type { PlanEditor } from './editor';
import type { FieldSpot } from './field-problems';
import { unplaced } from './field-problems';
import { TextField } from './fields';
import { FolderField } from './FolderField';
import { KeyFields } from './KeyFields';
import { PlanFiles } from './PlanFiles';
import { DomainFields, ProfileFields, ShareFields } from './PolicyFields';

type PlanView = Extract<InitView, { step: 'plan' }>;

/** Every place on the plan screen that shows main's problems; the rest are listed at the top. */
const SPOTS: readonly FieldSpot[] = [
  { field: 'ceremony' },
  { field: 'folder' },
  { field: 'custodians' },
  { field: 'threshold' },
  { field: 'domains' },
  { field: 'wrapKey.id' },
  { field: 'applicationKey.id' },
  { field: 'applicationKey.label' },
  { field: 'passwords' },
  { field: 'rsaDecrypt' },
  { field: 'auditKey' },
  { field: 'capabilityProfile' },
  { field: 'shareFormat' },
  { field: 'shareConfirmation' },
  { field: 'verificationRound' },
  { field: 'shareHideSeconds' },
  { field: 'contact' },
];

/**
 * The plan: main holds the draft and judges it on every change; this screen edits a copy (so
 * typing is never overtaken by an answer) and shows main's sentences at their fields. Loading a
 * plan file starts the copy again from main's draft.
 */
export function PlanStep({ view, rehearsal }: { view: PlanView; rehearsal: boolean }) {
  const [generation, setGeneration] = useState(0);
  return (
    <div className="plan" data-testid="plan">
      <PlanForm key={generation} view={view} rehearsal={rehearsal} />
      {/* Outside the form, so what it says about the file outlives the form starting again. */}
      <PlanFiles onLoaded={() => setGeneration((value) => value + 1)} />
    </div>
  );
}

function PlanForm({ view, rehearsal }: { view: PlanView; rehearsal: boolean }) {
  const intents = useIntents();
  const [draft, setDraft] = useState<Draft>(() => view.plan);
  // Two edits before the next render (a move, then a focus change) must build on each other.
  const latest = useRef(draft);
  const editor: PlanEditor = {
    draft,
    errors: view.errors,
    warnings: view.warnings,
    rehearsal,
    edit(path, value) {
      const next = withValue(latest.current, path, value);
      latest.current = next;
      setDraft(next);
      void intents.updatePlan(next);
    },
  };
  // "Keep the factory key" is offered only in rehearsal; otherwise its problem goes to the top.
  const spots = rehearsal ? [...SPOTS, { field: 'keepFactoryKey' }] : SPOTS;
  const loose = [...unplaced(view.errors, spots), ...unplaced(view.warnings, spots)];
  return (
    <>
      {loose.length > 0 && (
        <ul className="plan__loose notice notice--problem" data-testid="plan-problems">
          {loose.map((problem) => (
            <li
              key={`${problem.field ?? ''}-${problem.message}`}
              data-testid="field-problem"
              data-field={problem.field}
            >
              {asSentence(problem.message)}
            </li>
          ))}
        </ul>
      )}
      <fieldset className="plan-section" data-testid="plan-ceremony-section">
        <legend>Ceremony</legend>
        <TextField
          editor={editor}
          path="ceremony"
          label="Ceremony name"
          testId="plan-ceremony"
          hint="Printed on every sheet and in the record, e.g. “Root CA key ceremony 2025”."
        />
        <FolderField editor={editor} chosen={view.folder} />
      </fieldset>
      <CustodianFields editor={editor} />
      <DomainFields editor={editor} />
      <KeyFields editor={editor} passwords={view.passwords} />
      <ProfileFields editor={editor} />
      <ShareFields editor={editor} />
    </>
  );
}
