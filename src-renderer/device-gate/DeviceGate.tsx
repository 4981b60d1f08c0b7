import type { ReactNode } from 'react';
import type { DeviceView } from '../../shared/ipc/devices';
import type { DeviceRequirement } from './gate';
import { GateView, useGatePrompt } from './step-gate';

interface DeviceGateProps {
  readonly requirement: DeviceRequirement;
  /** How the person picks the ceremony's device while `requirement.serial` is null. */
  readonly onChoose?: (device: DeviceView) => void;
  /** The step itself, given the device it may use. */
  readonly children: (device: DeviceView) => ReactNode;
}

/**
 * A gate standing on its own (STYLE.md §12): the content renders only while its device is here
 * and reachable; otherwise the person sees what to do. Ceremony steps do not use it: the
 * ceremony frame places their gate (StepGate in step-gate.tsx).
 */
export function DeviceGate({ requirement, onChoose, children }: DeviceGateProps) {
  const prompt = useGatePrompt(requirement);
  return (
    <GateView gate={{ prompt, requirement, onChoose }}>
      {prompt.kind === 'ready' ? children(prompt.device) : null}
    </GateView>
  );
}
