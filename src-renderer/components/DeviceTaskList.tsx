import type { DeviceTask } from '../../shared/ceremony/init-snapshot';

const STATUS_WORD: Readonly<Record<DeviceTask['status'], string>> = {
  pending: 'To do',
  running: 'Working…',
  done: 'Done',
  failed: 'Failed',
  skipped: 'Left out',
};

const STATUS_MARK: Readonly<Record<DeviceTask['status'], string>> = {
  pending: '○',
  running: '◐',
  done: '✓',
  failed: '✗',
  skipped: '–',
};

/** Device tasks, live: each with its status in words (the mark only repeats it) and main's detail. */
export function DeviceTaskList({ tasks }: { tasks: readonly DeviceTask[] }) {
  return (
    <ol className="device-tasks" data-testid="device-tasks" aria-live="polite">
      {tasks.map((task) => (
        <li
          key={task.id}
          className={`device-task device-task--${task.status}`}
          data-testid="device-task"
          data-task-id={task.id}
          data-status={task.status}
        >
          <span className="device-task__mark" aria-hidden="true">
            {STATUS_MARK[task.status]}
          </span>
          <span className="device-task__title">{task.title}</span>
          <span className="device-task__status">{STATUS_WORD[task.status]}</span>
          {task.detail && <span className="device-task__detail">{task.detail}</span>}
        </li>
      ))}
    </ol>
  );
}
