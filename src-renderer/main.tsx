// The renderer's entry: find the host's bridge, start mirroring main, render.

// Stylesheets first and in cascade order (general to particular): a module imported before
// them would put its own CSS ahead of base.css and lose every tie to it.
import './styles/fonts.css';
import './styles/base.css';
import './styles/frame.css';
import './styles/home.css';
import './styles/wizard.css';
import './styles/init.css';
import './styles/ceremonies.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { findCustos } from './bridge';
import { App } from './frame/App';
import { NoHost } from './frame/NoHost';
import { createStores, StoresProvider } from './stores/context';
import { followConnection } from './stores/connection';
import { mirrorDevices } from './stores/devices-store';
import { loadHostInfo } from './stores/host-store';
import { mirrorSmartCards } from './stores/smartcards-store';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');
const root = createRoot(container);
const custos = findCustos();

if (custos) {
  const stores = createStores();
  // The mirror lives as long as the window; there is nothing to stop it for.
  mirrorDevices(stores.devices, custos);
  mirrorSmartCards(stores.smartCards, custos);
  followConnection(stores);
  void loadHostInfo(stores.host, custos);
  root.render(
    <StrictMode>
      <StoresProvider stores={stores}>
        <App />
      </StoresProvider>
    </StrictMode>,
  );
} else {
  root.render(<NoHost />);
}
