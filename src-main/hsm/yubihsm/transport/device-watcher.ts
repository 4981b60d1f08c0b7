// The devices present now, and attach / detach events as that changes: YubiHSM 2 on USB
// (hot-plug events, debounced), behind yubihsm-connector URLs (polled), and simulated devices
// registered by the app. It reports descriptors, never handles (STYLE.md §9); whoever wants
// to talk to a device opens its own transport by id.
//
// Use:
//   const watcher = new DeviceWatcher({ connectors: ['http://127.0.0.1:12345'] });
//   const stop = watcher.onChange((event) => ...);   // { type: 'attach' | 'detach', device }
//   await watcher.start();                            // lists what is present (emits attach)
//   watcher.list(); watcher.usbState;                 // snapshot; USB available or why not
//   await watcher.refresh();                          // look again now (Retry)
//   watcher.addSimulator('primary', simulatedDevice);
//   await watcher.stop();

import { ConnectorDiscovery } from './connector-discovery';
import type { SimulatedDevice } from './simulator-transport';
import { systemUsb, type SystemUsb } from './system-usb';
import type { Timers } from './timers';
import type { DeviceDescriptor } from './transport';
import { UsbDiscovery, type UsbState } from './usb-discovery';

export type DeviceEvent =
  { type: 'attach'; device: DeviceDescriptor } | { type: 'detach'; device: DeviceDescriptor };
export type DeviceListener = (event: DeviceEvent) => void;

export interface DeviceWatcherOptions {
  /** Where the USB bus comes from; defaults to the `usb` package. Pass null to leave USB out. */
  usb?: (() => Promise<SystemUsb>) | null;
  /** yubihsm-connector URLs to poll. */
  connectors?: string[];
  usbDebounceMs?: number;
  connectorPollMs?: number;
  timers?: Timers;
}

export class DeviceWatcher {
  private readonly devices = new Map<string, DeviceDescriptor>();
  private readonly listeners = new Set<DeviceListener>();
  private readonly connectors: ConnectorDiscovery;
  private usb: UsbDiscovery | undefined;
  private usbUnavailable: string | undefined;
  private readonly sink = {
    attach: (device: DeviceDescriptor) => this.attach(device),
    detach: (id: string) => this.detach(id),
  };

  constructor(private readonly options: DeviceWatcherOptions = {}) {
    this.connectors = new ConnectorDiscovery(this.sink, {
      pollMs: options.connectorPollMs,
      timers: options.timers,
    });
    for (const url of options.connectors ?? []) this.connectors.add(url);
  }

  /** Lists present devices (emitting attach for each) and starts listening. Never rejects for a missing USB subsystem. */
  async start(): Promise<void> {
    const loadUsb = this.options.usb === undefined ? systemUsb : this.options.usb;
    if (loadUsb) {
      const usb = await loadUsb();
      if (usb.available) {
        this.usb = new UsbDiscovery(usb.bus, this.sink, {
          debounceMs: this.options.usbDebounceMs,
          timers: this.options.timers,
        });
      } else {
        this.usbUnavailable = usb.reason;
      }
    }
    await Promise.all([this.usb?.start(), this.connectors.start()]);
  }

  async stop(): Promise<void> {
    await Promise.all([this.usb?.stop(), this.connectors.stop()]);
  }

  /** Whether USB devices can be seen here; when not, a sentence saying why. */
  get usbState(): UsbState {
    if (this.usbUnavailable !== undefined) return { available: false, reason: this.usbUnavailable };
    return this.usb?.usbState ?? { available: 'unknown' };
  }

  list(): DeviceDescriptor[] {
    return [...this.devices.values()].map((device) => ({ ...device }));
  }

  /** Subscribes to attach / detach; returns the unsubscribe function. */
  onChange(listener: DeviceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Registers a simulated device under a name ("primary"); it is attached at once. */
  addSimulator(name: string, device: SimulatedDevice): DeviceDescriptor {
    const descriptor: DeviceDescriptor = {
      id: `sim:${name}`,
      serial: device.serial,
      transport: 'simulator',
      firmware: device.firmware,
      simulated: true,
    };
    this.attach(descriptor);
    return { ...descriptor };
  }

  removeSimulator(name: string): void {
    this.detach(`sim:${name}`);
  }

  addConnector(url: string): string {
    const id = this.connectors.add(url);
    void this.connectors.pollNow();
    return id;
  }

  removeConnector(url: string): void {
    this.connectors.remove(url);
  }

  /**
   * Looks again now: every connector is polled, and USB devices not yet reported or reported
   * with a problem (another program held them) are asked again. Call it when the person says
   * "I closed the other program" or on a Retry button.
   */
  async refresh(): Promise<void> {
    await Promise.all([this.usb?.refresh(), this.connectors.pollNow()]);
  }

  private attach(device: DeviceDescriptor): void {
    const earlier = this.devices.get(device.id);
    if (earlier && sameDevice(earlier, device)) return;
    if (earlier) this.emit({ type: 'detach', device: earlier });
    this.devices.set(device.id, device);
    this.emit({ type: 'attach', device });
  }

  private detach(id: string): void {
    const device = this.devices.get(id);
    if (!device) return;
    this.devices.delete(id);
    this.emit({ type: 'detach', device });
  }

  private emit(event: DeviceEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener({ type: event.type, device: { ...event.device } });
      } catch {
        // One listener's failure must not stop the others from hearing about the device.
      }
    }
  }
}

function sameDevice(a: DeviceDescriptor, b: DeviceDescriptor): boolean {
  return (
    a.serial === b.serial &&
    a.firmware === b.firmware &&
    a.transport === b.transport &&
    a.simulated === b.simulated &&
    a.problem === b.problem
  );
}
