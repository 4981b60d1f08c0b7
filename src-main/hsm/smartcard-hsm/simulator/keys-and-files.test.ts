import { createPublicKey, verify } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../protocol/apdu';
import { findTlv, parseTlvs, readTlv, tlv } from '../protocol/tlv';
import { SimulatedSmartCardHsm } from './simulated-smartcard-hsm';
import {
  bytes,
  EC_OID,
  generateApdu,
  generateEcApdu,
  generateRsaApdu,
  hex,
  initializeApdu,
  send,
  verifyApdu,
} from './test-support';

async function readyCard() {
  const card = await SimulatedSmartCardHsm.open();
  send(card, initializeApdu({ shares: 0 }));
  send(card, verifyApdu());
  return card;
}

const write = (fid: string, offset: number, content: string) => {
  const data = `5402${offset.toString(16).padStart(4, '0')}53${(content.length / 2).toString(16).padStart(2, '0')}${content}`;
  return `00d7${fid}${(data.length / 2).toString(16).padStart(2, '0')}${data}`;
};
const read = (fid: string, offset: number, le = '00') =>
  `00b1${fid}045402${offset.toString(16).padStart(4, '0')}${le}`;

describe('GENERATE ASYMMETRIC KEY PAIR and signing', () => {
  it('answers with a CV request whose inner signature verifies with the new EC key', async () => {
    const card = await readyCard();
    const answer = send(card, generateEcApdu(1));
    expect(answer.sw).toBe('9000');
    const outer = readTlv(bytes(answer.data), 0).tlv;
    expect(outer.tag).toBe(0x67);
    const [inner, car, outerSignature] = parseTlvs(outer.value);
    expect([inner!.tag, car!.tag, outerSignature!.tag]).toEqual([0x7f21, 0x42, 0x5f37]);
    const [body, selfSignature] = parseTlvs(inner!.value);
    const template = findTlv(parseTlvs(body!.value), 0x7f49)!;
    const point = findTlv(parseTlvs(template), 0x86)!;
    const encodedBody = readTlv(inner!.value, 0);
    const bodyBytes = inner!.value.subarray(0, encodedBody.next);
    expect(p256.verify(selfSignature!.value, bodyBytes, point)).toBe(true);
    expect(send(card, generateEcApdu(1)).sw).toBe('6a89');
  });

  it('signs a challenge with ECDSA-SHA256 (80 68 ‹ref› 73), verifiable with the public key', async () => {
    const card = await readyCard();
    const request = bytes(send(card, generateEcApdu(5)).data);
    const point = findTlv(
      parseTlvs(
        findTlv(
          parseTlvs(readTlv(readTlv(readTlv(request, 0).tlv.value, 0).tlv.value, 0).tlv.value),
          0x7f49,
        )!,
      ),
      0x86,
    )!;
    const challenge = bytes('0102030405060708');
    const apdu = encodeCommand({ cla: 0x80, ins: 0x68, p1: 5, p2: 0x73, data: challenge, le: 512 });
    const signature = send(card, apdu);
    expect(signature.sw).toBe('9000');
    const key = createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: Buffer.from(point.subarray(1, 33)).toString('base64url'),
        y: Buffer.from(point.subarray(33)).toString('base64url'),
      },
      format: 'jwk',
    });
    expect(verify('sha256', challenge, key, bytes(signature.data))).toBe(true);
    expect(
      send(card, encodeCommand({ cla: 0x80, ins: 0x68, p1: 6, p2: 0x73, data: challenge })).sw,
    ).toBe('6a88');
    expect(
      send(card, encodeCommand({ cla: 0x80, ins: 0x68, p1: 5, p2: 0x33, data: challenge })).sw,
    ).toBe('6a81');
    card.reset();
    expect(send(card, apdu).sw).toBe('6982');
  });

  it('RSA-2048 with PKCS#1 v1.5 SHA-256; other sizes are not generated (6A81)', async () => {
    const card = await readyCard();
    expect(send(card, generateRsaApdu(3, 1024)).sw).toBe('6a81');
    const request = bytes(send(card, generateRsaApdu(2)).data);
    const template7f49 = findTlv(
      parseTlvs(readTlv(readTlv(readTlv(request, 0).tlv.value, 0).tlv.value, 0).tlv.value),
      0x7f49,
    )!;
    const n = findTlv(parseTlvs(template7f49), 0x81)!;
    expect(n).toHaveLength(256);
    const message = bytes('cafe');
    const signature = send(
      card,
      encodeCommand({ cla: 0x80, ins: 0x68, p1: 2, p2: 0x33, data: message, le: 512 }),
    );
    const key = createPublicKey({
      key: { kty: 'RSA', n: Buffer.from(n).toString('base64url'), e: 'AQAB' },
      format: 'jwk',
    });
    expect(verify('sha256', message, key, bytes(signature.data))).toBe(true);
  });

  it('a request without a public key template is 6A80, an unknown curve 6A81', async () => {
    const card = await readyCard();
    expect(send(card, '0046010003' + '5f2900').sw).toBe('6a80');
    expect(send(card, generateApdu(1, EC_OID, tlv(0x81, bytes('0100')))).sw).toBe('6a81');
    expect(send(card, generateApdu(1, '2a8648ce3d0201')).sw).toBe('6a81');
    expect(send(card, generateEcApdu(0)).sw).toBe('6a89');
  });
});

