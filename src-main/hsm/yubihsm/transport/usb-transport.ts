// Frames to a YubiHSM 2 over direct USB (spec §2.1): configuration 1, interface 0, bulk
// endpoint 1 both ways; one transfer per frame plus a zero-length packet when the frame fills
// whole 64-byte packets; one large read per response; one exchange at a time.

import { YubiHsmProtocolError, YubiHsmTransportError } from '../protocol/device-errors';
import { FRAME_HEADER_LENGTH } from '../protocol/frame';
import { OneAtATime } from '../../../concurrency/one-at-a-time';
import type { YubiHsmTransport } from './transport';
import {
  listYubiHsmDevices,
  usbSerialOf,
  YUBIHSM_CONFIGURATION,
  YUBIHSM_ENDPOINT,
  YUBIHSM_INTERFACE,
  YUBIHSM_PACKET_SIZE,
  type UsbBus,
  type UsbDeviceLike,
} from './usb-bus';

/** Read buffer: the connector's 8192, well above the 3139-byte maximum frame (spec §2.1). */
export const USB_READ_LENGTH = 8192;
/** Stale-data drain at open: python uses 10 ms, libyubihsm 1 ms (spec §2.1 "Flush at open"). */
const DRAIN_TIMEOUT_MS = 10;
const WRITE_TIMEOUT_MS = 5_000;
/** RSA-4096 generation takes tens of seconds (spec §2.1 "Timeouts"); allow three minutes. */
const DEFAULT_READ_TIMEOUT_MS = 180_000;

export interface UsbTransportOptions {
  /** Pick the device with this serial; without it exactly one YubiHSM 2 must be connected. */
  serial?: number;
  readTimeoutMs?: number;
}

export class UsbTransport implements YubiHsmTransport {
  readonly kind = 'usb' as const;
  readonly address: string;
  private readonly queue = new OneAtATime();
  private device: UsbDeviceLike | undefined;
  private closed = false;

  private constructor(
    private readonly bus: UsbBus,
    readonly serial: number,
    device: UsbDeviceLike,
    private readonly readTimeoutMs: number,
  ) {
    this.device = device;
    this.address = `USB, serial ${serial}`;
  }

  /** Finds the YubiHSM 2 on the bus, claims its interface and drains stale data. */
  static async open(bus: UsbBus, options: UsbTransportOptions = {}): Promise<UsbTransport> {
    const { device, serial } = await findYubiHsm(bus, options.serial);
    return UsbTransport.openDevice(bus, device, serial, options);
  }

  /** Opens a device already in hand (from a connect event); `serial` is its iSerialNumber. */
  static async openDevice(
    bus: UsbBus,
    device: UsbDeviceLike,
    serial: number,
    options: Pick<UsbTransportOptions, 'readTimeoutMs'> = {},
  ): Promise<UsbTransport> {
    await claim(device, serial);
    return new UsbTransport(bus, serial, device, options.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS);
  }

  transceive(frame: Uint8Array): Promise<Uint8Array> {
    return this.queue.run(() => this.exchange(frame));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue.run(async () => {
      const device = this.device;
      this.device = undefined;
      if (device) await release(device);
    });
  }

  private async exchange(frame: Uint8Array): Promise<Uint8Array> {
    if (this.closed)
      throw new YubiHsmTransportError(
        `the USB connection to the YubiHSM 2 (serial ${this.serial}) is closed; reconnect to the device`,
      );
    // After a failed exchange the handle is dropped; the next request finds the device again
    // by serial, so re-inserting the HSM is enough to carry on. The failed frame itself is not
    // resent: the device may have executed it, and a ceremony must not repeat a put.
    const device = this.device ?? (await this.reopen());
    try {
      await write(device, frame);
      const response = await read(device, this.readTimeoutMs);
      checkLength(frame, response);
      return response;
    } catch (error) {
      // Either way the handle is suspect (a garbled response may leave bytes behind), so drop
      // it; the reopen drains stale data before the next request.
      this.device = undefined;
      void release(device);
      if (error instanceof YubiHsmProtocolError) throw error;
      throw new YubiHsmTransportError(
        `the YubiHSM 2 (serial ${this.serial}) stopped answering over USB; it may have been unplugged: re-insert it and try the step again`,
        { cause: error },
      );
    }
  }

  private async reopen(): Promise<UsbDeviceLike> {
    const { device } = await findYubiHsm(this.bus, this.serial);
    await claim(device, this.serial);
    this.device = device;
    return device;
  }
}

