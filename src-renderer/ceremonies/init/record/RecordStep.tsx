import type { InitView } from '../../../../shared/ceremony/init-snapshot';
import { KspHandoff } from '../../../components/KspHandoff';
import { ObjectTable } from '../../../components/ObjectTable';
import { ScriptFile } from '../review/ScriptFile';
import { useIntents, useSending } from '../init-context';

type RecordView = Extract<InitView, { step: 'record' }>;

/**
 * The end: where the record is, the check value, and the transcript head for the witnesses to
 * write down (it fixes every event of the ceremony), with what is on the primary now.
 */
export function RecordStep({ view }: { view: RecordView }) {
  const intents = useIntents();
  const sending = useSending();
  return (
    <div className="record" data-testid="record">
      <p className="record__lead">
        The ceremony is complete. Witnesses: write down the transcript head and the check value.
      </p>
      <dl className="record__facts">
        <dt>Transcript head (SHA-256 of the last transcript line)</dt>
        <dd className="mono record__head" data-testid="record-transcript-head">
          {groupsOf(view.transcriptHead, 8).join(' ')}
        </dd>
        <dt>Wrap-key check value</dt>
        <dd className="mono kcv" data-testid="record-kcv">
          {view.kcv}
        </dd>
        <dt>Ceremony folder</dt>
        <dd className="mono" data-testid="record-folder">
          {view.folder}
        </dd>
        {view.deviceAudit && (
          <>
            <dt>The primary&apos;s own audit log (in the record)</dt>
            <dd data-testid="record-device-audit">{view.deviceAudit}</dd>
          </>
        )}
      </dl>
      <h2>Files written</h2>
      <ul className="record__files" data-testid="record-files">
        {view.files.map((file) => (
          <li key={file} className="mono">
            {file}
          </li>
        ))}
      </ul>
      <ObjectTable
        objects={view.inventory}
        caption="On the primary now"
        testId="record-inventory"
      />
      <KspHandoff
        written={view.kspHandoff}
        disabled={sending}
        onWrite={(url) => void intents.writeKspHandoff(url)}
      />
      <ScriptFile filled />
    </div>
  );
}

/** A long hex string in groups, so it can be read aloud and copied by hand without losing place. */
export function groupsOf(text: string, size: number): string[] {
  const groups: string[] = [];
  for (let i = 0; i < text.length; i += size) groups.push(text.slice(i, i + size));
  return groups;
}
