import { CeremonyList } from './CeremonyList';
import { DeviceList } from './DeviceList';
import { SmartCardList } from './SmartCardList';

export function HomeScreen() {
  return (
    <div className="home-screen" data-testid="home-screen">
      <h1 className="visually-hidden">Custos home</h1>
      <DeviceList />
      <SmartCardList />
      <CeremonyList />
    </div>
  );
}
