import { useState } from 'react';
import { INIT_STEPS } from '../../../shared/ceremony/init-steps';
import { findStep, startWizard } from '../../../shared/ceremony/wizard';
import type { DeviceView } from '../../../shared/ipc/devices';
import type { DeviceRequirement } from '../../device-gate/gate';
import { DeviceGate } from '../../device-gate/DeviceGate';
import { deviceName } from '../../home/device-labels';
import { useNavigation } from '../../stores/context';
import { WizardShell } from '../../wizard/WizardShell';
import { StepPlaceholder } from './StepPlaceholder';

const PRIMARY_ROLE = 'the primary YubiHSM 2';

/**
 * Initialize primary (YubiHSM 2). For now only the frame is real: the step table, the device
 * gate and the choice of device. Each step's body is a placeholder until the ceremony engine
 * lands in main and its snapshot is mirrored here.
 */
export function InitWizard() {
  const { goHome } = useNavigation();
  const [state, setState] = useState(() => startWizard(INIT_STEPS));
  const [serial, setSerial] = useState<number | null>(null);
  const step = findStep(INIT_STEPS, state.current);
  const requirement: DeviceRequirement = { role: PRIMARY_ROLE, serial, accept: ['factory-fresh'] };
  const blockedReason = state.current === 'preflight' && serial === null ? `Choose ${PRIMARY_ROLE} first.` : null;

  return (
    <WizardShell
      ceremony="Initialize primary (YubiHSM 2)"
      table={INIT_STEPS}
      state={state}
      onMove={setState}
      blockedReason={blockedReason}
      cancelWarning="Nothing has been created or written yet: this ceremony’s steps are not built, so cancelling loses nothing."
      onCancelled={goHome}
    >
      {step.needsDevice ? (
        // Keyed by step: "unplugged" means unplugged during this step, not an earlier one.
        <DeviceGate key={state.current} requirement={requirement} onChoose={(device) => setSerial(device.serial)}>
          {(device) => (
            <>
              {state.current === 'preflight' && <ChosenDevice device={device} onChooseAgain={() => setSerial(null)} />}
              <StepPlaceholder step={step} />
            </>
          )}
        </DeviceGate>
      ) : (
        <StepPlaceholder step={step} />
      )}
    </WizardShell>
  );
}

function ChosenDevice({ device, onChooseAgain }: { device: DeviceView; onChooseAgain: () => void }) {
  return (
    <div className="chosen-device">
      <p>
        Primary: <span className="mono">{deviceName(device)}</span>
        {device.simulated ? ' (simulated)' : ''}
      </p>
      <button type="button" className="button button--quiet" onClick={onChooseAgain} data-testid="device-gate-choose-again">
        Choose a different device
      </button>
    </div>
  );
}
