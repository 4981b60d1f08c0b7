// The device steps (brief step 7), each a task with a plain sentence: put the wrap key, create
// the application (and audit) key from its password, export them under wrap to .yhw files,
// prove the application key opens a session, and only then delete the factory key (interop
// §9.6), then list what is on the device with the application key. The first task that fails
// stops the run with a sentence saying what is on the device now; a retry checks what the
// earlier attempt already did (an object with the planned attributes that this run sent) and
// refuses any object it did not create.

import type { DeviceTask, ObjectSummary } from '../../../shared/ceremony/init-snapshot';
import type { DeviceAuditRecord, ObjectRecord } from '../../../shared/records/ceremony-record';
import type { ObjectInfo } from '../../hsm/yubihsm/client/object-info';
import type { YubiHsmSession } from '../../hsm/yubihsm/client/yubihsm-session';
import { Algorithm } from '../../hsm/yubihsm/protocol/algorithms';
import { ObjectType, objectTypeName } from '../../hsm/yubihsm/protocol/object-types';
import { CeremonyFolderError } from '../../records/ceremony-folder';
import { describeObject, hexId, summarizeObjectInfo } from '../common/objects';
import type { SerialFolder } from './serial-folder';
import { wrappedFileName } from '../../records/wrapped-file';
import {
  deviceFailureReason,
  isAuthenticationRefusal,
  isDeviceRefusal,
} from '../common/device-failures';
import { DeviceLink, findObject, TaskRefusal } from './device-link';
import type { DeviceAccess } from '../common/device-access';
import type { PasswordStore } from './passwords';
import { FACTORY_KEY_ID } from '../../hsm/yubihsm/protocol/factory-state';
import { WRAP_KEY_LABEL, type ResolvedPlan } from './resolved-plan';
import { withFile } from './record-writer';
import { describeDeviceState } from './device-state';
import { describeDeviceAudit, readDeviceAudit } from '../common/device-audit';

export type DeviceTaskId =
  | 'open-session'
  | 'put-wrap-key'
  | 'put-application-key'
  | 'put-audit-key'
  | 'export-application-key'
  | 'export-audit-key'
  | 'prove-application-key'
  | 'delete-factory-key'
  | 'list-inventory'
  | 'read-audit-log';

export interface DeviceRunContext {
  resolved: ResolvedPlan;
  devices: DeviceAccess;
  folder: SerialFolder;
  passwords: PasswordStore;
  /** The wrap key bytes while they are still needed. */
  wrapKey(): Uint8Array | undefined;
  /** The wrap key is on the device: its bytes can be wiped. */
  wrapKeyStored(): void;
  clock: () => Date;
}

interface PlannedObject {
  id: number;
  type: number;
  algorithm: number;
  label: string;
  domains: number;
  capabilities: bigint;
  delegatedCapabilities: bigint;
}

/** PUT commands give objects the "imported" origin (spec §5.5). */
const ORIGIN_IMPORTED = 0x02;

export type RunState = 'ready' | 'running' | 'failed' | 'done';

export class DeviceRun {
  readonly tasks: DeviceTask[];
  private readonly attempted = new Set<DeviceTaskId>();
  private readonly filesWritten = new Set<string>();
  private current: RunState = 'ready';
  private retryable = false;
  private failure: { field: string; message: string } | undefined;
  readonly inventory: ObjectRecord[] = [];
  readonly summaries: ObjectSummary[] = [];
  /** The primary's audit log as read at the end (with an audit key in the plan). */
  auditLog: DeviceAuditRecord | undefined;

