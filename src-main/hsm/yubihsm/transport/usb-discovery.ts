// YubiHSM 2 devices on USB as descriptors (STYLE.md §9): the ones present at start, then
// connect / disconnect events filtered by vendor and product id. An attach is debounced
// (a device that bounces in and out, or is not yet ready when the event fires, is reported
// once it has settled), then identified by a plain DEVICE INFO and released again, so the
// app's transports can claim it later. Devices are keyed by serial, not by object: the `usb`
// package hands out a fresh object for the same device on every listing and event.

import { readDeviceIdentity } from './device-identity';
import { systemTimers, type Timers } from './timers';
import type { DeviceDescriptor } from './transport';
import {
  isYubiHsm,
  listYubiHsmDevices,
  usbSerialOf,
  usbUnavailableReason,
  type UsbBus,
  type UsbConnectionListener,
  type UsbDeviceLike,
} from './usb-bus';
import { UsbTransport } from './usb-transport';

export type UsbState =
  { available: 'unknown' } | { available: true } | { available: false; reason: string };

export interface DiscoverySink {
  attach(descriptor: DeviceDescriptor): void;
  detach(id: string): void;
}

export const DEFAULT_USB_DEBOUNCE_MS = 300;
/** DEVICE INFO is instant on a device; waiting longer means something else is wrong. */
const IDENTIFY_TIMEOUT_MS = 5_000;

export class UsbDiscovery {
  private state: UsbState = { available: 'unknown' };
  /** Debounce timers by descriptor id ("usb:<serial>"). */
  private readonly pending = new Map<string, unknown>();
  /** What was reported for each id still attached. */
  private readonly known = new Map<string, DeviceDescriptor>();
  /** Identifications in flight, so one device is never opened twice at once. */
  private readonly identifying = new Map<string, Promise<void>>();
  private running = false;

  constructor(
    private readonly bus: UsbBus,
    private readonly sink: DiscoverySink,
    private readonly options: { debounceMs?: number; timers?: Timers } = {},
  ) {}

  get usbState(): UsbState {
    return this.state;
  }

  /** Lists what is present, then listens. A bus that cannot be listed is a state, not an error. */
  async start(): Promise<void> {
    if (this.running) return;
    const probe = await listYubiHsmDevices(this.bus);
    if (!probe.available) {
      // Do not subscribe: the `usb` package lists devices again when the first listener is
      // added, and that rejection would go unhandled (fatal on Node 20).
      this.state = { available: false, reason: probe.reason };
      return;
    }
    this.running = true;
    try {
      this.bus.addEventListener('connect', this.onConnect);
      this.bus.addEventListener('disconnect', this.onDisconnect);
    } catch (error) {
      this.running = false;
      this.state = { available: false, reason: usbUnavailableReason(error) };
      return;
    }
    this.state = { available: true };
    // Listed again after subscribing, so a device inserted in between is not missed.
    await this.refresh();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.bus.removeEventListener('connect', this.onConnect);
    this.bus.removeEventListener('disconnect', this.onDisconnect);
    const timers = this.options.timers ?? systemTimers;
    for (const handle of this.pending.values()) timers.clearTimeout(handle);
    this.pending.clear();
    await Promise.all(this.identifying.values());
    this.known.clear();
  }

  /**
   * Lists the bus again: devices not yet reported, or reported with a problem (another
   * program held them), are identified again; reported ones that are gone are detached.
   */
  async refresh(): Promise<void> {
    if (!this.running) return;
    const listing = await listYubiHsmDevices(this.bus);
    if (!listing.available) return;
    const present = new Map<string, UsbDeviceLike>();
    for (const device of listing.devices) {
      const id = usbIdOf(device);
      if (id !== undefined) present.set(id, device);
    }
    for (const id of [...this.known.keys()]) {
      if (!present.has(id)) this.forget(id);
    }
    await Promise.all(
      [...present]
        .filter(([id]) => this.known.get(id)?.problem !== undefined || !this.known.has(id))
        .map(([, device]) => this.identify(device)),
    );
  }

  private readonly onConnect: UsbConnectionListener = ({ device }) => {
    const id = this.running && isYubiHsm(device) ? usbIdOf(device) : undefined;
    if (id === undefined) return;
    const timers = this.options.timers ?? systemTimers;
    const earlier = this.pending.get(id);
    if (earlier !== undefined) timers.clearTimeout(earlier);
    this.pending.set(
      id,
      timers.setTimeout(() => {
        this.pending.delete(id);
        void this.identify(device);
      }, this.options.debounceMs ?? DEFAULT_USB_DEBOUNCE_MS),
    );
  };

  private readonly onDisconnect: UsbConnectionListener = ({ device }) => {
    const id = isYubiHsm(device) ? usbIdOf(device) : undefined;
    if (id === undefined) return;
    const timers = this.options.timers ?? systemTimers;
    const earlier = this.pending.get(id);
    if (earlier !== undefined) {
      timers.clearTimeout(earlier);
      this.pending.delete(id);
    }
    this.forget(id);
  };

  private forget(id: string): void {
    if (this.known.delete(id)) this.sink.detach(id);
  }

  private identify(device: UsbDeviceLike): Promise<void> {
    const id = usbIdOf(device);
    if (id === undefined) return Promise.resolve();
    const inFlight = this.identifying.get(id);
    if (inFlight) return inFlight;
    const work = (async () => {
      const descriptor = await describe(this.bus, device, id);
      // Unplugged (or discovery stopped) while we were asking: report nothing.
      if (!this.running || !(await this.stillPresent(id))) return;
      this.known.set(id, descriptor);
      this.sink.attach(descriptor);
    })().finally(() => this.identifying.delete(id));
    this.identifying.set(id, work);
    return work;
  }

  private async stillPresent(id: string): Promise<boolean> {
    const listing = await listYubiHsmDevices(this.bus);
    return listing.available && listing.devices.some((device) => usbIdOf(device) === id);
  }
}

function usbIdOf(device: UsbDeviceLike): string | undefined {
  const serial = usbSerialOf(device);
  return serial === undefined ? undefined : `usb:${serial}`;
}

/**
 * Opens the device just long enough for DEVICE INFO. A device it cannot open is still
 * described, with the problem. The id stays the USB serial even if DEVICE INFO disagrees,
 * so the detach for the same USB device finds it.
 */
async function describe(bus: UsbBus, device: UsbDeviceLike, id: string): Promise<DeviceDescriptor> {
  const usbSerial = usbSerialOf(device)!;
  let transport: UsbTransport | undefined;
  try {
    transport = await UsbTransport.openDevice(bus, device, usbSerial, {
      readTimeoutMs: IDENTIFY_TIMEOUT_MS,
    });
    const identity = await readDeviceIdentity(transport, { askPartNumber: false });
    return {
      id,
      serial: identity.serial,
      transport: 'usb',
      firmware: identity.firmware,
      simulated: false,
    };
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    return {
      id,
      serial: usbSerial,
      transport: 'usb',
      firmware: 'unknown',
      simulated: false,
      problem,
    };
  } finally {
    await transport?.close();
  }
}
