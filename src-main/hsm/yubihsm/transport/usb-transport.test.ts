// The USB transport against a fake bus at the `usb` package boundary, whose fake YubiHSM 2
// hands the assembled frames to a real SimulatedYubiHsm (spec §2.1 rules checked on the
// recorded transfers).

import { describe, expect, it } from 'vitest';
import { YubiHsmProtocolError, YubiHsmTransportError } from '../protocol/device-errors';
import { SimulatedYubiHsm } from '../simulator/simulated-yubihsm';
import { readDeviceIdentity } from './device-identity';
import { FakeUsbBus, FakeYubiHsmUsbDevice, type FrameProcessor } from './testing/fake-usb-bus';
import { USB_READ_LENGTH, UsbTransport } from './usb-transport';

const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));

/** A plain ECHO frame of exactly `total` bytes (3-byte header + payload). */
function echoFrame(total: number): Uint8Array {
  const payload = Uint8Array.from({ length: total - 3 }, (_, index) => index & 0xff);
  return Uint8Array.of(0x01, payload.length >> 8, payload.length & 0xff, ...payload);
}

async function busWithHsm(serial = 12345678) {
  const simulator = await SimulatedYubiHsm.create({ serial });
  const bus = new FakeUsbBus();
  const device = new FakeYubiHsmUsbDevice(simulator);
  bus.plugIn(device);
  return { simulator, bus, device };
}

