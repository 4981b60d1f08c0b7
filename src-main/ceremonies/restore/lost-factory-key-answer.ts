// The answer to DELETE OBJECT for the factory key can be lost after the device carried it out
// (the secondary pulled, or its connection dropped, mid-command). The next attempt then finds
// the factory key gone and cannot open its session, though the restore is complete. Rather than
// leave a record that says the factory key was kept on a device that no longer has it, the
// attempt that follows asks the application key — whose password the backup officer gave for
// exactly this proof (restore step 5) — and, if it opens a session on a secondary holding every
// object the cut-short attempt imported, records the restore as complete, factory key deleted.

import { FACTORY_KEY_ID } from '../../hsm/yubihsm/protocol/factory-state';
import { Refusal } from '../../refusal/refusal';
import { hexId, objectKey, readInventory } from '../common/objects';
import type { RestoreDeviceResult, RestoreDeviceRun, RestoreProgress } from './restore-device';

/** The attempt before stopped after it began deleting the factory key: the delete may have happened. */
export function factoryKeyDeleteMayHaveHappened(earlier: RestoreProgress | undefined): boolean {
  const task = earlier?.tasks.find((t) => t.id === 'factory-key');
  return task?.status === 'running' || task?.status === 'failed';
}

/**
 * The restore as the cut-short attempt left it, when the factory key no longer opens (`refused`)
 * and the application key proves that attempt finished; otherwise undefined (the caller throws
 * the refusal it had).
 */
export async function finishedByEarlierAttempt(
  run: RestoreDeviceRun,
  refused: unknown,
): Promise<RestoreDeviceResult | undefined> {
  const earlier = run.earlier;
  if (!(refused instanceof Refusal) || refused.code !== 'wrong-password') return undefined;
  if (!earlier || !factoryKeyDeleteMayHaveHappened(earlier) || !run.proof) return undefined;
  const appKeyId = run.proof.id ?? earlier.applicationKeyId;
  if (appKeyId === undefined) return undefined;
  const session = await run.device.client
    .openSession(appKeyId, run.proof.credential)
    .catch(() => undefined);
  if (!session) return undefined;
  try {
    const present = new Set(
      (await readInventory(session)).map((o) => objectKey(o.record.type, o.record.id)),
    );
    if (present.has(objectKey('authentication-key', FACTORY_KEY_ID))) return undefined;
    const expected = earlier.files.filter(
      (f) => (f.status === 'imported' || f.status === 'skipped') && f.objectId !== undefined,
    );
    const missing = expected.filter(
      (f) => f.type !== undefined && !present.has(objectKey(f.type, f.objectId!)),
    );
    if (missing.length > 0) return undefined;
    const reason = `The factory key ${hexId(FACTORY_KEY_ID)} was deleted by the attempt that was cut short: it no longer opens a session, and application key ${hexId(appKeyId)} does, on a secondary holding every object this restore imported.`;
    const progress: RestoreProgress = {
      ...structuredClone(earlier),
      tasks: earlier.tasks.map((t) =>
        t.id === 'factory-key'
          ? { ...t, status: 'done', detail: reason }
          : { ...t, status: 'done' },
      ),
      factoryKey: { decision: 'deleted', reason },
      applicationKeyId: appKeyId,
    };
    run.onProgress?.(structuredClone(progress));
    return {
      ...progress,
      resumed: true,
      applicationKeyProven: true,
      complete: earlier.files.every((f) => f.status !== 'failed'),
      retryWithPassword: false,
    };
  } finally {
    await session.close().catch(() => undefined);
  }
}
