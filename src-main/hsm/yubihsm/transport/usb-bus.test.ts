import { describe, expect, it } from 'vitest';
import { FakeUsbBus, FakeYubiHsmUsbDevice } from './testing/fake-usb-bus';
import { isYubiHsm, listYubiHsmDevices, usbSerialOf, type UsbDeviceLike } from './usb-bus';

const neverProcesses = { serial: 7550140, process: () => new Promise<Uint8Array>(() => undefined) };

describe('USB device identity (spec §2.1)', () => {
  it('reads the zero-padded decimal iSerialNumber as the serial, as libyubihsm does', () => {
    const device = new FakeYubiHsmUsbDevice(neverProcesses, { serialNumber: '0007550140' });
    expect(usbSerialOf(device)).toBe(7550140);
  });

  it('has no serial when the string is missing, not decimal, or unreadable', () => {
    expect(
      usbSerialOf(new FakeYubiHsmUsbDevice(neverProcesses, { serialNumber: '' })),
    ).toBeUndefined();
    expect(
      usbSerialOf(new FakeYubiHsmUsbDevice(neverProcesses, { serialNumber: 'ABC123' })),
    ).toBeUndefined();
    const unreadable = {
      ...new FakeYubiHsmUsbDevice(neverProcesses),
      get serialNumber(): string {
        throw new Error('getString error: timeout');
      },
    } as unknown as UsbDeviceLike;
    expect(usbSerialOf(unreadable)).toBeUndefined();
  });

  it('recognises a YubiHSM 2 by vendor 0x1050 and product 0x0030 only', () => {
    expect(isYubiHsm(new FakeYubiHsmUsbDevice(neverProcesses))).toBe(true);
    expect(isYubiHsm(new FakeYubiHsmUsbDevice(neverProcesses, { productId: 0x0407 }))).toBe(false);
    expect(isYubiHsm(new FakeYubiHsmUsbDevice(neverProcesses, { vendorId: 0x046d }))).toBe(false);
  });
});

describe('listYubiHsmDevices', () => {
  it('lists only YubiHSM 2 devices from the bus', async () => {
    const bus = new FakeUsbBus();
    const hsm = new FakeYubiHsmUsbDevice(neverProcesses);
    bus.plugIn(new FakeYubiHsmUsbDevice(neverProcesses, { vendorId: 0x046d, productId: 0xc52b }));
    bus.plugIn(new FakeYubiHsmUsbDevice(neverProcesses, { productId: 0x0407 }));
    bus.plugIn(hsm);
    expect(await listYubiHsmDevices(bus)).toEqual({ available: true, devices: [hsm] });
  });

  it('reports a missing USB subsystem as a state with a sentence, not an exception', async () => {
    const listing = await listYubiHsmDevices(new FakeUsbBus({ missingSubsystem: true }));
    expect(listing.available).toBe(false);
    if (!listing.available) {
      expect(listing.reason).toMatch(/no USB subsystem/);
      expect(listing.reason).toMatch(/simulated device or a yubihsm-connector/);
    }
  });
});
