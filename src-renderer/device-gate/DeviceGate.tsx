import type { ReactNode } from 'react';
import { useState } from 'react';
import type { DeviceView } from '../../shared/ipc/devices';
import { useDevices } from '../stores/context';
import type { DeviceRequirement } from './gate';
import { FRESH_GATE, gatePrompt, remember } from './gate';
import { GatePromptView } from './GatePromptView';

interface DeviceGateProps {
  readonly requirement: DeviceRequirement;
  /** How the person picks the ceremony's device while `requirement.serial` is null. */
  readonly onChoose?: (device: DeviceView) => void;
  /** The step itself, given the device it may use. */
  readonly children: (device: DeviceView) => ReactNode;
}

/**
 * Wraps every step that needs a device (STYLE.md §12). The step renders only while its device
 * is here and reachable; otherwise the person sees what to do.
 */
export function DeviceGate({ requirement, onChoose, children }: DeviceGateProps) {
  const devices = useDevices();
  const [memory, setMemory] = useState(FRESH_GATE);
  // "Storing information from previous renders": whether the device was here this step.
  const remembered = remember(memory, requirement, devices);
  if (remembered !== memory) setMemory(remembered);
  const prompt = gatePrompt(remembered, requirement, devices);
  if (prompt.kind === 'ready') {
    return (
      <div
        className="device-gate-ready"
        data-testid="device-gate"
        data-prompt="ready"
        data-device-id={prompt.device.id}
      >
        {children(prompt.device)}
      </div>
    );
  }
  return <GatePromptView prompt={prompt} requirement={requirement} onChoose={onChoose} />;
}