async function findYubiHsm(
  bus: UsbBus,
  serial: number | undefined,
): Promise<{ device: UsbDeviceLike; serial: number }> {
  const listing = await listYubiHsmDevices(bus);
  if (!listing.available) throw new YubiHsmTransportError(listing.reason);
  const found = listing.devices
    .map((device) => ({ device, serial: usbSerialOf(device) }))
    .filter(
      (entry): entry is { device: UsbDeviceLike; serial: number } => entry.serial !== undefined,
    );
  if (serial !== undefined) {
    const match = found.find((entry) => entry.serial === serial);
    if (match) return match;
    const others =
      found.length > 0 ? ` (connected: ${found.map((entry) => entry.serial).join(', ')})` : '';
    throw new YubiHsmTransportError(
      `no YubiHSM 2 with serial ${serial} is connected by USB${others}; insert that device and try again`,
    );
  }
  if (found.length === 0) {
    throw new YubiHsmTransportError(
      'no YubiHSM 2 is connected by USB; insert the device and try again',
    );
  }
  if (found.length > 1) {
    // A ceremony has a primary and a secondary: guessing between them is how the wrong device
    // gets wiped, so several devices need an explicit serial.
    throw new YubiHsmTransportError(
      `${found.length} YubiHSM 2 devices are connected by USB (serials ${found.map((entry) => entry.serial).join(', ')}); choose one with usb:<serial>`,
    );
  }
  return found[0]!;
}

async function claim(device: UsbDeviceLike, serial: number): Promise<void> {
  let openedHere = false;
  try {
    if (!device.opened) {
      await device.open();
      openedHere = true;
    }
    if (currentConfiguration(device) !== YUBIHSM_CONFIGURATION)
      await device.selectConfiguration(YUBIHSM_CONFIGURATION);
    await device.claimInterface(YUBIHSM_INTERFACE);
  } catch (error) {
    // Undo only what this call did: the interface may be someone else's claim.
    if (openedHere) await device.close().catch(() => undefined);
    throw new YubiHsmTransportError(
      `the YubiHSM 2 (serial ${serial}) could not be opened over USB; another program (such as yubihsm-connector) may be using it, or this user lacks permission: close that program or fix the udev rule, then try again`,
      { cause: error },
    );
  }
  // Throw-away short read: an earlier program may have left a response unread (spec §2.1).
  await device
    .transferIn(YUBIHSM_ENDPOINT, USB_READ_LENGTH, DRAIN_TIMEOUT_MS)
    .catch(() => undefined);
}

function currentConfiguration(device: UsbDeviceLike): number | undefined {
  try {
    return device.configuration?.configurationValue;
  } catch {
    return undefined;
  }
}

async function release(device: UsbDeviceLike): Promise<void> {
  await device.releaseInterface(YUBIHSM_INTERFACE).catch(() => undefined);
  await device.close().catch(() => undefined);
}

async function write(device: UsbDeviceLike, frame: Uint8Array): Promise<void> {
  const result = await device.transferOut(YUBIHSM_ENDPOINT, frame, WRITE_TIMEOUT_MS);
  if (result.status !== 'ok' || result.bytesWritten !== frame.length) {
    throw new Error(
      `bulk OUT wrote ${result.bytesWritten} of ${frame.length} bytes (${result.status})`,
    );
  }
  // A transfer that ends on a packet boundary is only complete once a zero-length packet
  // follows; without it the device keeps waiting for more (spec §2.1 "Send").
  if (frame.length % YUBIHSM_PACKET_SIZE === 0) {
    const zlp = await device.transferOut(YUBIHSM_ENDPOINT, new Uint8Array(0), WRITE_TIMEOUT_MS);
    if (zlp.status !== 'ok') throw new Error(`zero-length packet failed (${zlp.status})`);
  }
}

async function read(device: UsbDeviceLike, timeoutMs: number): Promise<Uint8Array> {
  const result = await device.transferIn(YUBIHSM_ENDPOINT, USB_READ_LENGTH, timeoutMs);
  if (result.status !== 'ok' || !result.data) throw new Error(`bulk IN failed (${result.status})`);
  const view = result.data;
  return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

/** The device sends each response whole in one transfer: 3 + L must equal what arrived (spec §1.1). */
function checkLength(request: Uint8Array, response: Uint8Array): void {
  const declared =
    response.length >= FRAME_HEADER_LENGTH
      ? ((response[1]! << 8) | response[2]!) + FRAME_HEADER_LENGTH
      : undefined;
  if (declared !== response.length) {
    throw new YubiHsmProtocolError(
      request[0] ?? 0,
      `the device sent ${response.length} bytes over USB but the frame declares ${declared ?? 'no length'}; unplug and re-insert the HSM`,
    );
  }
}
