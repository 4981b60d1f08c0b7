import type { CeremonyEntry } from '../../shared/ceremony/catalog';
import { CEREMONIES } from '../../shared/ceremony/catalog';
import { useNavigation } from '../stores/context';

/** The ceremonies to start; those not built yet are listed, disabled, and marked "Coming". */
export function CeremonyList() {
  const { openCeremony } = useNavigation();
  return (
    <section className="home-section" aria-labelledby="ceremonies-heading">
      <h2 id="ceremonies-heading">Ceremonies</h2>
      <ul className="ceremony-list">
        {CEREMONIES.map((entry) => (
          <li key={entry.id}>
            <CeremonyButton entry={entry} onStart={() => openCeremony(entry.id)} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function CeremonyButton({ entry, onStart }: { entry: CeremonyEntry; onStart: () => void }) {
  const summaryId = `ceremony-${entry.id}-summary`;
  return (
    <button
      type="button"
      className="ceremony-button"
      data-testid={`ceremony-start-${entry.id}`}
      disabled={!entry.available}
      aria-describedby={summaryId}
      onClick={onStart}
    >
      <span className="ceremony-button__title">
        {entry.title}
        {!entry.available && <span className="tag tag--coming">Coming</span>}
      </span>
      <span className="ceremony-button__summary" id={summaryId}>
        {entry.summary}
      </span>
    </button>
  );
}
