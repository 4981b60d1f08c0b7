import { useEffect, useRef } from 'react';
import type { RestoreSnapshot } from '../../../shared/ceremony/restore-snapshot';
import { DeviceTaskList } from '../../components/DeviceTaskList';
import { hexObjectId } from '../../components/object-id';
import { ApplicationKeyPassword } from './RecombinedView';
import { FactoryKeyDecision, RestoredFilesTable } from './RestoredFilesTable';

type DeviceStepsView = Extract<RestoreSnapshot['view'], { step: 'device-steps' }>;

/**
 * The device steps, live: each task with its status in words, the file table as each .yhw is
 * imported, what is on the secondary now, and the factory key decision. The frame puts the
 * device gate in front (the step table says it needs a device), so an unplugged secondary is a prompt to plug it back in; once it is back, the
 * frame's "Resume" runs the steps again and what is already there is recognised. When the
 * factory key was kept because the application key's password did not prove it, the password
 * is asked for again and the frame's "Run the device steps again" waits for it.
 */
export function DeviceStepsStep({ view }: { view: DeviceStepsView }) {
  return <DeviceSteps view={view} />;
}

export function DeviceSteps({ view }: { view: DeviceStepsView }) {
  return (
    <div className="device-steps" data-testid="restore-device-steps" data-can-retry={view.canRetry}>
      <DeviceTaskList tasks={view.tasks} />
      <p className="notice device-state" data-testid="device-state">
        {view.deviceState}
      </p>
      {view.canRetry && !view.applicationKey.passwordNeeded && (
        <p className="notice notice--warning" data-testid="restore-resume-hint">
          The device steps stopped. Check the secondary is plugged in (the prompt above says so if
          it is not), then resume: what is already on it is recognised and skipped.
        </p>
      )}
      {view.canRetry && view.applicationKey.passwordNeeded && <PasswordHint />}
      <FactoryKeyDecision factoryKey={view.factoryKey} />
      {view.applicationKey.id !== undefined && (
        <p data-testid="restore-application-key">
          Application key on the secondary:{' '}
          <span className="mono">{hexObjectId(view.applicationKey.id)}</span>
          {view.applicationKey.passwordGiven
            ? ' (its password was given and is proved before the factory key is deleted)'
            : ''}
          .
        </p>
      )}
      {/* It stays once the password is given, saying so (with the focus), rather than
          vanishing from under the person who just pressed its button. */}
      {view.canRetry && (
        <ApplicationKeyPassword
          suggestedId={view.applicationKey.id}
          given={view.applicationKey.passwordGiven}
          needed={
            (view.applicationKey.passwordNeeded ?? false) && !view.applicationKey.passwordGiven
          }
        />
      )}
      <RestoredFilesTable files={view.files} />
    </div>
  );
}

/**
 * Why the factory key was kept and what to do. It appears when the device steps end, below the
 * task list: it takes the focus and comes into view, so the person reads it where they are
 * instead of under the fold while the focus stays on the frame's button.
 */
function PasswordHint() {
  const hint = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    hint.current?.focus({ preventScroll: true });
    hint.current?.scrollIntoView({ block: 'center' });
  }, []);
  return (
    <p
      ref={hint}
      tabIndex={-1}
      className="notice notice--warning"
      data-testid="restore-password-hint"
    >
      The factory key was kept because the application key was not proved (the reason is below).
      Give its password again — and its id, if it is not the imported one — then run the device
      steps again: what is already on the secondary is recognised and skipped, and the custodians
      need not come back.
    </p>
  );
}
