import { CEREMONIES, type CeremonyId } from '../../shared/ceremony/catalog';
import type { SmartCardStatus, SmartCardView } from '../../shared/ipc/smartcards';
import { useNavigation, useSmartCards } from '../stores/context';

/**
 * The SmartCard-HSM / Nitrokey HSM 2 / Pico HSM family, live: the simulated pair and cards in
 * PC/SC readers. When PC/SC does not work here it says why and how to get it; the simulated
 * pair is listed either way.
 */
export function SmartCardList() {
  const { list, failure } = useSmartCards();
  const { openCeremony } = useNavigation();
  return (
    <section
      className="home-section"
      aria-labelledby="smartcards-heading"
      data-testid="smartcard-list"
    >
      <h2 id="smartcards-heading">SmartCard-HSM, Nitrokey HSM 2, Pico HSM</h2>
      {failure && (
        <p className="notice notice--problem" role="alert">
          {failure}
        </p>
      )}
      {list.pcsc && !list.pcsc.available && (
        <p className="notice" data-testid="pcsc-unavailable">
          Smart card readers are not available: {list.pcsc.reason}
        </p>
      )}
      {list.cards.length > 0 && (
        <ul className="device-list" aria-live="polite">
          {list.cards.map((card) => (
            <li key={card.id}>
              <SmartCardCard card={card} />
            </li>
          ))}
        </ul>
      )}
      {list.pcsc?.available && !list.cards.some((card) => !card.simulated) && (
        <p className="notice">
          No smart card reader is connected. Plug in the SmartCard-HSM, Nitrokey HSM 2 or Pico HSM;
          it appears here as soon as pcscd reports it.
        </p>
      )}
      <p className="choice-row">
        {DKEK_ACTIONS.filter((action) => isAvailable(action.id)).map((action) => (
          <button
            key={action.id}
            type="button"
            data-testid={`smartcard-${action.id}`}
            onClick={() => openCeremony(action.id)}
          >
            {action.label}
          </button>
        ))}
      </p>
    </section>
  );
}

/** The DKEK ceremonies started beside the devices they work on, once the catalog has their screens. */
const DKEK_ACTIONS: readonly { id: CeremonyId; label: string }[] = [
  { id: 'dkek-init', label: 'Initialise one of these with a DKEK' },
  { id: 'dkek-backup', label: 'Back up keys under the DKEK' },
  { id: 'dkek-restore', label: 'Clone a second device' },
  { id: 'dkek-import', label: 'Import the next DKEK share' },
  { id: 'dkek-verify', label: 'Verify a clone' },
];

function isAvailable(id: CeremonyId): boolean {
  return CEREMONIES.some((entry) => entry.id === id && entry.available);
}

export function SmartCardCard({ card }: { card: SmartCardView }) {
  const words = smartCardStatusWords(card.status);
  const headingId = `smartcard-${card.id}-name`;
  return (
    <article
      className="device-card"
      data-testid="smartcard-card"
      data-card-id={card.id}
      aria-labelledby={headingId}
    >
      <header className="device-card__header">
        <h3 id={headingId} className="device-card__name">
          {card.name}
        </h3>
        {card.simulated && <span className="tag tag--simulated">Simulated</span>}
      </header>
      <p className="status-badge" data-testid="smartcard-status" data-status={card.status.kind}>
        <span className="status-badge__label">{words.label}</span>
        <span className="status-badge__detail">{words.detail}</span>
      </p>
      <dl className="device-card__facts">
        <div>
          <dt>Connected by</dt>
          <dd data-testid="smartcard-transport">
            {card.transport === 'pcsc' ? 'PC/SC reader' : 'Simulator'}
          </dd>
        </div>
        {card.status.kind === 'ready' && card.status.dkek.state === 'complete' && (
          <div>
            <dt>DKEK check value</dt>
            <dd className="mono" data-testid="smartcard-kcv">
              {card.status.dkek.kcv}
            </dd>
          </div>
        )}
      </dl>
    </article>
  );
}

export function smartCardStatusWords(status: SmartCardStatus): { label: string; detail: string } {
  switch (status.kind) {
    case 'checking':
      return { label: 'Checking', detail: 'Reading the card…' };
    case 'no-card':
      return { label: 'No card', detail: 'Insert the card into this reader.' };
    case 'other-card':
      return {
        label: 'Not a SmartCard-HSM',
        detail: 'This card has no SmartCard-HSM application.',
      };
    case 'unreachable':
      return { label: 'Cannot be used', detail: status.reason };
    case 'ready':
      switch (status.dkek.state) {
        case 'not-initialised':
          return { label: 'Not initialised', detail: `${status.version}, never initialised.` };
        case 'no-dkek':
          return {
            label: 'No DKEK',
            detail: `${status.version}, initialised without DKEK shares: keys cannot be backed up.`,
          };
        case 'pending':
          return {
            label: 'DKEK incomplete',
            detail: `${status.version}, ${status.dkek.outstanding} of ${status.dkek.total} DKEK share(s) still to import.`,
          };
        case 'complete':
          return {
            label: 'DKEK ready',
            detail: `${status.version}, DKEK of ${status.dkek.total} share(s).`,
          };
        case 'kcv-hidden':
          return {
            label: 'DKEK ready',
            detail: `${status.version}: the check value shows only after the user PIN is verified (Pico HSM).`,
          };
      }
  }
}
