import type { RestoreSitting } from '../../../shared/ceremony/restore-snapshot';
import { useRestoreIntents, useRestoreSending } from './restore-context';

/** The most secondaries one sitting restores (main refuses more). */
const MOST = 8;

/**
 * Several secondaries in one sitting (issue 12 item 4). Before the shares: how many secondaries
 * the custodians' shares are entered for. Once one is restored: which is which, and that the
 * rebuilt wrap key is held in main until the last one (or a cancel) and wiped then.
 */
export function SittingSummary({ sitting }: { sitting: RestoreSitting | undefined }) {
  const intents = useRestoreIntents();
  const sending = useRestoreSending();
  if (!sitting) return null;
  if (sitting.restored.length === 0) {
    return (
      <div className="field sitting-plan" data-testid="restore-sitting-plan">
        <label htmlFor="restore-secondaries">Secondaries to restore in this sitting</label>
        <select
          id="restore-secondaries"
          data-testid="restore-secondaries"
          value={sitting.planned}
          disabled={sending}
          onChange={(event) => void intents.planSecondaries(Number(event.target.value))}
        >
          {Array.from({ length: MOST }, (_, i) => i + 1).map((count) => (
            <option key={count} value={count}>
              {count}
            </option>
          ))}
        </select>
        <p className="field__hint">
          The custodians enter their shares once; the rebuilt wrap key is kept in memory until the
          last of these secondaries is restored, and wiped then (or when you cancel).
        </p>
      </div>
    );
  }
  if (sitting.planned === 1) return null;
  const done = sitting.restored.length >= sitting.planned;
  return (
    <div className="notice sitting" data-testid="restore-sitting" data-planned={sitting.planned}>
      <p data-testid="restore-sitting-note">
        {done
          ? `All ${sitting.planned} secondaries of this sitting are restored; the rebuilt wrap key has been wiped from memory.`
          : `Secondary ${sitting.restored.length + 1} of ${sitting.planned} in this sitting. The rebuilt wrap key is held in memory until the last one is restored, and wiped then (or when you cancel).`}
      </p>
      <ul aria-label="Secondaries restored in this sitting">
        {sitting.restored.map((secondary) => (
          <li
            key={secondary.serial}
            data-testid="restore-sitting-restored"
            data-serial={secondary.serial}
            data-complete={secondary.complete}
          >
            Serial <span className="mono">{secondary.serial}</span>: {secondary.summary}
          </li>
        ))}
      </ul>
    </div>
  );
}
