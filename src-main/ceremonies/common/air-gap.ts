// The air-gap survey: what could carry a secret off this machine, recorded at preflight and
// again when the ceremony ends, both in the transcript. Network interfaces (wired and
// wireless), Bluetooth adapters, mounted removable media and USB devices other than the HSMs.
// A warning, never a block: the administrator decides, and the record shows what was there.
// Read from Linux's sysfs and /proc/mounts (a root can be given for tests); elsewhere only
// the network interfaces are known, and the survey says the rest was not checked.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';

export interface AirGapSurvey {
  takenAt: string;
  networkInterfaces: { name: string; kind: 'wired' | 'wireless'; addresses: string[] }[];
  bluetoothAdapters: string[];
  removableMedia: { device: string; mountPoint: string }[];
  usbDevices: { vendorId: string; productId: string; product?: string }[];
  /** What could not be checked on this platform. */
  notChecked: string[];
}

export interface SurveySources {
  /** Where sysfs and procfs are mounted ('/' on a real machine). */
  root?: string;
  platform?: NodeJS.Platform;
  interfaces?: ReturnType<typeof networkInterfaces>;
  now?: () => Date;
}

/** Yubico's vendor id and the YubiHSM 2's product id (spec §2.1): the HSMs, not a risk. */
const YUBIHSM = { vendorId: '1050', productId: '0030' };
const HUB_CLASS = '09';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function list(path: string): string[] {
  try {
    return readdirSync(path).sort();
  } catch {
    return [];
  }
}

export function surveyAirGap(sources: SurveySources = {}): AirGapSurvey {
  const root = sources.root ?? '/';
  const linux = (sources.platform ?? process.platform) === 'linux';
  const table = sources.interfaces ?? networkInterfaces();
  const sys = (...parts: string[]) => join(root, 'sys', ...parts);
  const networks = Object.entries(table)
    .map(([name, infos]) => ({
      name,
      kind: (linux &&
      (existsSync(sys('class', 'net', name, 'wireless')) ||
        existsSync(sys('class', 'net', name, 'phy80211')))
        ? 'wireless'
        : 'wired') as 'wired' | 'wireless',
      addresses: (infos ?? []).filter((info) => !info.internal).map((info) => info.address),
    }))
    .filter((entry) => entry.addresses.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name));
  if (!linux)
    return {
      takenAt: (sources.now?.() ?? new Date()).toISOString(),
      networkInterfaces: networks,
      bluetoothAdapters: [],
      removableMedia: [],
      usbDevices: [],
      notChecked: ['Bluetooth adapters', 'removable media', 'USB devices'],
    };
  const bluetooth = list(sys('class', 'bluetooth')).filter((name) => /^hci\d+$/.test(name));
  const removableDisks = new Set(
    list(sys('block')).filter((disk) => read(sys('block', disk, 'removable')) === '1'),
  );
  const mounts = (read(join(root, 'proc', 'mounts')) ?? '')
    .split('\n')
    .map((line) => line.split(' '))
    .filter(([device]) => device?.startsWith('/dev/'))
    .map(([device, mountPoint]) => ({ device: device!, mountPoint: mountPoint ?? '' }))
    .filter(({ device }) => {
      const name = device.slice('/dev/'.length);
      return [...removableDisks].some((disk) => name === disk || name.startsWith(disk));
    });
  const usb = list(sys('bus', 'usb', 'devices'))
    .filter((entry) => !entry.includes(':'))
    .map((entry) => ({
      vendorId: read(sys('bus', 'usb', 'devices', entry, 'idVendor')) ?? '',
      productId: read(sys('bus', 'usb', 'devices', entry, 'idProduct')) ?? '',
      product: read(sys('bus', 'usb', 'devices', entry, 'product')),
      deviceClass: read(sys('bus', 'usb', 'devices', entry, 'bDeviceClass')),
    }))
    .filter((device) => device.vendorId !== '' && device.deviceClass !== HUB_CLASS)
    .filter(
      (device) => !(device.vendorId === YUBIHSM.vendorId && device.productId === YUBIHSM.productId),
    )
    .map(({ vendorId, productId, product }) => ({
      vendorId,
      productId,
      ...(product ? { product } : {}),
    }));
  return {
    takenAt: (sources.now?.() ?? new Date()).toISOString(),
    networkInterfaces: networks,
    bluetoothAdapters: bluetooth,
    removableMedia: mounts,
    usbDevices: usb,
    notChecked: [],
  };
}

/** The survey's warnings, one sentence each; none when the machine looks air-gapped. */
export function airGapWarnings(survey: AirGapSurvey): string[] {
  const warnings: string[] = [];
  const wireless = survey.networkInterfaces.filter((entry) => entry.kind === 'wireless');
  if (wireless.length > 0)
    warnings.push(
      `Wireless network interfaces are active (${wireless.map((entry) => entry.name).join(', ')}); switch them off.`,
    );
  if (survey.bluetoothAdapters.length > 0)
    warnings.push(
      `Bluetooth adapters are present (${survey.bluetoothAdapters.join(', ')}); switch Bluetooth off.`,
    );
  if (survey.removableMedia.length > 0)
    warnings.push(
      `Removable media are mounted (${survey.removableMedia.map((media) => media.mountPoint).join(', ')}); only the ceremony folder's media should be.`,
    );
  if (survey.usbDevices.length > 0)
    warnings.push(
      `USB devices other than the HSMs are connected (${survey.usbDevices.map((device) => device.product ?? `${device.vendorId}:${device.productId}`).join(', ')}); unplug what the ceremony does not need.`,
    );
  if (survey.notChecked.length > 0)
    warnings.push(`Not checked on this system: ${survey.notChecked.join(', ')}.`);
  return warnings;
}

/** A ceremony's surveys: the one taken when it began, and whether the transcript has them. */
export interface CeremonyAirGap {
  preflight: AirGapSurvey;
  /** 'air-gap-preflight' is in the transcript. */
  preflightRecorded: boolean;
  /** 'air-gap-end' is in the transcript (or the log, for a folder without a transcript). */
  endRecorded: boolean;
}

/** Where the surveys go: a ceremony folder's transcript (records/ceremony-folder.ts). */
export interface AirGapTranscript {
  log(event: string, data: Record<string, unknown>): Promise<unknown>;
}

/** What a snapshot says of the air gap: the preflight survey's warnings (empty: none). */
export function airGapView(airGap: CeremonyAirGap | undefined): { airGapWarnings: string[] } {
  return { airGapWarnings: airGap ? airGapWarnings(airGap.preflight) : [] };
}
