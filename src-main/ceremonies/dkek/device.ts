// What a DKEK ceremony reads from a SmartCard-HSM before it changes anything (issue 10, step 1):
// its name and version, its serial (the holder reference of its device certificate, as OpenSC
// shows it, spec §7.3), whether it was ever initialised, where its DKEK stands and which keys it
// holds, so a re-initialisation (which wipes every key) is never a surprise.

import type { DkekDeviceRecord } from '../../../shared/records/dkek-ceremony-record';
import {
  SmartCardHsmClient,
  SmartCardHsmStatusError,
  type DkekStatus,
  type KeyListing,
} from '../../hsm/smartcard-hsm/client';
import { parseTlvs, readTlv } from '../../hsm/smartcard-hsm/protocol/tlv';
import type { OpenedCard } from '../../hsm/smartcard-hsm/transport/card-spec';

const DEVICE_CERTIFICATE_FID = 0x2f02;
const REFERENCE_NOT_FOUND = 0x6a88;

export interface DevicePreflight {
  device: DkekDeviceRecord;
  initialised: boolean;
  /** Absent on a device never initialised. */
  dkek?: DkekStatus;
  keys: KeyListing[];
}

export async function readPreflight(card: OpenedCard): Promise<DevicePreflight> {
  const client = new SmartCardHsmClient(card.transport);
  const applet = await client.select();
  const holder = await holderReference(client);
  const device: DkekDeviceRecord = {
    reader: card.reader.slice(0, 300),
    family: familyOf(holder, applet.version.major),
    // OpenSC's serial: the holder reference without its 5-digit sequence number.
    serial: holder.length > 5 ? holder.slice(0, -5) : holder,
    version: applet.name,
    simulated: card.simulated,
  };
  let initialised = true;
  try {
    await client.pinStatus();
  } catch (error) {
    if (!(error instanceof SmartCardHsmStatusError && error.sw === REFERENCE_NOT_FOUND))
      throw error;
    initialised = false;
  }
  if (!initialised) return { device, initialised, keys: [] };
  return { device, initialised, dkek: await client.dkekStatus(), keys: await client.listKeys() };
}

/** The CHR (tag 5F20) of EF.C_DevAut; "unknown" when the device has none OpenSC could read. */
async function holderReference(client: SmartCardHsmClient): Promise<string> {
  let certificate: Uint8Array;
  try {
    certificate = await client.readFile(DEVICE_CERTIFICATE_FID);
  } catch {
    return 'unknown';
  }
  try {
    const outer = readTlv(certificate, 0).tlv;
    const body = parseTlvs(outer.value).find((item) => item.tag === 0x7f4e);
    const chr = body && parseTlvs(body.value).find((item) => item.tag === 0x5f20);
    const text = chr ? Buffer.from(chr.value).toString('latin1') : '';
    return /^[\x20-\x7e]{1,16}$/.test(text) ? text : 'unknown';
  } catch {
    return 'unknown';
  }
}

function familyOf(holder: string, major: number): DkekDeviceRecord['family'] {
  if (holder.startsWith('DENK')) return 'nitrokey-hsm';
  if (holder.startsWith('ESP') || major >= 4) return 'pico-hsm';
  if (holder.startsWith('DE')) return 'smartcard-hsm';
  return 'unknown';
}

/** The family as people call it. */
export function familyName(family: DkekDeviceRecord['family']): string {
  switch (family) {
    case 'nitrokey-hsm':
      return 'Nitrokey HSM 2';
    case 'pico-hsm':
      return 'Pico HSM';
    case 'smartcard-hsm':
      return 'SmartCard-HSM';
    default:
      return 'SmartCard-HSM compatible device';
  }
}
