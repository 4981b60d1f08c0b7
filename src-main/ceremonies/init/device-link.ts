// One connection to the primary for one run of the device steps: a client on a fresh
// transport, checked to be the serial chosen at preflight, with the factory-key and
// application-key sessions opened only when a task needs them. A retry builds a new link, so
// nothing from a connection that broke is reused.

import type { YubiHsmClient } from '../../hsm/yubihsm/client/yubihsm-client';
import { YubiHsmClient as Client } from '../../hsm/yubihsm/client/yubihsm-client';
import type { YubiHsmSession } from '../../hsm/yubihsm/client/yubihsm-session';
import type { ObjectInfo } from '../../hsm/yubihsm/client/object-info';
import { isDeviceRefusal } from '../common/device-failures';
import type { DeviceAccess, DeviceIdentity } from '../common/device-access';
import type { PasswordStore } from './passwords';
import { FACTORY_KEY_ID, FACTORY_PASSWORD } from '../../hsm/yubihsm/protocol/factory-state';

/** A task that cannot go on for a reason of its own (not a device or transport failure). */
export class TaskRefusal extends Error {
  constructor(
    message: string,
    /** Whether fixing something outside Custos and pressing Retry can help. */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'TaskRefusal';
  }
}

export class DeviceLink {
  private client: YubiHsmClient | undefined;
  private factorySession: YubiHsmSession | undefined;
  private applicationSession: YubiHsmSession | undefined;

  constructor(
    private readonly devices: DeviceAccess,
    private readonly primary: DeviceIdentity,
    private readonly passwords: PasswordStore,
    private readonly applicationKeyId: number,
  ) {}

  async connect(): Promise<YubiHsmClient> {
    if (this.client) return this.client;
    const client = new Client(await this.devices.openTransport(this.primary.id));
    try {
      const info = await client.deviceInfo();
      if (info.serial !== this.primary.serial) {
        throw new TaskRefusal(
          `the device connected now is serial ${info.serial}, not the primary (serial ${this.primary.serial}) chosen at preflight; connect the primary`,
          true,
        );
      }
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
    this.client = client;
    return client;
  }

  async factory(): Promise<YubiHsmSession> {
    this.factorySession ??= await (
      await this.connect()
    ).openSession(FACTORY_KEY_ID, { password: FACTORY_PASSWORD });
    return this.factorySession;
  }

  /** A session with the new application key, from its password (spec §3.1). */
  async application(): Promise<YubiHsmSession> {
    if (this.applicationSession) return this.applicationSession;
    const client = await this.connect();
    const keys = await this.passwords.derive('application');
    try {
      this.applicationSession = await client.openSession(this.applicationKeyId, { keys });
    } finally {
      keys.encryptionKey.fill(0);
      keys.macKey.fill(0);
    }
    return this.applicationSession;
  }

  /** A session with the new audit key, from its password, for reading the audit log. */
  async withAudit<T>(auditKeyId: number, use: (session: YubiHsmSession) => Promise<T>): Promise<T> {
    const client = await this.connect();
    const keys = await this.passwords.derive('audit');
    let session: YubiHsmSession;
    try {
      session = await client.openSession(auditKeyId, { keys });
    } finally {
      keys.encryptionKey.fill(0);
      keys.macKey.fill(0);
    }
    try {
      return await use(session);
    } finally {
      await session.close().catch(() => undefined);
    }
  }

  async closeApplication(): Promise<void> {
    const session = this.applicationSession;
    this.applicationSession = undefined;
    await session?.close();
  }

  /** After the factory key deleted itself its session is gone with it. */
  async dropFactory(): Promise<void> {
    const session = this.factorySession;
    this.factorySession = undefined;
    await session?.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.dropFactory();
    await this.applicationSession?.close().catch(() => undefined);
    this.applicationSession = undefined;
    await this.client?.close().catch(() => undefined);
    this.client = undefined;
  }
}

/** GET OBJECT INFO, or undefined when there is no such object. */
export async function findObject(
  session: YubiHsmSession,
  id: number,
  type: number,
): Promise<ObjectInfo | undefined> {
  try {
    return await session.getObjectInfo(id, type);
  } catch (error) {
    if (isDeviceRefusal(error, 'OBJECT_NOT_FOUND')) return undefined;
    throw error;
  }
}
