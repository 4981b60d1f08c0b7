// The devices present, real and simulated, as the renderer sees them (DeviceView), kept live:
// the watcher reports attach / detach, each new device is probed for its state (factory-fresh,
// factory key present, configured), and every change is pushed as `device/changed`.
// The service is also where the rest of main opens a transport to a device by its id, so the
// choice of USB, connector or simulator is made here and never by the renderer (STYLE.md §8).

import type { DeviceStatus, DeviceView } from '../../shared/ipc/devices';
import type { EventHub } from '../ipc/events';
import { Refusal } from '../refusal/refusal';
import type { Logger } from '../log/logger';
import type { SimulatedDevice } from '../hsm/yubihsm/transport/simulator-transport';
import type { DeviceDescriptor, YubiHsmTransport } from '../hsm/yubihsm/transport/transport';
import { probeDeviceStatus, unreachableReason } from './device-probe';
import type { ProbeClient } from './device-probe';
import { DeviceBusy, DeviceTurns } from './device-turns';
import type { Service } from './lifecycle';

export type DeviceChange = { type: 'attach' | 'detach'; device: DeviceDescriptor };

/** What the service needs of the device watcher (transport/device-watcher.ts has it). */
export interface DeviceWatching {
  start(): Promise<void>;
  stop(): Promise<void>;
  onChange(listener: (change: DeviceChange) => void): () => void;
  addSimulator(name: string, device: SimulatedDevice): DeviceDescriptor;
  /** Looks again for devices: re-identifies a USB device another program was holding. */
  refresh(): Promise<void>;
}

export interface DeviceServiceDependencies {
  watcher: DeviceWatching;
  /** Simulated devices to attach at start, by role ("primary", "secondary"). */
  simulators: ReadonlyMap<string, SimulatedDevice>;
  /** Opens a transport to a real device (USB or connector) by its descriptor. */
  openRealTransport(device: DeviceDescriptor): Promise<YubiHsmTransport>;
  /** Opens a transport to one of `simulators`. */
  openSimulatorTransport(role: string, device: SimulatedDevice): YubiHsmTransport;
  createClient(transport: YubiHsmTransport): ProbeClient;
  events: EventHub;
  logger: Logger;
}

const SIM_PREFIX = 'sim:';
/** How long a ceremony step waits for a device another step or a status check is using. */
export const DEVICE_TURN_WAIT_MS = 120_000;

export function deviceName(device: DeviceDescriptor): string {
  if (device.simulated)
    return `Simulated ${device.id.startsWith(SIM_PREFIX) ? device.id.slice(SIM_PREFIX.length) : 'YubiHSM 2'}`;
  return device.transport === 'connector' ? 'YubiHSM 2 (connector)' : 'YubiHSM 2';
}

