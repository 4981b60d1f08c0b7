// Raw APDUs to a simulated card in tests: hex in, data and status word out.

import { encodeCommand, parseResponse } from '../protocol/apdu';
import { tlv } from '../protocol/tlv';
import type { VirtualCard } from './virtual-card';

export const SELECT_APPLET = '00a404000be82b0601040181c31f0201';
export const DEFAULT_SO_PIN_HEX = '3537363231383830';

export function bytes(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));
}

export function hex(value: Uint8Array): string {
  return Buffer.from(value).toString('hex');
}

export function send(card: VirtualCard, apdu: string | Uint8Array): { data: string; sw: string } {
  const response = parseResponse(card.transmit(typeof apdu === 'string' ? bytes(apdu) : apdu));
  return { data: hex(response.data), sw: response.sw.toString(16).padStart(4, '0') };
}

/** INITIALIZE DEVICE data as sc-hsm-tool builds it (spec §5.2). */
export function initializeApdu(options: {
  pin?: string;
  soPin?: string;
  retries?: number;
  shares?: number;
}): string {
  const pin = Buffer.from(options.pin ?? '123456', 'ascii').toString('hex');
  const tlvs = [
    '80020001',
    `81${(pin.length / 2).toString(16).padStart(2, '0')}${pin}`,
    `8208${options.soPin ?? DEFAULT_SO_PIN_HEX}`,
    `9101${(options.retries ?? 3).toString(16).padStart(2, '0')}`,
    options.shares === undefined ? '' : `9201${options.shares.toString(16).padStart(2, '0')}`,
  ].join('');
  return `80500000${(tlvs.length / 2).toString(16).padStart(2, '0')}${tlvs}`;
}

export function verifyApdu(pin = '123456'): string {
  const value = Buffer.from(pin, 'ascii').toString('hex');
  return `00200081${(value.length / 2).toString(16).padStart(2, '0')}${value}`;
}

export function importShareApdu(share: string): string {
  return `8052000020${share}00`;
}

/** GENERATE ASYMMETRIC KEY PAIR with a public key template made of `items` (hex TLVs). */
export function generateApdu(ref: number, oid: string, ...items: Uint8Array[]): Uint8Array {
  return encodeCommand({
    cla: 0x00,
    ins: 0x46,
    p1: ref,
    p2: 0,
    data: tlv(0x7f49, tlv(0x06, bytes(oid)), ...items),
    le: 65536,
  });
}

export const EC_OID = '04007f00070202020203';
export const RSA_OID = '04007f00070202020102';

/** EC P-256 (the OID alone asks for the default curve). */
export function generateEcApdu(ref: number): Uint8Array {
  return generateApdu(ref, EC_OID);
}

export function generateRsaApdu(ref: number, bits = 2048): Uint8Array {
  return generateApdu(
    ref,
    RSA_OID,
    tlv(0x82, bytes('010001')),
    tlv(0x02, Uint8Array.of(bits >> 8, bits & 0xff)),
  );
}
