// Loads the `usb` package lazily and defensively. The package is a native addon: on a machine
// without a build for its platform the import throws, and on one without /sys/bus/usb its
// getDevices() rejects. Neither may take the app down (DESIGN.md: with no hardware the app
// runs on simulated devices), so both become "USB is not available here" with a sentence.

import type { UsbBus } from './usb-bus';

export type SystemUsb = { available: true; bus: UsbBus } | { available: false; reason: string };

let loading: Promise<SystemUsb> | undefined;

/** The machine's USB bus through the `usb` package, loaded once on first use. */
export function systemUsb(): Promise<SystemUsb> {
  loading ??= load();
  return loading;
}

async function load(): Promise<SystemUsb> {
  try {
    const module = await import('usb');
    // The package's `usb` object is its WebUSB implementation with all devices allowed. Its
    // WebUSB layer adds transferIn/transferOut (with the extra timeout argument UsbDeviceLike
    // declares) to the native device class at run time; the W3C typings that declare them
    // are not in this project's type set, hence the cast (system-usb.test.ts checks it).
    const bus = module.usb as unknown as UsbBus;
    return { available: true, bus };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      available: false,
      reason: `USB support could not be loaded on this computer (${detail}); use a simulated device or a yubihsm-connector instead`,
    };
  }
}
