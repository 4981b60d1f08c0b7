import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../protocol/apdu';
import { combineShares } from '../protocol/dkek-keys';
import { openWrappedKey, parseWrappedKeyHeader } from '../protocol/wrapped-key';
import { SimulatedSmartCardHsm } from './simulated-smartcard-hsm';
import type { CardFlavour } from './card-state';
import {
  bytes,
  generateEcApdu,
  generateRsaApdu,
  hex,
  importShareApdu,
  initializeApdu,
  send,
  verifyApdu,
} from './test-support';

const SHARE_A = '11'.repeat(32);
const SHARE_B = '22'.repeat(32);

async function deviceWithShares(shares: string[], flavour: CardFlavour = 'smartcard-hsm') {
  const card = await SimulatedSmartCardHsm.open({ flavour });
  send(card, initializeApdu({ shares: shares.length }));
  for (const share of shares) expect(send(card, importShareApdu(share)).sw).toBe('9000');
  expect(send(card, verifyApdu()).sw).toBe('9000');
  return card;
}

const wrapApdu = (ref: number) => `8072${ref.toString(16).padStart(2, '0')}92000000`;
const unwrapApdu = (ref: number, blob: Uint8Array) =>
  encodeCommand({ cla: 0x80, ins: 0x74, p1: ref, p2: 0x93, data: blob, extended: true });

function stage(card: SimulatedSmartCardHsm, blob: Uint8Array, chunk = 100): void {
  for (let offset = 0; offset < blob.length; offset += chunk) {
    const part = blob.subarray(offset, offset + chunk);
    const data = Uint8Array.from([
      0x54,
      0x02,
      offset >> 8,
      offset & 0xff,
      0x53,
      part.length,
      ...part,
    ]);
    const apdu = encodeCommand({ cla: 0x00, ins: 0xd7, p1: 0x2f, p2: 0x10, data });
    expect(send(card, apdu).sw).toBe('9000');
  }
}

describe('WRAP KEY and UNWRAP KEY (spec §5.1, §6)', () => {
  it('wraps an EC key into a §6 blob that opens with the DKEK of the two shares', async () => {
    const card = await deviceWithShares([SHARE_A, SHARE_B]);
    expect(send(card, generateEcApdu(1)).sw).toBe('9000');
    const wrapped = send(card, wrapApdu(1));
    expect(wrapped.sw).toBe('9000');
    const blob = bytes(wrapped.data);
    const dkek = combineShares([bytes(SHARE_A), bytes(SHARE_B)]);
    expect(hex(parseWrappedKeyHeader(blob).kcv)).toBe(wrapped.data.slice(0, 16));
    const content = openWrappedKey(blob, dkek);
    expect(content.keyType).toBe(12);
    expect(content.keySize).toBe(256);
    expect(content.fields[6]).toHaveLength(65);
  });

  it('unwraps on a second device of the same domain, both the one-APDU and the staged form', async () => {
    const a = await deviceWithShares([SHARE_A, SHARE_B]);
    send(a, generateEcApdu(1));
    const blob = bytes(send(a, wrapApdu(1)).data);
    const b = await deviceWithShares([SHARE_B, SHARE_A]);
    expect(send(b, unwrapApdu(3, blob)).sw).toBe('9000');
    expect(send(b, unwrapApdu(3, blob)).sw).toBe('6a89');
    stage(b, blob);
    expect(send(b, '80740493').sw).toBe('9000');
    // The staging EF is consumed by the unwrap.
    expect(send(b, '00a4020c022f10').sw).toBe('6a82');
    expect(send(b, '80740593').sw).toBe('6a88');
    // The same key: wrapping it again on B opens to the same private scalar.
    const dkek = combineShares([bytes(SHARE_A), bytes(SHARE_B)]);
    const again = openWrappedKey(bytes(send(b, wrapApdu(4)).data), dkek);
    expect(again.fields[5]).toEqual(openWrappedKey(blob, dkek).fields[5]);
  });

  it('an RSA-2048 blob is longer than 256 bytes and crosses in one extended APDU', async () => {
    const a = await deviceWithShares([SHARE_A]);
    expect(send(a, generateRsaApdu(2)).sw).toBe('9000');
    const blob = bytes(send(a, wrapApdu(2)).data);
    expect(blob.length).toBeGreaterThan(256);
    const b = await deviceWithShares([SHARE_A]);
    expect(send(b, unwrapApdu(2, blob)).sw).toBe('9000');
    const signedA = send(
      a,
      encodeCommand({ cla: 0x80, ins: 0x68, p1: 2, p2: 0x33, data: bytes('00'), le: 512 }),
    );
    const signedB = send(
      b,
      encodeCommand({ cla: 0x80, ins: 0x68, p1: 2, p2: 0x33, data: bytes('00'), le: 512 }),
    );
    expect(signedB.sw).toBe('9000');
    expect(signedB.data).toBe(signedA.data);
  });

  it('a blob from another DKEK domain is refused: 6A80 on a SmartCard-HSM, 6400 on a Pico HSM', async () => {
    const a = await deviceWithShares([SHARE_A, SHARE_B]);
    send(a, generateEcApdu(1));
    const blob = bytes(send(a, wrapApdu(1)).data);
    const other = await deviceWithShares([SHARE_A, '33'.repeat(32)]);
    expect(send(other, unwrapApdu(1, blob)).sw).toBe('6a80');
    const pico = await deviceWithShares([SHARE_A, '33'.repeat(32)], 'pico-hsm');
    expect(send(pico, unwrapApdu(1, blob)).sw).toBe('6400');
    const altered = blob.slice();
    altered[altered.length - 1]! ^= 1;
    const same = await deviceWithShares([SHARE_A, SHARE_B]);
    expect(send(same, unwrapApdu(1, altered)).sw).toBe('6a80');
    expect(send(same, '80580000000000').data).toBe('cc00');
  });

  it('needs the user PIN (6982) and a complete DKEK (6A88); a missing key is 6A88', async () => {
    const card = await SimulatedSmartCardHsm.open();
    send(card, initializeApdu({ shares: 1 }));
    send(card, verifyApdu());
    expect(send(card, wrapApdu(1)).sw).toBe('6a88');
    expect(send(card, generateEcApdu(1)).sw).toBe('6985');
    send(card, importShareApdu(SHARE_A));
    expect(send(card, wrapApdu(1)).sw).toBe('6a88');
    expect(send(card, generateEcApdu(1)).sw).toBe('9000');
    card.reset();
    expect(send(card, wrapApdu(1)).sw).toBe('6982');
    expect(send(card, unwrapApdu(2, new Uint8Array(300))).sw).toBe('6982');
    send(card, verifyApdu());
    expect(send(card, wrapApdu(1)).sw).toBe('9000');
    expect(send(card, '80720192').sw).toBe('9000');
    expect(send(card, '8072019300').sw).toBe('6b00');
  });

  it('without a DKEK (tag 92 absent) nothing wraps', async () => {
    const card = await SimulatedSmartCardHsm.open();
    send(card, initializeApdu({}));
    send(card, verifyApdu());
    expect(send(card, generateEcApdu(1)).sw).toBe('9000');
    expect(send(card, wrapApdu(1)).sw).toBe('6a88');
  });
});