/** Real devices first (they are what a ceremony is for), then simulated ones, each by id. */
function byRealFirst(a: DeviceView, b: DeviceView): number {
  if (a.simulated !== b.simulated) return a.simulated ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export class DeviceService implements Service {
  readonly name = 'devices';
  private readonly log: Logger;
  private readonly views = new Map<string, DeviceView>();
  private readonly descriptors = new Map<string, DeviceDescriptor>();
  /** Per device, the tail of its probe chain: one probe at a time per device. */
  private readonly probes = new Map<string, Promise<void>>();
  /** Bumped on every attach and detach so a late probe result for a departed device is dropped. */
  private readonly epochs = new Map<string, number>();
  /** One user per device at a time: a status check, or a ceremony step while its transport is open. */
  private readonly turns = new DeviceTurns();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: DeviceServiceDependencies) {
    this.log = deps.logger.child({ module: 'devices' });
  }

  async start(): Promise<void> {
    this.unsubscribe = this.deps.watcher.onChange((change) => this.onChange(change));
    for (const [role, device] of this.deps.simulators) this.deps.watcher.addSimulator(role, device);
    await this.deps.watcher.start();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.deps.watcher.stop();
    await Promise.allSettled([...this.probes.values()]);
  }

  list(): DeviceView[] {
    return [...this.views.values()].sort(byRealFirst).map((view) => ({ ...view }));
  }

  /** Probes again (all devices, or one): after a ceremony changed a device, for instance. */
  async refresh(id?: string): Promise<void> {
    await this.deps.watcher.refresh();
    const ids = id === undefined ? [...this.descriptors.keys()] : [id];
    await Promise.all(ids.map((one) => this.probe(one)));
  }

  /**
   * A transport to the device with this id, for a ceremony step. The caller closes it; until
   * then the device is the step's alone (a status check waits, and so does another step).
   */
  async openTransport(id: string, waitMs = DEVICE_TURN_WAIT_MS): Promise<YubiHsmTransport> {
    const device = this.descriptors.get(id);
    if (!device)
      throw new Refusal(
        'device-missing',
        'That device is no longer connected. Plug it in again and wait until it appears in the list.',
      );
    let endTurn: () => void;
    try {
      endTurn = await this.turns.take(id, waitMs);
    } catch (error) {
      if (!(error instanceof DeviceBusy)) throw error;
      throw new Refusal(
        'conflict',
        `Custos is still using ${deviceName(device)} (serial ${device.serial}) for another step; wait for it to finish and try again.`,
      );
    }
    try {
      return heldUntilClosed(await this.transportFor(device), endTurn);
    } catch (error) {
      endTurn();
      throw error;
    }
  }

  private async transportFor(device: DeviceDescriptor): Promise<YubiHsmTransport> {
    if (device.simulated && device.id.startsWith(SIM_PREFIX)) {
      const role = device.id.slice(SIM_PREFIX.length);
      const simulated = this.deps.simulators.get(role);
      if (simulated) return this.deps.openSimulatorTransport(role, simulated);
    }
    return this.deps.openRealTransport(device);
  }

  private onChange(change: DeviceChange): void {
    const { device } = change;
    this.epochs.set(device.id, (this.epochs.get(device.id) ?? 0) + 1);
    if (change.type === 'detach') {
      this.descriptors.delete(device.id);
      this.views.delete(device.id);
      this.log.info('device detached', { device: device.id, serial: device.serial });
      this.publish();
      return;
    }
    this.descriptors.set(device.id, device);
    const status: DeviceStatus = device.problem
      ? { kind: 'unreachable', reason: device.problem }
      : { kind: 'checking' };
    this.views.set(device.id, {
      id: device.id,
      name: deviceName(device),
      serial: device.serial,
      transport: device.transport,
      firmware: device.firmware,
      simulated: device.simulated,
      status,
    });
    this.log.info('device attached', {
      device: device.id,
      serial: device.serial,
      transport: device.transport,
      simulated: device.simulated,
    });
    this.publish();
    if (!device.problem) void this.probe(device.id);
  }

  private probe(id: string): Promise<void> {
    const run = async () => {
      const device = this.descriptors.get(id);
      if (!device || device.problem) return;
      const epoch = this.epochs.get(id);
      const status = await this.statusOf(device);
      const view = this.views.get(id);
      if (!view || this.epochs.get(id) !== epoch) return;
      this.views.set(id, { ...view, status });
      this.log.info('device checked', { device: id, status: status.kind });
      this.publish();
    };
    const next = (this.probes.get(id) ?? Promise.resolve()).then(run, run);
    this.probes.set(id, next);
    return next;
  }

  private async statusOf(device: DeviceDescriptor): Promise<DeviceStatus> {
    const endTurn = await this.turns.take(device.id);
    let transport: YubiHsmTransport | undefined;
    try {
      transport = await this.transportFor(device);
      return await probeDeviceStatus(this.deps.createClient(transport));
    } catch (error) {
      this.log.warn('device check failed', { device: device.id, error });
      return { kind: 'unreachable', reason: unreachableReason(error) };
    } finally {
      await transport?.close().catch(() => undefined);
      endTurn();
    }
  }

  private publish(): void {
    this.deps.events.emit('device/changed', this.list());
  }
}

/** The transport, ending the holder's turn at the device once it is closed. */
function heldUntilClosed(transport: YubiHsmTransport, endTurn: () => void): YubiHsmTransport {
  return {
    kind: transport.kind,
    address: transport.address,
    transceive: (frame) => transport.transceive(frame),
    async close() {
      try {
        await transport.close();
      } finally {
        endTurn();
      }
    },
  };
}