  constructor(private readonly context: DeviceRunContext) {
    const { plan } = context.resolved;
    const tasks: [DeviceTaskId, string][] = [
      [
        'open-session',
        `Open a session on the primary with its factory authentication key ${hexId(FACTORY_KEY_ID)}`,
      ],
      ['put-wrap-key', `Put the wrap key ${hexId(plan.wrapKey.id)} on the primary`],
      [
        'put-application-key',
        `Create the application authentication key ${hexId(plan.applicationKey.id)} from its password`,
      ],
    ];
    if (plan.auditKey)
      tasks.push([
        'put-audit-key',
        `Create the audit authentication key ${hexId(plan.auditKey.id)} from its password`,
      ]);
    tasks.push([
      'export-application-key',
      `Export the application key under the wrap key to ${wrappedFileName(plan.applicationKey.id, 'authentication-key')}`,
    ]);
    if (plan.auditKey)
      tasks.push([
        'export-audit-key',
        `Export the audit key under the wrap key to ${wrappedFileName(plan.auditKey.id, 'authentication-key')}`,
      ]);
    tasks.push(
      [
        'prove-application-key',
        `Prove the application key ${hexId(plan.applicationKey.id)} opens a session, before anything is deleted`,
      ],
      ['delete-factory-key', `Delete the factory authentication key ${hexId(FACTORY_KEY_ID)}`],
      ['list-inventory', 'List what is on the primary now, using the application key'],
    );
    if (plan.auditKey)
      tasks.push([
        'read-audit-log',
        `Read the primary's own audit log with the audit key ${hexId(plan.auditKey.id)} and check its digest chain`,
      ]);
    this.tasks = tasks.map(([id, title]) => ({ id, title, status: 'pending' }));
    if (plan.keepFactoryKey)
      this.set('delete-factory-key', 'skipped', 'Kept, as the plan asks (simulated devices only).');
  }

  get state(): RunState {
    return this.current;
  }

  get canRetry(): boolean {
    return this.current === 'failed' && this.retryable;
  }

  get problem(): { field: string; message: string } | undefined {
    return this.failure;
  }

  /** Whether any command that writes to the device has been sent. */
  get deviceTouched(): boolean {
    return this.attempted.size > 0;
  }

  /** Whether the device stage has begun (a run was started). */
  get started(): boolean {
    return this.current !== 'ready';
  }

  deviceState(): string {
    return describeDeviceState(
      this.context.resolved,
      (id) => this.statusOf(id),
      (id) => this.attempted.has(id),
    );
  }

  /** Runs every task not yet done, in order, until one fails. Resolves true when all are done. */
  async run(
    onChange: () => void,
    log: (event: string, data: Record<string, unknown>) => Promise<void>,
    shouldStop: () => boolean,
  ): Promise<boolean> {
    if (this.current === 'running' || this.current === 'done')
      throw new Error('the device steps are already running or done');
    this.current = 'running';
    this.failure = undefined;
    const { devices, resolved, passwords } = this.context;
    const link = new DeviceLink(
      devices,
      resolved.primary,
      passwords,
      resolved.plan.applicationKey.id,
    );
    try {
      for (const task of this.tasks) {
        if (task.status === 'done' || task.status === 'skipped') continue;
        if (shouldStop())
          return await this.fail(
            task,
            new TaskRefusal(
              'Custos is closing, so the device steps stopped between two tasks',
              false,
            ),
            onChange,
            log,
          );
        this.set(task.id as DeviceTaskId, 'running');
        onChange();
        let detail: string | undefined;
        try {
          detail = await this.perform(task.id as DeviceTaskId, link);
        } catch (error) {
          return await this.fail(task, error, onChange, log);
        }
        this.set(task.id as DeviceTaskId, 'done', detail);
        await log('device-task-done', {
          task: task.id,
          title: task.title,
          ...(detail ? { detail } : {}),
        });
        onChange();
      }
      this.current = 'done';
      return true;
    } finally {
      await link.close();
    }
  }

  private async fail(
    task: DeviceTask,
    error: unknown,
    onChange: () => void,
    log: (event: string, data: Record<string, unknown>) => Promise<void>,
  ): Promise<false> {
    const reason =
      error instanceof TaskRefusal ? error.message : deviceFailureReason(error, 'the primary');
    this.retryable = error instanceof TaskRefusal ? error.retryable : true;
    this.set(task.id as DeviceTaskId, 'failed', reason);
    this.current = 'failed';
    const next = this.retryable
      ? 'Fix this and press Retry: Custos checks what is already on the primary and carries on from there.'
      : 'Retrying cannot help: cancel the ceremony, reset the primary and start again.';
    this.failure = {
      field: task.id,
      message: `${task.title} failed: ${reason}. ${this.deviceState()} ${next}`,
    };
    await log('device-task-failed', {
      task: task.id,
      title: task.title,
      reason,
      deviceState: this.deviceState(),
    }).catch(() => undefined);
    onChange();
    return false;
  }

  private set(id: DeviceTaskId, status: DeviceTask['status'], detail?: string): void {
    const task = this.tasks.find((candidate) => candidate.id === id)!;
    task.status = status;
    if (detail === undefined) delete task.detail;
    else task.detail = detail;
  }

