// YubiHSM 2 devices on USB as descriptors (STYLE.md §9): the ones present at start, then
// connect / disconnect events filtered by vendor and product id. An attach is debounced
// (a device that bounces in and out, or is not yet ready when the event fires, is reported
// once it has settled), then identified by a plain DEVICE INFO and released again, so the
// app's transports can claim it later. Devices are keyed by serial, not by object: the `usb`
// package hands out a fresh object for the same device on every listing and event.

import { readDeviceIdentity } from './device-identity';
import { systemTimers, type Timers } from './timers';
import type { DeviceDescriptor } from './transport';
import { isYubiHsm, listYubiHsmDevices, usbSerialOf, usbUnavailableReason, type UsbBus, type UsbConnectionListener, type UsbDeviceLike } from './usb-bus';
import { UsbTransport } from './usb-transport';

export type UsbState = { available: 'unknown' } | { available: true } | { available: false; reason: string };

export interface DiscoverySink {
  attach(descriptor: DeviceDescriptor): void;
  detach(id: string): void;
}

export const DEFAULT_USB_DEBOUNCE_MS = 300;

export class UsbDiscovery {
  private state: UsbState = { available: 'unknown' };
  /** Debounce timers by descriptor id ("usb:<serial>"). */
  private readonly pending = new Map<string, unknown>();
  private readonly known = new Set<string>();
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
    const listing = await listYubiHsmDevices(this.bus);
    if (!listing.available) {
      // Do not subscribe: the `usb` package lists devices again when the first listener is
      // added, and that rejection would go unhandled (fatal on Node 20).
      this.state = { available: false, reason: listing.reason };
      return;
    }
    this.state = { available: true };
    this.running = true;
    try {
      this.bus.addEventListener('connect', this.onConnect);
      this.bus.addEventListener('disconnect', this.onDisconnect);
    } catch (error) {
      this.running = false;
      this.state = { available: false, reason: usbUnavailableReason(error) };
      return;
    }
    await Promise.all(listing.devices.map((device) => this.identify(device)));
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.bus.removeEventListener('connect', this.onConnect);
    this.bus.removeEventListener('disconnect', this.onDisconnect);
    const timers = this.options.timers ?? systemTimers;
    for (const handle of this.pending.values()) timers.clearTimeout(handle);
    this.pending.clear();
    this.known.clear();
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
    if (this.known.delete(id)) this.sink.detach(id);
  };

  private async identify(device: UsbDeviceLike): Promise<void> {
    const descriptor = await describe(this.bus, device);
    // Unplugged (or discovery stopped) while we were asking: report nothing.
    if (!descriptor || !this.running || this.known.has(descriptor.id) || !(await this.stillPresent(descriptor.id))) return;
    this.known.add(descriptor.id);
    this.sink.attach(descriptor);
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

/** Opens the device just long enough for DEVICE INFO. A device it cannot open is still described, with the problem. */
async function describe(bus: UsbBus, device: UsbDeviceLike): Promise<DeviceDescriptor | undefined> {
  const usbSerial = usbSerialOf(device);
  if (usbSerial === undefined) return undefined;
  const id = `usb:${usbSerial}`;
  // The id stays the USB serial even if DEVICE INFO says otherwise, so detach finds it.
  let transport: UsbTransport | undefined;
  try {
    transport = await UsbTransport.openDevice(bus, device, usbSerial, { readTimeoutMs: 5_000 });
    const identity = await readDeviceIdentity(transport);
    return { id, serial: identity.serial, transport: 'usb', firmware: identity.firmware, simulated: false };
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    return { id, serial: usbSerial, transport: 'usb', firmware: 'unknown', simulated: false, problem };
  } finally {
    await transport?.close();
  }
}
