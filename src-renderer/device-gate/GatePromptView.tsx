import type { DeviceView } from '../../shared/ipc/devices';
import { STATUS_LABEL, deviceName, statusWords } from '../home/device-labels';
import type { DeviceRequirement, GatePrompt } from './gate';

type WaitingPrompt = Exclude<GatePrompt, { kind: 'ready' }>;

interface GatePromptViewProps {
  readonly prompt: WaitingPrompt;
  readonly requirement: DeviceRequirement;
  readonly onChoose?: (device: DeviceView) => void;
}

/** What the person must do before a device step can go on, one prompt at a time. */
export function GatePromptView({ prompt, requirement, onChoose }: GatePromptViewProps) {
  const { title, instruction } = promptWords(prompt, requirement);
  return (
    <div className="device-gate" data-testid="device-gate" data-prompt={prompt.kind} role="status">
      <p className="device-gate__title">{title}</p>
      <p className="device-gate__instruction">{instruction}</p>
      {prompt.kind === 'choose' && (
        <ul className="device-gate__choices">
          {prompt.candidates.map((device) => (
            <li key={device.id}>
              <button
                type="button"
                className="button button--primary"
                data-testid="device-gate-choose"
                data-device-id={device.id}
                disabled={!onChoose}
                onClick={() => onChoose?.(device)}
              >
                Use {deviceName(device)}
                {device.simulated ? ' (simulated)' : ''}
              </button>
            </li>
          ))}
        </ul>
      )}
      {(prompt.kind === 'choose' || prompt.kind === 'none-suitable') && (
        <Unsuitable devices={prompt.kind === 'choose' ? prompt.others : prompt.devices} />
      )}
      {prompt.kind === 'wrong-device' && <Unsuitable devices={prompt.present} />}
    </div>
  );
}

function Unsuitable({ devices }: { devices: readonly DeviceView[] }) {
  if (devices.length === 0) return null;
  return (
    <ul className="device-gate__others" aria-label="Other devices plugged in">
      {devices.map((device) => {
        const words = statusWords(device.status);
        return (
          <li key={device.id}>
            <span className="mono">{deviceName(device)}</span> — {words.label}. {words.detail}
          </li>
        );
      })}
    </ul>
  );
}

function promptWords(
  prompt: WaitingPrompt,
  requirement: DeviceRequirement,
): { title: string; instruction: string } {
  const role = requirement.role;
  const accepted = requirement.accept.map((kind) => STATUS_LABEL[kind].toLowerCase()).join(' or ');
  switch (prompt.kind) {
    case 'no-device':
      return prompt.serial === null
        ? {
            title: `Plug in ${role}.`,
            instruction: 'Custos shows it here as soon as it detects it.',
          }
        : {
            title: `Plug in ${role}, serial ${prompt.serial}.`,
            instruction: 'This ceremony chose that device, and no device is plugged in.',
          };
    case 'wrong-device':
      return {
        title: `This is not ${role}.`,
        instruction: `The ceremony uses serial ${prompt.serial}. Unplug the device below and plug in serial ${prompt.serial}.`,
      };
    case 'unplugged':
      return {
        title: `${capitalise(role)} (${deviceName(prompt.device)}) was unplugged.`,
        instruction: 'Plug it back in to continue this step.',
      };
    case 'unreachable':
      return {
        title: `Custos cannot reach ${role} (${deviceName(prompt.device)}).`,
        instruction: prompt.reason,
      };
    case 'checking':
      return {
        title: 'Checking the plugged-in devices…',
        instruction: 'Custos is asking each device what it holds.',
      };
    case 'choose':
      return {
        title: `Choose ${role}.`,
        instruction: `It must be ${accepted}. Check the serial on the device’s label.`,
      };
    case 'none-suitable':
      return {
        title: `No plugged-in device can be ${role}.`,
        instruction: `It must be ${accepted}. Plug in such a device, or reset one to its factory state.`,
      };
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
