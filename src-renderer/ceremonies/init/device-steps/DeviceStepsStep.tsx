import type { InitView } from '../../../../shared/ceremony/init-snapshot';
import { DeviceTaskList } from '../../../components/DeviceTaskList';
import { useIntents, useSending } from '../init-context';

type DeviceStepsView = Extract<InitView, { step: 'device-steps' }>;

/**
 * The device steps, live: each task with its status in words, main's sentence for what is on
 * the primary now, and Retry once a failure can be fixed. The frame puts the device gate in
 * front of it (the step table says it needs a device), so an unplugged primary is a prompt to
 * plug it back in, not a failure to decode.
 */
export function DeviceStepsStep({ view }: { view: DeviceStepsView }) {
  return <DeviceTasks view={view} />;
}

export function DeviceTasks({ view }: { view: DeviceStepsView }) {
  const intents = useIntents();
  const sending = useSending();
  const started = view.tasks.some((task) => task.status !== 'pending' && task.status !== 'skipped');
  return (
    <div className="device-steps" data-testid="device-steps">
      {!started && (
        <p className="device-steps__intro">
          Custos now writes to the primary, in this order. Nothing is deleted until the new
          application key has proved it opens a session.
        </p>
      )}
      <DeviceTaskList tasks={view.tasks} />
      <p className="notice device-state" data-testid="device-state">
        {view.deviceState}
      </p>
      {view.canRetry && (
        <button
          type="button"
          className="button button--primary"
          data-testid="device-retry"
          disabled={sending}
          onClick={() => void intents.runDeviceSteps()}
        >
          Retry from the failed step
        </button>
      )}
    </div>
  );
}
