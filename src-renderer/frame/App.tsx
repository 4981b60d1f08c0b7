import { CeremonyScreen } from '../ceremonies/CeremonyScreen';
import { SentenceAlert } from '../components/SentenceAlert';
import { HomeScreen } from '../home/HomeScreen';
import { showsRehearsal } from '../stores/devices-store';
import {
  useCeremonyRehearsal,
  useDevices,
  useHost,
  useScreen,
  useSmartCards,
} from '../stores/context';
import { describeHost } from '../stores/host-store';
import { RehearsalBanner } from './RehearsalBanner';

/** The window: rehearsal banner (when it applies), header, and the current screen. */
export function App() {
  const yubiHsms = useDevices();
  const smartCards = useSmartCards().list.cards;
  const screen = useScreen();
  // The same banner rules for both families: on the home screen every listed device counts; in
  // a ceremony, the family it runs on (today's ceremonies are all YubiHSM 2 ones).
  const devices = screen.kind === 'home' ? [...yubiHsms, ...smartCards] : yubiHsms;
  const ceremonyRehearsal = useCeremonyRehearsal();
  const host = useHost();
  // Once Custos has stopped, nothing is known about the devices: no banner says what is connected.
  const hostGone = host.kind === 'failed';
  const rehearsal =
    !hostGone &&
    showsRehearsal(
      devices,
      screen.kind === 'home' ? { inCeremony: false } : { inCeremony: true, ceremonyRehearsal },
    );
  return (
    <div className="app">
      {rehearsal && (
        <RehearsalBanner
          alongsideReal={screen.kind === 'home' && devices.some((device) => !device.simulated)}
        />
      )}
      <header className="app-header">
        <span className="app-header__name">Custos</span>
        <HostLine />
      </header>
      <main className="app-main">
        {hostGone && (
          <SentenceAlert testId="host-gone" turn={host.message}>
            {host.message}
          </SentenceAlert>
        )}
        {screen.kind === 'home' ? <HomeScreen /> : <CeremonyScreen ceremony={screen.ceremony} />}
      </main>
    </div>
  );
}

function HostLine() {
  const host = useHost();
  if (host.kind === 'known')
    return <span className="app-header__host">{describeHost(host.info)}</span>;
  return null;
}