  private statusOf(id: DeviceTaskId): DeviceTask['status'] | undefined {
    return this.tasks.find((task) => task.id === id)?.status;
  }

  private perform(id: DeviceTaskId, link: DeviceLink): Promise<string | undefined> {
    const { plan } = this.context.resolved;
    switch (id) {
      case 'open-session':
        return link
          .factory()
          .then(() => `Serial ${this.context.resolved.primary.serial}, as chosen at preflight.`);
      case 'put-wrap-key':
        return this.putWrapKey(link);
      case 'put-application-key':
        return this.putAuthenticationKey(id, link, 'application', plan.applicationKey);
      case 'put-audit-key':
        return this.putAuthenticationKey(id, link, 'audit', plan.auditKey!);
      case 'export-application-key':
        return this.exportKey(id, link, plan.applicationKey.id);
      case 'export-audit-key':
        return this.exportKey(id, link, plan.auditKey!.id);
      case 'prove-application-key':
        return this.proveApplicationKey(link);
      case 'delete-factory-key':
        return this.deleteFactoryKey(link);
      case 'list-inventory':
        return this.listInventory(link);
      case 'read-audit-log':
        return this.readAuditLog(link);
    }
  }

  private async putWrapKey(link: DeviceLink): Promise<string | undefined> {
    const { resolved } = this.context;
    const planned: PlannedObject = {
      id: resolved.plan.wrapKey.id,
      type: ObjectType.WrapKey,
      algorithm: Algorithm.Aes256CcmWrap,
      label: WRAP_KEY_LABEL,
      domains: resolved.domains,
      capabilities: resolved.capabilities.wrapKey,
      delegatedCapabilities: resolved.capabilities.wrapKeyDelegated,
    };
    const detail = await this.putObject(
      'put-wrap-key',
      await link.factory(),
      planned,
      async (session) => {
        const key = this.context.wrapKey();
        if (!key)
          throw new TaskRefusal(
            'the wrap key is no longer in memory, so it cannot be put on the device',
            false,
          );
        await session.putWrapKey({ ...planned, key });
      },
    );
    this.context.wrapKeyStored();
    return detail;
  }

  private async putAuthenticationKey(
    id: DeviceTaskId,
    link: DeviceLink,
    which: 'application' | 'audit',
    key: { id: number; label: string },
  ): Promise<string | undefined> {
    const { resolved, passwords } = this.context;
    const caps = resolved.capabilities;
    const planned: PlannedObject = {
      id: key.id,
      type: ObjectType.AuthenticationKey,
      algorithm: Algorithm.Aes128YubicoAuthentication,
      label: key.label,
      domains: resolved.domains,
      capabilities: which === 'application' ? caps.applicationKey : caps.auditKey,
      delegatedCapabilities:
        which === 'application' ? caps.applicationKeyDelegated : caps.auditKeyDelegated,
    };
    return this.putObject(id, await link.factory(), planned, async (session) => {
      const keys = await passwords.derive(which);
      try {
        await session.putAuthenticationKey({ ...planned, credential: { keys } });
      } finally {
        keys.encryptionKey.fill(0);
        keys.macKey.fill(0);
      }
    });
  }

  /** Sends a put once; an object already there counts only if this run sent it and it matches. */
  private async putObject(
    id: DeviceTaskId,
    session: YubiHsmSession,
    planned: PlannedObject,
    send: (session: YubiHsmSession) => Promise<void>,
  ): Promise<string | undefined> {
    const existing = await findObject(session, planned.id, planned.type);
    if (existing) return this.recognise(id, existing, planned);
    this.attempted.add(id);
    try {
      await send(session);
    } catch (error) {
      const again = isDeviceRefusal(error, 'OBJECT_EXISTS')
        ? await findObject(session, planned.id, planned.type)
        : undefined;
      if (again) return this.recognise(id, again, planned);
      throw error;
    }
    return undefined;
  }

  private recognise(id: DeviceTaskId, info: ObjectInfo, planned: PlannedObject): string {
    const differences = differencesFrom(info, planned);
    if (this.attempted.has(id) && differences.length === 0)
      return 'It was already on the primary: the earlier attempt had put it there before the failure.';
    const what = `${objectTypeName(planned.type)} ${hexId(planned.id)} "${info.label}"`;
    const why =
      differences.length > 0 ? ` (its ${differences.join(', ')} differ from the plan)` : '';
    throw new TaskRefusal(
      `the ${what} is already on the primary${why}, and this ceremony did not put it there, so Custos will neither use it nor delete it`,
      false,
    );
  }

