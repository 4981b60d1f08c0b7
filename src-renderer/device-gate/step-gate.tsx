// The device gate as the ceremony frame places it (issue 13, item 4): the frame reads the step
// table's `needsDevice`, the ceremony says which device (StepDevice), and the gate stands in for
// the step's screen until that device is here and reachable (STYLE.md §12). A screen whose other
// content must stay on while the device is missing (the choice of a device, a form already half
// filled in) marks with <DeviceSlot> the one place where the gate's prompt goes.

import type { ReactNode } from 'react';
import { createContext, useContext, useState } from 'react';
import type { DeviceView } from '../../shared/ipc/devices';
import { useDevices } from '../stores/context';
import type { DeviceRequirement, GatePrompt } from './gate';
import { FRESH_GATE, gatePrompt, remember } from './gate';
import { GatePromptView } from './GatePromptView';

/** The device a step works on, as the ceremony's frame is told it (from main's snapshot). */
export interface StepDevice {
  readonly requirement: DeviceRequirement;
  /** A new gate per device chosen: "unplugged" then means that device. */
  readonly key?: string;
  /** How the person picks the device while `requirement.serial` is null. */
  readonly onChoose?: (device: DeviceView) => void;
  /**
   * The screen stays on while the device is missing, and puts the gate's prompt where it
   * renders <DeviceSlot>; without it the prompt stands in for the whole screen.
   */
  readonly keeps?: boolean;
}

/**
 * What the person did about the step's device on this screen, which main does not know yet:
 * asked to choose another device, or just chose one (main's check of it not back yet).
 */
export interface DeviceChoice {
  readonly again: boolean;
  /** The id of the device chosen last on this step, if any. */
  readonly chosen: string | null;
}

export const NO_CHOICE: DeviceChoice = { again: false, chosen: null };

interface DeviceChoiceControls extends DeviceChoice {
  /** "Choose a different device": the step's device is chosen anew. */
  readonly chooseAgain: () => void;
}

const ChoiceContext = createContext<DeviceChoiceControls>({
  ...NO_CHOICE,
  chooseAgain: () => undefined,
});

export const DeviceChoiceProvider = ChoiceContext.Provider;

/** The frame's record of the person's device choice on this step. */
export function useDeviceChoice(): DeviceChoiceControls {
  return useContext(ChoiceContext);
}

interface PlacedGate {
  readonly prompt: GatePrompt;
  readonly requirement: DeviceRequirement;
  readonly onChoose?: ((device: DeviceView) => void) | undefined;
}

const SlotContext = createContext<PlacedGate | null>(null);

/** Folds the device list into the gate's memory (was the device here during this gate?). */
export function useGatePrompt(requirement: DeviceRequirement): GatePrompt {
  const devices = useDevices();
  const [memory, setMemory] = useState(FRESH_GATE);
  // "Storing information from previous renders": whether the device was here this step.
  const remembered = remember(memory, requirement, devices);
  if (remembered !== memory) setMemory(remembered);
  return gatePrompt(remembered, requirement, devices);
}

/** The frame's gate for one step and one device (keyed by both, so its memory is this step's). */
export function StepGate({ device, children }: { device: StepDevice; children: ReactNode }) {
  const prompt = useGatePrompt(device.requirement);
  const placed: PlacedGate = { prompt, requirement: device.requirement, onChoose: device.onChoose };
  if (device.keeps) return <SlotContext.Provider value={placed}>{children}</SlotContext.Provider>;
  return (
    <SlotContext.Provider value={null}>
      <GateView gate={placed}>{children}</GateView>
    </SlotContext.Provider>
  );
}

/**
 * Where a screen that stays on puts its device: the gate's prompt while the device is missing
 * (or is being chosen), `children` once it is here. Outside a gate, `children` as they are.
 */
export function DeviceSlot({ children }: { children?: ReactNode }) {
  const gate = useContext(SlotContext);
  if (!gate) return <>{children}</>;
  return <GateView gate={gate}>{children}</GateView>;
}

export function GateView({ gate, children }: { gate: PlacedGate; children: ReactNode }) {
  const { prompt } = gate;
  if (prompt.kind === 'ready') {
    return (
      <div
        className="device-gate-ready"
        data-testid="device-gate"
        data-prompt="ready"
        data-device-id={prompt.device.id}
      >
        {children}
      </div>
    );
  }
  return <GatePromptView prompt={prompt} requirement={gate.requirement} onChoose={gate.onChoose} />;
}
