import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DeviceView } from '../../shared/ipc/devices';
import { defineSteps } from '../../shared/ceremony/wizard';
import { CeremonyFrame } from '../components/CeremonyFrame';
import { createStores, StoresProvider } from '../stores/context';
import { FRESH, simulatedDevice } from '../testing/devices';
import type { DeviceChoice, StepDevice } from './step-gate';
import { DeviceSlot, useDeviceChoice } from './step-gate';

type Id = 'plain' | 'device';

const TABLE = defineSteps<Id>([
  { id: 'plain', title: 'No device', summary: 'Nothing on a device.', prerequisites: [] },
  {
    id: 'device',
    title: 'With the device',
    summary: 'Works on the device.',
    prerequisites: ['plain'],
    needsDevice: true,
  },
]);

const SECONDARY = simulatedDevice('secondary', 7550002, FRESH);
const ROLE = 'the secondary YubiHSM 2';
const CHOSEN: StepDevice = { requirement: { role: ROLE, serial: 7550002, accept: [] } };

function frame(
  current: Id,
  device: StepDevice | null | ((choice: DeviceChoice) => StepDevice | null),
  screen: ReactNode,
  devices: readonly DeviceView[] = [SECONDARY],
): string {
  return renderToStaticMarkup(
    <StoresProvider stores={createStores(devices)}>
      <CeremonyFrame<Id, 'go'>
        ceremony="Test ceremony"
        ceremonyId="test"
        table={TABLE}
        steps={{ current, done: current === 'device' ? ['plain'] : [], skipped: [] }}
        rehearsal={false}
        airGapWarnings={undefined}
        notices={null}
        forward={null}
        onForward={async () => undefined}
        canGoBack={false}
        onBack={async () => undefined}
        cancelWarning={null}
        onCancel={async () => undefined}
        busy={false}
        device={device}
      >
        {screen}
      </CeremonyFrame>
    </StoresProvider>,
  );
}

/** A screen that stays on while its device is missing: a form below the device's place. */
function KeepingScreen() {
  return (
    <div data-testid="screen">
      <p data-testid="above">What this step is about.</p>
      <DeviceSlot>
        <p data-testid="device-line">The secondary is here.</p>
      </DeviceSlot>
      <form data-testid="form-kept" />
    </div>
  );
}

describe('the device gate the frame places', () => {
  it('stands in for the whole screen while the device is missing, and wraps it once it is here', () => {
    const away = frame('device', CHOSEN, <p data-testid="screen">Device work</p>, []);
    expect(away).toContain('data-testid="device-gate" data-prompt="no-device"');
    expect(away).toContain('Plug in the secondary YubiHSM 2, serial 7550002.');
    expect(away).not.toContain('data-testid="screen"');
    const here = frame('device', CHOSEN, <p data-testid="screen">Device work</p>);
    expect(here).toMatch(
      /data-testid="device-gate" data-prompt="ready" data-device-id="sim:secondary"><p data-testid="screen"/,
    );
  });

  it('keeps a screen that asks for it on, with the prompt in its slot and the rest around it', () => {
    const keeps = { ...CHOSEN, keeps: true };
    const away = frame('device', keeps, <KeepingScreen />, []);
    expect(away).toMatch(
      /data-testid="above".*data-testid="device-gate" data-prompt="no-device".*data-testid="form-kept"/,
    );
    expect(away).not.toContain('data-testid="device-line"');
    const here = frame('device', keeps, <KeepingScreen />);
    // Only the slot is gated: the rest of the screen is outside the ready gate.
    expect(here).toMatch(
      /data-testid="above".*data-prompt="ready" data-device-id="sim:secondary"><p data-testid="device-line".*<\/div><form data-testid="form-kept"/,
    );
  });

  it('offers the choice in the slot while the device is to be chosen', () => {
    const choose: StepDevice = {
      requirement: { role: ROLE, serial: null, accept: ['factory-fresh'] },
      onChoose: () => undefined,
      keeps: true,
    };
    const markup = frame('device', choose, <KeepingScreen />);
    expect(markup).toContain('data-testid="device-gate" data-prompt="choose"');
    expect(markup).toContain('data-testid="device-gate-choose" data-device-id="sim:secondary"');
    expect(markup).toContain('data-testid="form-kept"');
  });

  it('places no gate on a step the table does not mark as needing a device, nor without a device', () => {
    const plain = frame('plain', CHOSEN, <KeepingScreen />, []);
    expect(plain).not.toContain('data-testid="device-gate"');
    expect(plain).toContain('data-testid="device-line"');
    const none = frame('device', null, <KeepingScreen />, []);
    expect(none).not.toContain('data-testid="device-gate"');
    expect(none).toContain('data-testid="device-line"');
  });

  it('asks the ceremony for the device with the person’s choice on this step, none at first', () => {
    const asked: DeviceChoice[] = [];
    function ChoiceLine() {
      const choice = useDeviceChoice();
      return <p data-testid="choice" data-again={choice.again} data-chosen={choice.chosen ?? ''} />;
    }
    const markup = frame(
      'device',
      (choice) => {
        asked.push(choice);
        return null;
      },
      <ChoiceLine />,
    );
    expect(asked).toEqual([{ again: false, chosen: null }]);
    expect(markup).toContain('data-testid="choice" data-again="false" data-chosen=""');
  });
});
