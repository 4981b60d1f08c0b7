// The sentence that says what is on the primary right now, rebuilt after every device task and
// shown with any failure (snapshot `deviceState`), so nobody has to guess whether a half-run
// ceremony left the wrap key, the new keys or the factory key behind.

import type { DeviceTask } from '../../../shared/ceremony/init-snapshot';
import { hexId } from '../common/objects';
import { FACTORY_KEY_ID } from '../../hsm/yubihsm/protocol/factory-state';
import type { ResolvedPlan } from './resolved-plan';

type TaskStatus = DeviceTask['status'] | undefined;

export function describeDeviceState(
  resolved: ResolvedPlan,
  statusOf: (
    id: 'put-wrap-key' | 'put-application-key' | 'put-audit-key' | 'delete-factory-key',
  ) => TaskStatus,
  attempted: (
    id: 'put-wrap-key' | 'put-application-key' | 'put-audit-key' | 'delete-factory-key',
  ) => boolean,
): string {
  const { plan } = resolved;
  const objects: ['put-wrap-key' | 'put-application-key' | 'put-audit-key', string][] = [
    ['put-wrap-key', `the wrap key ${hexId(plan.wrapKey.id)}`],
    ['put-application-key', `the application key ${hexId(plan.applicationKey.id)}`],
  ];
  if (plan.auditKey) objects.push(['put-audit-key', `the audit key ${hexId(plan.auditKey.id)}`]);
  const held = objects.filter(([id]) => statusOf(id) === 'done').map(([, name]) => name);
  const maybe = objects
    .filter(([id]) => statusOf(id) !== 'done' && attempted(id))
    .map(([, name]) => name);
  const factory = `its factory authentication key ${hexId(FACTORY_KEY_ID)}`;
  const deleted = statusOf('delete-factory-key') === 'done';
  const maybeDeleted = !deleted && attempted('delete-factory-key');

  if (held.length === 0 && maybe.length === 0 && !deleted && !maybeDeleted) {
    return `Nothing has been written to the primary: it holds only ${factory}.`;
  }
  let sentence = `The primary now holds ${list([...held, ...(deleted ? [] : [maybeDeleted ? `possibly ${factory}` : factory])])}.`;
  if (held.length === 0 && deleted) sentence = 'The primary holds none of the new keys.';
  if (maybe.length > 0) {
    sentence += ` It may also hold ${list(maybe)}: the device may have received the command before the failure, and a retry checks.`;
  }
  if (deleted)
    sentence += ` The factory authentication key ${hexId(FACTORY_KEY_ID)} has been deleted.`;
  if (maybeDeleted)
    sentence +=
      ' The factory key may have been deleted just before the failure; a retry checks with the application key.';
  return sentence;
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
