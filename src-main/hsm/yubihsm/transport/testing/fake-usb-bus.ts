// A fake USB bus for tests, standing exactly where the `usb` package stands (the UsbBus
// boundary). Its YubiHSM 2 behaves like the device on the wire (spec §2.1): bulk endpoint 1
// both ways, a request ends with a short packet or a zero-length packet, the whole response
// comes back in one IN transfer. The frames themselves go to a real device implementation
// (the simulator's process), and every transfer is recorded so tests can check the rules.

import {
  YUBIHSM_PACKET_SIZE,
  YUBIHSM_PRODUCT_ID,
  YUBIHSM_VENDOR_ID,
  type UsbBus,
  type UsbConnectionListener,
  type UsbDeviceLike,
  type UsbInResult,
  type UsbOutResult,
} from '../usb-bus';

export interface FrameProcessor {
  readonly serial: number;
  process(frame: Uint8Array): Promise<Uint8Array>;
}

export interface RecordedTransfer {
  direction: 'out' | 'in';
  endpoint: number;
  /** Bytes written (out) or bytes asked for (in). */
  length: number;
  /** Bytes delivered by an IN transfer. */
  received?: number;
  timeoutMs?: number;
}

interface Waiter {
  resolve(response: Uint8Array): void;
  reject(error: Error): void;
}

const DEFAULT_TIMEOUT_MS = 1000;

export class FakeYubiHsmUsbDevice implements UsbDeviceLike {
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber: string;
  readonly transfers: RecordedTransfer[] = [];
  /** Complete request frames as the device assembled them from packets. */
  readonly requests: Uint8Array[] = [];
  opened = false;
  configuration: { configurationValue: number } | null = { configurationValue: 1 };
  private claimed = false;
  private plugged = true;
  private outBuffer: number[] = [];
  private readonly responses: Uint8Array[] = [];
  private waiters: Waiter[] = [];
  private held: Uint8Array[] | undefined;
  private requestListeners: (() => void)[] = [];

  constructor(
    private readonly device: FrameProcessor,
    options: { serialNumber?: string; vendorId?: number; productId?: number } = {},
  ) {
    // Real devices report the serial zero-padded to ten digits.
    this.serialNumber = options.serialNumber ?? String(device.serial).padStart(10, '0');
    this.vendorId = options.vendorId ?? YUBIHSM_VENDOR_ID;
    this.productId = options.productId ?? YUBIHSM_PRODUCT_ID;
  }

  async open(): Promise<void> {
    this.assertPlugged('open');
    this.opened = true;
  }

  async close(): Promise<void> {
    this.opened = false;
    this.claimed = false;
  }

  async selectConfiguration(configurationValue: number): Promise<void> {
    this.assertPlugged('selectConfiguration');
    if (!this.opened) throw new Error('selectConfiguration error: invalid state');
    if (configurationValue !== 1)
      throw new Error('selectConfiguration error: invalid configuration');
    this.configuration = { configurationValue };
  }

  async claimInterface(interfaceNumber: number): Promise<void> {
    this.assertPlugged('claimInterface');
    if (!this.opened || interfaceNumber !== 0 || this.configuration?.configurationValue !== 1) {
      throw new Error('claimInterface error: invalid state');
    }
    // One claim at a time, as the kernel allows: a second program gets EBUSY.
    if (this.claimed) throw new Error('claimInterface error: Device or resource busy');
    this.claimed = true;
  }

  async releaseInterface(interfaceNumber: number): Promise<void> {
    if (!this.claimed || interfaceNumber !== 0)
      throw new Error('releaseInterface error: not claimed');
    this.claimed = false;
  }

  async transferOut(
    endpointNumber: number,
    data: Uint8Array,
    timeoutMs?: number,
  ): Promise<UsbOutResult> {
    this.assertPlugged('transferOut');
    this.assertEndpoint('transferOut', endpointNumber);
    this.transfers.push({
      direction: 'out',
      endpoint: endpointNumber,
      length: data.length,
      timeoutMs,
    });
    this.outBuffer.push(...data);
    // A transfer ending in a short packet (a ZLP included) ends the request; one that ends
    // on a packet boundary leaves the device waiting for more.
    const complete = data.length % YUBIHSM_PACKET_SIZE !== 0 || data.length === 0;
    if (complete && this.outBuffer.length > 0) {
      const request = Uint8Array.from(this.outBuffer);
      this.outBuffer = [];
      this.requests.push(request);
      for (const listener of this.requestListeners.splice(0)) listener();
      void this.device.process(request).then((response) => this.deliver(response));
    }
    return { bytesWritten: data.length, status: 'ok' };
  }

