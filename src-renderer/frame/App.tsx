import { CeremonyScreen } from '../ceremonies/CeremonyScreen';
import { HomeScreen } from '../home/HomeScreen';
import { isRehearsal } from '../stores/devices-store';
import { useDevices, useHost, useScreen } from '../stores/context';
import { describeHost } from '../stores/host-store';
import { RehearsalBanner } from './RehearsalBanner';

/** The window: rehearsal banner (when it applies), header, and the current screen. */
export function App() {
  const devices = useDevices();
  const screen = useScreen();
  return (
    <div className="app">
      {isRehearsal(devices) && <RehearsalBanner />}
      <header className="app-header">
        <span className="app-header__name">Custos</span>
        <HostLine />
      </header>
      <main className="app-main">{screen.kind === 'home' ? <HomeScreen /> : <CeremonyScreen ceremony={screen.ceremony} />}</main>
    </div>
  );
}

function HostLine() {
  const host = useHost();
  if (host.kind === 'known') return <span className="app-header__host">{describeHost(host.info)}</span>;
  if (host.kind === 'failed') return <span className="app-header__host notice--problem">{host.message}</span>;
  return null;
}