describe('files: odd UPDATE/READ BINARY, SELECT by FID, DELETE FILE, LIST FILES', () => {
  it('writes a PRKD in pieces, reads it back to the end (6282), lists and deletes it', async () => {
    const card = await readyCard();
    expect(send(card, write('c401', 0, 'a0112233')).sw).toBe('9000');
    expect(send(card, write('c401', 4, '4455')).sw).toBe('9000');
    expect(send(card, write('c401', 9, '66')).sw).toBe('6b00');
    expect(send(card, read('c401', 0))).toEqual({ data: 'a01122334455', sw: '6282' });
    expect(send(card, read('c401', 2, '02'))).toEqual({ data: '2233', sw: '9000' });
    expect(send(card, read('c401', 7)).sw).toBe('6b00');
    expect(send(card, '00a4020402c401')).toEqual({
      data: '620b800200068201018302c401',
      sw: '9000',
    });
    expect(send(card, read('0000', 0)).data).toBe('a01122334455');
    send(card, generateEcApdu(1));
    expect(send(card, '80580000000000')).toEqual({ data: 'c401cc00cc01', sw: '9000' });
    expect(send(card, read('cc01', 0)).sw).toBe('6982');
    expect(send(card, read('ce01', 0)).sw).toBe('6a82');
    expect(send(card, write('cc01', 0, '00')).sw).toBe('6986');
    expect(send(card, '00e4020002c401').sw).toBe('9000');
    expect(send(card, '00e4020002c401').sw).toBe('6a82');
    expect(send(card, '00e4020002cc01').sw).toBe('9000');
    expect(send(card, '80580000000000').data).toBe('cc00');
    // The device key (CC00) stays: not deleted, not replaced, not readable.
    expect(send(card, '00e4020002cc00').sw).toBe('6986');
    expect(send(card, read('cc00', 0)).sw).toBe('6982');
    expect(send(card, '00a4080002cc00').sw).toBe('9000');
    expect(send(card, '00a40800045015494600').sw).toBe('6a82');
    expect(send(card, '00e4000002cc01').sw).toBe('6b00');
  });

  it('writing and deleting need the user PIN; reading a PRKD does not', async () => {
    const card = await readyCard();
    send(card, write('ce07', 0, '67007f21'));
    card.reset();
    expect(send(card, write('ce07', 0, '00')).sw).toBe('6982');
    expect(send(card, '00e4020002ce07').sw).toBe('6982');
    expect(send(card, read('ce07', 0)).data).toBe('67007f21');
    expect(hex(card.atr)).toHaveLength(48);
  });

  it('EF.C_DevAut (2F02): a device CVC OpenSC takes the serial from, kept across INITIALIZE', async () => {
    const card = await readyCard();
    const certificate = send(card, read('2f02', 0));
    expect(certificate.sw).toBe('6282');
    const cvc = readTlv(bytes(certificate.data), 0).tlv;
    expect(cvc.tag).toBe(0x7f21);
    const [body, signature] = parseTlvs(cvc.value);
    const fields = parseTlvs(body!.value);
    const chr = Buffer.from(findTlv(fields, 0x5f20)!).toString('ascii');
    expect(chr).toMatch(/^DESIM[0-9A-F]{5}00001$/);
    const point = findTlv(parseTlvs(findTlv(fields, 0x7f49)!), 0x86)!;
    const bodyBytes = cvc.value.subarray(0, readTlv(cvc.value, 0).next);
    expect(p256.verify(signature!.value, bodyBytes, point)).toBe(true);
    expect(send(card, write('2f02', 0, '00')).sw).toBe('6986');
    expect(send(card, '00e40200022f02').sw).toBe('6986');
    send(card, initializeApdu({}));
    expect(send(card, read('2f02', 0)).data).toBe(certificate.data);
    const other = await readyCard();
    expect(send(other, read('2f02', 0)).data).not.toBe(certificate.data);
  });
});
