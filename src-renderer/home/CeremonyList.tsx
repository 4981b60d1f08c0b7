import type { CeremonyEntry } from '../../shared/ceremony/catalog';
import { CEREMONIES } from '../../shared/ceremony/catalog';
import { useNavigation } from '../stores/context';

/**
 * The ceremonies to start. Those not built yet are listed, disabled, and marked "Coming"; an
 * entry that is part of another ceremony (share sheets) says where it happens instead.
 */
export function CeremonyList() {
  const { openCeremony } = useNavigation();
  return (
    <section className="home-section" aria-labelledby="ceremonies-heading">
      <h2 id="ceremonies-heading">Ceremonies</h2>
      <ul className="ceremony-list">
        {CEREMONIES.map((entry) => (
          <li key={entry.id}>
            {entry.happensIn ? (
              <CeremonyNote entry={entry} happensIn={entry.happensIn} />
            ) : (
              <CeremonyButton entry={entry} onStart={() => openCeremony(entry.id)} />
            )}
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

/** Not a ceremony to start: what it is and where it is done. Not a button, so nothing to press. */
export function CeremonyNote({ entry, happensIn }: { entry: CeremonyEntry; happensIn: string }) {
  return (
    <article
      className="ceremony-note"
      data-testid={`ceremony-info-${entry.id}`}
      aria-labelledby={`ceremony-${entry.id}-title`}
    >
      <h3 className="ceremony-note__title" id={`ceremony-${entry.id}-title`}>
        {entry.title}
        <span className="tag tag--info">Part of Initialize primary</span>
      </h3>
      <p className="ceremony-note__summary">{entry.summary}</p>
      <p className="ceremony-note__where">{happensIn}</p>
    </article>
  );
}
