// The real `usb` package on this machine. Where /sys/bus/usb is missing (containers, CI), its
// getDevices() rejects and adding a hot-plug listener leaks an unhandled rejection; our code
// must turn that into "no USB devices" and never let the rejection escape (vitest fails a run
// on any unhandled rejection, so these tests would catch it).

import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DeviceWatcher } from './device-watcher';
import { systemUsb } from './system-usb';
import { listYubiHsmDevices } from './usb-bus';
import { UsbTransport } from './usb-transport';

const hasUsbSubsystem = existsSync('/sys/bus/usb/devices');

describe('the usb package on this machine', () => {
  it('loads, and its device class carries the transfer methods the transport calls', async () => {
    const usb = await systemUsb();
    expect(usb.available).toBe(true);
    // The WebUSB layer adds these to the native class at load time (see system-usb.ts).
    const native = (await import('usb/index.js')) as unknown as {
      UsbDevice: { prototype: Record<string, unknown> };
    };
    expect(typeof native.UsbDevice.prototype.transferIn).toBe('function');
    expect(typeof native.UsbDevice.prototype.transferOut).toBe('function');
  });

  it.runIf(!hasUsbSubsystem)(
    'reports no USB devices, with the reason, when /sys/bus/usb is missing',
    async () => {
      const usb = await systemUsb();
      if (!usb.available) throw new Error(usb.reason);
      const listing = await listYubiHsmDevices(usb.bus);
      expect(listing).toEqual({
        available: false,
        reason: expect.stringMatching(/no USB subsystem/),
      });
      await expect(UsbTransport.open(usb.bus)).rejects.toMatchObject({
        name: 'YubiHsmTransportError',
        message: expect.stringMatching(/no USB subsystem/),
      });
    },
  );

  it.runIf(hasUsbSubsystem)('lists the YubiHSM 2 devices present (usually none)', async () => {
    const usb = await systemUsb();
    if (!usb.available) throw new Error(usb.reason);
    const listing = await listYubiHsmDevices(usb.bus);
    expect(listing.available).toBe(true);
  });

  it('lets a device watcher start and stop on the real bus without crashing', async () => {
    const watcher = new DeviceWatcher();
    await watcher.start();
    if (!hasUsbSubsystem) {
      expect(watcher.usbState).toEqual({
        available: false,
        reason: expect.stringMatching(/no USB subsystem/),
      });
      expect(watcher.list()).toEqual([]);
    } else {
      expect(watcher.usbState).toEqual({ available: true });
    }
    await watcher.stop();
  });
});
