// The slice of the W3C WebUSB API that the YubiHSM 2 USB transport uses. Production code hands
// in the `usb` package's `usb` object (a WebUSB implementation on top of nusb); tests hand in
// a fake bus at this same boundary. Keeping the interface narrow keeps the fake honest: the
// transport cannot use anything the fake does not model.

/** USB identity of a YubiHSM 2 (spec §2.1). */
export const YUBIHSM_VENDOR_ID = 0x1050;
export const YUBIHSM_PRODUCT_ID = 0x0030;
/** Configuration value, interface number and bulk endpoint numbers (spec §2.1). */
export const YUBIHSM_CONFIGURATION = 1;
export const YUBIHSM_INTERFACE = 0;
/** Bulk OUT endpoint 0x01 and bulk IN endpoint 0x81 both have endpoint number 1. */
export const YUBIHSM_ENDPOINT = 1;
export const YUBIHSM_PACKET_SIZE = 64;

export interface UsbOutResult {
  bytesWritten: number;
  status: 'ok' | 'stall' | 'babble';
}

export interface UsbInResult {
  data?: DataView;
  status: 'ok' | 'stall' | 'babble';
}

/**
 * One USB device. `transferIn`/`transferOut` take an optional timeout in milliseconds: the
 * `usb` package accepts it as a third argument beyond the W3C signature, and its default of
 * one second is far too short for RSA key generation (spec §2.1 "Timeouts").
 */
export interface UsbDeviceLike {
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber?: string | null;
  readonly opened: boolean;
  readonly configuration?: { readonly configurationValue: number } | null;
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(configurationValue: number): Promise<void>;
  claimInterface(interfaceNumber: number): Promise<void>;
  releaseInterface(interfaceNumber: number): Promise<void>;
  transferOut(endpointNumber: number, data: Uint8Array, timeoutMs?: number): Promise<UsbOutResult>;
  transferIn(endpointNumber: number, length: number, timeoutMs?: number): Promise<UsbInResult>;
}

export interface UsbConnectionEventLike {
  readonly device: UsbDeviceLike;
}

export type UsbConnectionListener = (event: UsbConnectionEventLike) => void;

/** The bus: what is plugged in now, and events when that changes. */
export interface UsbBus {
  getDevices(): Promise<UsbDeviceLike[]>;
  addEventListener(type: 'connect' | 'disconnect', listener: UsbConnectionListener): void;
  removeEventListener(type: 'connect' | 'disconnect', listener: UsbConnectionListener): void;
}

export function isYubiHsm(device: UsbDeviceLike): boolean {
  return device.vendorId === YUBIHSM_VENDOR_ID && device.productId === YUBIHSM_PRODUCT_ID;
}

/**
 * The device's serial number from its iSerialNumber string. Yubico's tools compare it as a
 * decimal number (libyubihsm uses strtoul), so a zero-padded "0007550140" is serial 7550140.
 * Returns undefined when the string is missing or not decimal.
 */
export function usbSerialOf(device: UsbDeviceLike): number | undefined {
  let text: string | null | undefined;
  try {
    text = device.serialNumber;
  } catch {
    // The `usb` package reads the string descriptor lazily and throws when it cannot.
    return undefined;
  }
  if (!text || !/^\d{1,10}$/.test(text.trim())) return undefined;
  const serial = Number.parseInt(text.trim(), 10);
  return serial <= 0xffffffff ? serial : undefined;
}

/** What listing the bus found: devices, or a sentence saying why USB cannot be used here. */
export type UsbListing =
  { available: true; devices: UsbDeviceLike[] } | { available: false; reason: string };

/**
 * Lists the YubiHSM 2 devices on the bus. A missing USB subsystem (no /sys/bus/usb in a
 * container, for example) is a state, not an exception: it comes back as available: false.
 */
export async function listYubiHsmDevices(bus: UsbBus): Promise<UsbListing> {
  try {
    const devices = await bus.getDevices();
    return { available: true, devices: devices.filter(isYubiHsm) };
  } catch (error) {
    return { available: false, reason: usbUnavailableReason(error) };
  }
}

export function usbUnavailableReason(error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  if (/\/sys\/bus\/usb/.test(detail) || /not found/i.test(detail)) {
    return 'this computer has no USB subsystem the app can read (no /sys/bus/usb), so no USB devices can be found; use a simulated device or a yubihsm-connector instead';
  }
  return `USB devices cannot be listed on this computer (${detail}); check USB permissions, or use a simulated device or a yubihsm-connector instead`;
}