  private async exportKey(id: DeviceTaskId, link: DeviceLink, keyId: number): Promise<string> {
    const { folder, resolved, clock } = this.context;
    const blob = await (
      await link.factory()
    ).exportWrapped(resolved.plan.wrapKey.id, ObjectType.AuthenticationKey, keyId);
    const name = wrappedFileName(keyId, 'authentication-key');
    this.attempted.add(id);
    let file;
    try {
      file = await folder.writeWrappedObject(keyId, 'authentication-key', blob, {
        replace: this.filesWritten.has(name),
        now: clock(),
      });
    } catch (error) {
      if (error instanceof CeremonyFolderError)
        throw new TaskRefusal(
          `${name} is already in the ceremony folder and this ceremony did not write it; Custos keeps it`,
          false,
        );
      throw new TaskRefusal(
        `${name} could not be written to the ceremony folder; check the folder is writable and has space`,
        true,
      );
    }
    this.filesWritten.add(name);
    await folder.update((record) => ({ ...record, files: withFile(record.files, file) }));
    return `Written to ${file.file}.`;
  }

  private async proveApplicationKey(link: DeviceLink): Promise<string> {
    const id = this.context.resolved.plan.applicationKey.id;
    try {
      await link.application();
    } catch (error) {
      if (!isAuthenticationRefusal(error)) throw error;
      throw new TaskRefusal(
        `the application key ${hexId(id)} did not open a session with its password, so the factory key was not deleted`,
        false,
      );
    }
    await link.closeApplication();
    return 'A session opened with the application key and its password, and was closed again.';
  }

  private async deleteFactoryKey(link: DeviceLink): Promise<string | undefined> {
    // Interop §9.6: never delete the factory key before a new key has opened a session.
    if (this.statusOf('prove-application-key') !== 'done') {
      throw new TaskRefusal(
        'the application key has not yet proved it opens a session, so the factory key stays on the primary',
        false,
      );
    }
    let session: YubiHsmSession;
    try {
      session = await link.factory();
    } catch (error) {
      if (this.attempted.has('delete-factory-key') && isAuthenticationRefusal(error)) {
        const still = await findObject(
          await link.application(),
          FACTORY_KEY_ID,
          ObjectType.AuthenticationKey,
        );
        await link.closeApplication();
        if (!still)
          return 'It was already gone: the earlier attempt had deleted it before the failure.';
      }
      throw error;
    }
    this.attempted.add('delete-factory-key');
    await session.deleteObject(FACTORY_KEY_ID, ObjectType.AuthenticationKey);
    await link.dropFactory();
    return undefined;
  }

  private async listInventory(link: DeviceLink): Promise<string> {
    const session = await link.application();
    this.inventory.length = 0;
    this.summaries.length = 0;
    for (const listed of await session.listObjects()) {
      const info = await session.getObjectInfo(listed.id, listed.type);
      const publicKey =
        info.type === ObjectType.AsymmetricKey
          ? (await session.getPublicKey(info.id)).key
          : undefined;
      this.inventory.push(describeObject(info, publicKey));
      this.summaries.push(summarizeObjectInfo(info));
    }
    await link.closeApplication();
    return `${this.inventory.length} object${this.inventory.length === 1 ? '' : 's'} visible to the application key.`;
  }

  private async readAuditLog(link: DeviceLink): Promise<string> {
    const auditKeyId = this.context.resolved.plan.auditKey!.id;
    const device = this.context.folder.record.primary;
    this.auditLog = await link.withAudit(auditKeyId, (session) =>
      readDeviceAudit(session, {
        after: 'initialization',
        device,
        authKeyId: auditKeyId,
        at: this.context.clock(),
      }),
    );
    return describeDeviceAudit(this.auditLog);
  }
}

function differencesFrom(info: ObjectInfo, planned: PlannedObject): string[] {
  const differences: string[] = [];
  if (info.label !== planned.label) differences.push('label');
  if (info.algorithm !== planned.algorithm) differences.push('algorithm');
  if (info.domains !== planned.domains) differences.push('domains');
  if (info.capabilities !== planned.capabilities) differences.push('capabilities');
  if (info.delegatedCapabilities !== planned.delegatedCapabilities)
    differences.push('delegated capabilities');
  if (info.origin !== ORIGIN_IMPORTED) differences.push('origin');
  return differences;
}
