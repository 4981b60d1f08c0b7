import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DeviceView } from '../../shared/ipc/devices';
import { createStores, StoresProvider } from '../stores/context';
import { FRESH, simulatedDevice, usbDevice } from '../testing/devices';
import { App } from './App';

function renderApp(devices: readonly DeviceView[]): string {
  return renderToStaticMarkup(
    <StoresProvider stores={createStores(devices)}>
      <App />
    </StoresProvider>,
  );
}

describe('the window', () => {
  it('shows the rehearsal banner when a simulated device is present, even beside a real one', () => {
    expect(renderApp([simulatedDevice('primary', 1000001, FRESH)])).toContain(
      'data-testid="rehearsal-banner"',
    );
    expect(
      renderApp([usbDevice(7550130, FRESH), simulatedDevice('secondary', 1000002, FRESH)]),
    ).toContain('REHEARSAL — simulated devices');
    expect(
      renderApp([usbDevice(7550130, FRESH), simulatedDevice('secondary', 1000002, FRESH)]),
    ).toContain('Simulated devices are connected next to real ones');
  });

  it('shows no rehearsal banner with only real devices or none', () => {
    expect(renderApp([usbDevice(7550130, FRESH)])).not.toContain('rehearsal-banner');
    expect(renderApp([])).not.toContain('rehearsal-banner');
  });

  it('opens on the home screen with one card per device and the ceremonies to start', () => {
    const markup = renderApp([
      simulatedDevice('primary', 1000001, FRESH),
      simulatedDevice('secondary', 1000002, FRESH),
    ]);
    expect(markup).toContain('data-testid="home-screen"');
    expect(markup.match(/data-testid="device-card"/g)).toHaveLength(2);
    expect(markup).toMatch(/data-testid="ceremony-start-init"(?![^>]*disabled)/);
  });

  it('says plainly when no device is connected', () => {
    expect(renderApp([])).toContain('No device is connected. Plug in a YubiHSM 2');
  });
});