  async transferIn(
    endpointNumber: number,
    length: number,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<UsbInResult> {
    this.assertPlugged('transferIn');
    this.assertEndpoint('transferIn', endpointNumber);
    const record: RecordedTransfer = {
      direction: 'in',
      endpoint: endpointNumber,
      length,
      timeoutMs,
    };
    this.transfers.push(record);
    const response = this.responses.shift() ?? (await this.waitForResponse(timeoutMs));
    if (response.length > length) throw new Error('transferIn error: Overflow');
    record.received = response.length;
    return {
      data: new DataView(response.buffer, response.byteOffset, response.length),
      status: 'ok',
    };
  }

  /** Leaves bytes in the IN pipe, as an earlier program that never read its answer would. */
  leaveStaleData(bytes: Uint8Array): void {
    this.responses.push(bytes);
  }

  /** Keeps responses back until releaseResponses(), so a test can act mid-request. */
  holdResponses(): void {
    this.held ??= [];
  }

  releaseResponses(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const response of held) this.deliver(response);
  }

  /** Resolves when the device has assembled its next complete request. */
  nextRequest(): Promise<void> {
    return new Promise((resolve) => this.requestListeners.push(resolve));
  }

  /** Called by the bus: the device is gone, every pending transfer fails as nusb reports it. */
  disconnect(): void {
    this.plugged = false;
    this.opened = false;
    this.claimed = false;
    for (const waiter of this.waiters.splice(0))
      waiter.reject(new Error('transferIn error: Disconnected'));
  }

  private deliver(response: Uint8Array): void {
    if (!this.plugged) return;
    if (this.held) {
      this.held.push(response);
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(response);
    else this.responses.push(response);
  }

  private waitForResponse(timeoutMs: number): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((entry) => entry !== waiter);
        reject(new Error('transferIn error: TimedOut'));
      }, timeoutMs);
      const waiter: Waiter = {
        resolve: (response) => {
          clearTimeout(timer);
          resolve(response);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.push(waiter);
    });
  }

  private assertPlugged(operation: string): void {
    if (!this.plugged) throw new Error(`${operation} error: Disconnected`);
  }

  private assertEndpoint(operation: string, endpointNumber: number): void {
    if (!this.claimed || endpointNumber !== 1)
      throw new Error(`${operation} error: endpoint not found`);
  }
}

export class FakeUsbBus implements UsbBus {
  private readonly devices: UsbDeviceLike[] = [];
  private readonly listeners = {
    connect: new Set<UsbConnectionListener>(),
    disconnect: new Set<UsbConnectionListener>(),
  };

  /** missingSubsystem: behave like the `usb` package on a machine without /sys/bus/usb. */
  constructor(private readonly options: { missingSubsystem?: boolean } = {}) {}

  async getDevices(): Promise<UsbDeviceLike[]> {
    if (this.options.missingSubsystem)
      throw new Error('getDevices error: /sys/bus/usb/devices/ not found (errno 2)');
    return [...this.devices];
  }

  addEventListener(type: 'connect' | 'disconnect', listener: UsbConnectionListener): void {
    this.listeners[type].add(listener);
  }

  removeEventListener(type: 'connect' | 'disconnect', listener: UsbConnectionListener): void {
    this.listeners[type].delete(listener);
  }

  listenerCount(): number {
    return this.listeners.connect.size + this.listeners.disconnect.size;
  }

  plugIn(device: UsbDeviceLike): void {
    this.devices.push(device);
    for (const listener of this.listeners.connect) listener({ device });
  }

  unplug(device: UsbDeviceLike): void {
    const index = this.devices.indexOf(device);
    if (index >= 0) this.devices.splice(index, 1);
    if (device instanceof FakeYubiHsmUsbDevice) device.disconnect();
    for (const listener of this.listeners.disconnect) listener({ device });
  }
}