describe('UsbTransport', () => {
  it('claims interface 0 and drains stale data with one short read before the first request', async () => {
    const { bus, device } = await busWithHsm();
    // An earlier program sent a request and never read the answer.
    device.leaveStaleData(hex('81 0001 ff'));
    const transport = await UsbTransport.open(bus);
    expect(device.transfers[0]).toMatchObject({
      direction: 'in',
      endpoint: 1,
      length: USB_READ_LENGTH,
      received: 4,
    });
    expect(device.transfers[0]!.timeoutMs).toBeLessThanOrEqual(10);
    expect(await transport.transceive(hex('01 0003 010203'))).toEqual(hex('81 0003 010203'));
  });

  it('writes each frame as one bulk OUT transfer on endpoint 1 and reads the answer on endpoint 1 (IN 0x81)', async () => {
    const { bus, device } = await busWithHsm();
    const transport = await UsbTransport.open(bus);
    const before = device.transfers.length;
    expect(await transport.transceive(hex('01 0003 010203'))).toEqual(hex('81 0003 010203'));
    expect(device.transfers.slice(before)).toEqual([
      { direction: 'out', endpoint: 1, length: 6, timeoutMs: expect.any(Number) },
      {
        direction: 'in',
        endpoint: 1,
        length: USB_READ_LENGTH,
        received: 6,
        timeoutMs: expect.any(Number),
      },
    ]);
    expect(transport.address).toBe('USB, serial 12345678');
  });

  it('follows a frame with a zero-length packet exactly when its length is a multiple of 64', async () => {
    const { bus, device } = await busWithHsm();
    const transport = await UsbTransport.open(bus);
    for (const total of [63, 64, 65, 128, 129, 3136]) {
      const before = device.transfers.length;
      const frame = echoFrame(total);
      const answer = await transport.transceive(frame);
      expect(answer.length).toBe(total);
      expect(answer[0]).toBe(0x81);
      const outs = device.transfers
        .slice(before)
        .filter((transfer) => transfer.direction === 'out');
      const expected = total % 64 === 0 ? [total, 0] : [total];
      expect(
        outs.map((transfer) => transfer.length),
        `frame of ${total} bytes`,
      ).toEqual(expected);
      expect(device.requests.at(-1)).toEqual(frame);
    }
  });

  it('keeps exchanges whole under concurrent callers: out, in, out, in', async () => {
    const { bus, device } = await busWithHsm();
    const transport = await UsbTransport.open(bus);
    const before = device.transfers.length;
    const answers = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((n) => transport.transceive(Uint8Array.of(0x01, 0x00, 0x01, n))),
    );
    expect(answers).toEqual([1, 2, 3, 4, 5, 6].map((n) => Uint8Array.of(0x81, 0x00, 0x01, n)));
    expect(device.transfers.slice(before).map((transfer) => transfer.direction)).toEqual(
      Array.from({ length: 6 }, () => ['out', 'in']).flat(),
    );
  });

  it('selects a device by serial among several, and refuses to guess between them', async () => {
    const bus = new FakeUsbBus();
    bus.plugIn(new FakeYubiHsmUsbDevice(await SimulatedYubiHsm.create({ serial: 11111111 })));
    bus.plugIn(new FakeYubiHsmUsbDevice(await SimulatedYubiHsm.create({ serial: 22222222 })));
    const transport = await UsbTransport.open(bus, { serial: 22222222 });
    expect(await readDeviceIdentity(transport, { askPartNumber: false })).toEqual({
      serial: 22222222,
      firmware: '2.4.0',
      simulated: false,
    });
    await expect(UsbTransport.open(bus)).rejects.toThrow(
      /2 YubiHSM 2 devices are connected by USB \(serials 11111111, 22222222\); choose one with usb:<serial>/,
    );
    await expect(UsbTransport.open(bus, { serial: 33333333 })).rejects.toThrow(
      /no YubiHSM 2 with serial 33333333 is connected by USB \(connected: 11111111, 22222222\)/,
    );
  });

  it('says no YubiHSM 2 is connected when the bus has none, ignoring other devices', async () => {
    const bus = new FakeUsbBus();
    bus.plugIn(
      new FakeYubiHsmUsbDevice(await SimulatedYubiHsm.create(), {
        vendorId: 0x046d,
        productId: 0xc52b,
      }),
    );
    await expect(UsbTransport.open(bus)).rejects.toThrow(
      /no YubiHSM 2 is connected by USB; insert the device/,
    );
  });

  it('reports "no USB subsystem" as a transport error when the bus cannot be listed', async () => {
    const failure = UsbTransport.open(new FakeUsbBus({ missingSubsystem: true }));
    await expect(failure).rejects.toBeInstanceOf(YubiHsmTransportError);
    await expect(failure).rejects.toThrow(/no USB subsystem/);
  });

  it('says another program holds the device when its interface is already claimed', async () => {
    const { bus } = await busWithHsm();
    const first = await UsbTransport.open(bus);
    await expect(UsbTransport.open(bus)).rejects.toThrow(
      /another program \(such as yubihsm-connector\) may be using it/,
    );
    // The failed attempt left the first program's claim alone.
    expect(await first.transceive(hex('01 0001 aa'))).toEqual(hex('81 0001 aa'));
  });

  it('turns an unplug mid-request into a transport error, and finds the device again once re-inserted', async () => {
    const { simulator, bus, device } = await busWithHsm();
    const transport = await UsbTransport.open(bus);
    device.holdResponses();
    const requested = device.nextRequest();
    const pending = transport.transceive(hex('01 0003 010203'));
    await requested;
    bus.unplug(device);
    await expect(pending).rejects.toBeInstanceOf(YubiHsmTransportError);
    await expect(pending).rejects.toThrow(
      /stopped answering over USB; it may have been unplugged: re-insert it/,
    );
    // While it is out, requests fail with a sentence; the failed frame is never resent.
    await expect(transport.transceive(hex('01 0001 bb'))).rejects.toThrow(
      /no YubiHSM 2 with serial 12345678 is connected by USB/,
    );
    // Re-inserted, the same device shows up as a new USB device object.
    const reinserted = new FakeYubiHsmUsbDevice(simulator);
    bus.plugIn(reinserted);
    expect(await transport.transceive(hex('01 0001 cc'))).toEqual(hex('81 0001 cc'));
    expect(reinserted.requests).toEqual([hex('01 0001 cc')]);
  });

  it('rejects a response whose length field does not match what arrived (spec §1.1)', async () => {
    const broken: FrameProcessor = { serial: 5, process: async () => hex('81 0005 0102') };
    const bus = new FakeUsbBus();
    bus.plugIn(new FakeYubiHsmUsbDevice(broken));
    const transport = await UsbTransport.open(bus);
    const failure = transport.transceive(hex('01 0002 0102'));
    await expect(failure).rejects.toBeInstanceOf(YubiHsmProtocolError);
    await expect(failure).rejects.toThrow(
      /ECHO: the device sent 5 bytes over USB but the frame declares 8/,
    );
  });

  it('releases the interface on close and refuses later requests', async () => {
    const { bus, device } = await busWithHsm();
    const transport = await UsbTransport.open(bus);
    await transport.close();
    expect(device.opened).toBe(false);
    await expect(transport.transceive(hex('01 0001 aa'))).rejects.toThrow(/is closed/);
    // Released: another program can claim it now.
    const next = await UsbTransport.open(bus);
    expect(await next.transceive(hex('01 0001 aa'))).toEqual(hex('81 0001 aa'));
  });
});
