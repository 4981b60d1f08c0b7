// Which SmartCard-HSM this is: its serial as OpenSC shows it (the holder reference of the
// device's own certificate EF.C_DevAut 2F02, minus the five-digit sequence at its end) and the
// applet version from SELECT. The DKEK restore refuses a secondary with the primary's serial.

import type { SmartCardHsmClient } from '../../hsm/smartcard-hsm/client';
import { SmartCardHsmStatusError } from '../../hsm/smartcard-hsm/client';
import { findTlv, parseTlvs, readTlv } from '../../hsm/smartcard-hsm/protocol/tlv';

const DEVICE_CERTIFICATE_FID = 0x2f02;
const FILE_NOT_FOUND = 0x6a82;

export interface CardIdentity {
  /** "DESIM1A2B3", as pkcs15-tool prints the token serial; undefined when the card has none. */
  serial: string | undefined;
  /** "SmartCard-HSM version 3.5". */
  version: string;
}

export async function readCardIdentity(client: SmartCardHsmClient): Promise<CardIdentity> {
  const { name } = await client.select();
  let serial: string | undefined;
  try {
    const certificate = await client.readFile(DEVICE_CERTIFICATE_FID);
    const outer = readTlv(certificate, 0).tlv;
    const body = outer.tag === 0x7f21 ? readTlv(outer.value, 0).tlv : undefined;
    const chr = body?.tag === 0x7f4e ? findTlv(parseTlvs(body.value), 0x5f20) : undefined;
    const text = chr ? Buffer.from(chr).toString('latin1') : '';
    serial = text.length > 5 ? text.slice(0, -5) : undefined;
  } catch (error) {
    if (!(error instanceof SmartCardHsmStatusError && error.sw === FILE_NOT_FOUND)) {
      if (error instanceof SmartCardHsmStatusError) throw error;
    }
    serial = undefined;
  }
  // Reading EF 2F02 selected it; select the applet again so the PIN session starts clean.
  await client.select();
  return { serial, version: name };
}
