import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TempFolders } from '../../testing/temp-folders';
import { airGapWarnings, surveyAirGap } from './air-gap';

const temp = new TempFolders('custos-air-gap-');
afterEach(() => temp.removeAll());

function file(root: string, path: string, text: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), `${text}\n`);
}

const NOW = () => new Date('2026-06-01T10:00:00Z');
const ADDRESS = {
  address: '192.168.1.9',
  netmask: '255.255.255.0',
  family: 'IPv4' as const,
  mac: '00:00:00:00:00:00',
  internal: false,
  cidr: '192.168.1.9/24',
};

describe('the air-gap survey', () => {
  it('finds wireless and wired interfaces, Bluetooth, removable media and USB devices but the HSMs', () => {
    const root = temp.make();
    mkdirSync(join(root, 'sys/class/net/wlan0/wireless'), { recursive: true });
    mkdirSync(join(root, 'sys/class/net/eth0'), { recursive: true });
    mkdirSync(join(root, 'sys/class/bluetooth/hci0'), { recursive: true });
    file(root, 'sys/block/sdb/removable', '1');
    file(root, 'sys/block/sda/removable', '0');
    file(root, 'proc/mounts', '/dev/sda1 / ext4 rw 0 0\n/dev/sdb1 /media/usb vfat rw 0 0');
    for (const [entry, vendor, product, name, cls] of [
      ['1-1', '1050', '0030', 'YubiHSM', '00'],
      ['1-2', '0781', '5581', 'Ultra', '00'],
      ['usb1', '1d6b', '0002', 'xHCI Host Controller', '09'],
    ] as const) {
      file(root, `sys/bus/usb/devices/${entry}/idVendor`, vendor);
      file(root, `sys/bus/usb/devices/${entry}/idProduct`, product);
      file(root, `sys/bus/usb/devices/${entry}/product`, name);
      file(root, `sys/bus/usb/devices/${entry}/bDeviceClass`, cls);
    }
    const survey = surveyAirGap({
      root,
      platform: 'linux',
      now: NOW,
      interfaces: {
        lo: [{ ...ADDRESS, address: '127.0.0.1', internal: true }],
        wlan0: [ADDRESS],
        eth0: [ADDRESS],
      },
    });
    expect(survey).toEqual({
      takenAt: '2026-06-01T10:00:00.000Z',
      networkInterfaces: [
        { name: 'eth0', kind: 'wired', addresses: ['192.168.1.9'] },
        { name: 'wlan0', kind: 'wireless', addresses: ['192.168.1.9'] },
      ],
      bluetoothAdapters: ['hci0'],
      removableMedia: [{ device: '/dev/sdb1', mountPoint: '/media/usb' }],
      usbDevices: [{ vendorId: '0781', productId: '5581', product: 'Ultra' }],
      notChecked: [],
    });
    expect(airGapWarnings(survey)).toEqual([
      'Wireless network interfaces are active (wlan0); switch them off.',
      'Bluetooth adapters are present (hci0); switch Bluetooth off.',
      "Removable media are mounted (/media/usb); only the ceremony folder's media should be.",
      'USB devices other than the HSMs are connected (Ultra); unplug what the ceremony does not need.',
    ]);
  });

  it('says nothing on an air-gapped machine, and what it could not check elsewhere', () => {
    const quiet = surveyAirGap({ root: temp.make(), platform: 'linux', interfaces: {}, now: NOW });
    expect(airGapWarnings(quiet)).toEqual([]);
    const mac = surveyAirGap({ platform: 'darwin', interfaces: {}, now: NOW });
    expect(airGapWarnings(mac)).toEqual([
      'Not checked on this system: Bluetooth adapters, removable media, USB devices.',
    ]);
  });
});
