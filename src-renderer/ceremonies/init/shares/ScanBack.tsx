import type { FormEvent } from 'react';
import { useId, useState } from 'react';
import { CameraScan } from '../../../components/camera/CameraScan';
import { useSending, useSnapshot } from '../init-context';
import type { SharesView } from './views';
import { useSheetIntents } from './use-sheet';

/**
 * The scan-back check, in the confirm phase of a turn whose sheet was printed: a handheld
 * scanner types the QR code's text and Enter into the box (or the custodian types the share),
 * and main says whether it is their share, or where it differs. Matching confirms the turn; when
 * the plan asks no typed check, it is the only way on for a printed sheet.
 * Where the computer has a camera, the custodian may hold the sheet up to it instead
 * (components/camera/CameraScan.tsx): the code it reads goes to main the same way, and is kept nowhere.
 * What was scanned goes to main and leaves the box at once.
 */
export function ScanBack({ view }: { view: SharesView }) {
  const intents = useSheetIntents();
  const sending = useSending();
  const refused = useSnapshot()?.problem?.field === 'scanBack';
  const id = useId();
  const [text, setText] = useState('');
  if (!view.scanBack?.available) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    const scanned = text;
    setText('');
    void intents.scanBack(scanned);
  };
  return (
    <form className="share-check" data-testid="scan-back" onSubmit={submit}>
      <p className="field">
        <label htmlFor={`${id}-scan`}>
          Check your printed sheet: click in this box and scan its QR code, or type your share as
          one line
        </label>
        <input
          id={`${id}-scan`}
          className="mono share-check__whole"
          data-testid="scan-back-entry"
          value={text}
          onChange={(event) => setText(event.target.value)}
          maxLength={2048}
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="off"
          spellCheck={false}
          aria-invalid={refused}
          aria-describedby={refused ? 'ceremony-problem' : undefined}
        />
      </p>
      <button
        type="submit"
        className="button button--primary"
        data-testid="scan-back-submit"
        disabled={sending || !text.trim()}
      >
        Check my printed sheet
      </button>
      <CameraScan
        label="Scan with the camera"
        testId="scan-back-camera"
        limitSeconds={view.hideSeconds}
        disabled={sending}
        onScanned={(scanned) => void intents.scanBack(scanned)}
      />
      <p className="share-turn__hint">
        {view.confirmation
          ? 'A match confirms your turn; or check your record below, as asked.'
          : 'A match confirms your turn. The plan asks no typed check, but a sheet that was printed is checked before you leave.'}
      </p>
    </form>
  );
}
