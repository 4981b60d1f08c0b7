// The client against the simulated card in this process: the DKEK ceremony's device steps.

import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { combineShares, dkekCheckValue } from '../protocol/dkek-keys';
import { buildWrappedKey, KeyAlgorithmOid, WrappedKeyType } from '../protocol/wrapped-key';
import { SimulatedSmartCardHsm } from '../simulator/simulated-smartcard-hsm';
import type { CardFlavour } from '../simulator/card-state';
import { SimulatorCardTransport } from '../transport/simulator-transport';
import type { CardTransport } from '../transport/card-transport';
import { SmartCardHsmClient, SmartCardHsmClientError, SmartCardHsmStatusError } from './index';

const SO_PIN = '3537363231383830';
const PIN = '648219';
const shareA = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);
const shareB = Uint8Array.from({ length: 32 }, (_, i) => 255 - i * 3);

/** Records every instruction byte sent, to show what did (not) reach the card. */
class RecordingTransport implements CardTransport {
  readonly sent: number[] = [];
  constructor(private readonly inner: CardTransport) {}
  get description() {
    return this.inner.description;
  }
  transmit(apdu: Uint8Array) {
    this.sent.push(apdu[1]!);
    return this.inner.transmit(apdu);
  }
  close() {
    return this.inner.close();
  }
}

async function device(flavour: CardFlavour = 'smartcard-hsm') {
  const card = await SimulatedSmartCardHsm.open({ flavour });
  const transport = new RecordingTransport(
    new SimulatorCardTransport(card, `simulated ${flavour}`),
  );
  const client = new SmartCardHsmClient(transport);
  await client.select();
  return { card, transport, client };
}

async function domainDevice(shares: Uint8Array[], flavour: CardFlavour = 'smartcard-hsm') {
  const d = await device(flavour);
  await d.client.initialize({ userPin: PIN, soPin: SO_PIN, dkekShares: shares.length });
  for (const share of shares) await d.client.importDkekShare(share);
  await d.client.verifyPin(PIN);
  return d;
}

describe('SmartCardHsmClient against the simulated card', () => {
  it('SELECT reads the version from the FCP; another card is named as such', async () => {
    const { client } = await device();
    expect(await client.select()).toEqual({
      name: 'SmartCard-HSM version 3.5',
      version: { major: 3, minor: 5 },
      options: 1,
    });
    const otherCard = {
      atr: new Uint8Array(0),
      reset() {},
      transmit: () => Uint8Array.of(0x6a, 0x82),
    };
    const other = new SmartCardHsmClient(
      new SimulatorCardTransport(otherCard, 'Virtual PCD 00 00'),
    );
    await expect(other.select()).rejects.toThrow(
      'The card in Virtual PCD 00 00 has no SmartCard-HSM application',
    );
  });

  it('initialise for 2 shares, import both: the KCV is the XOR of the shares computed off the device', async () => {
    const { client } = await device();
    await client.initialize({ userPin: PIN, soPin: SO_PIN, dkekShares: 2 });
    expect(await client.dkekStatus()).toEqual({
      state: 'pending',
      total: 2,
      outstanding: 2,
      imported: 0,
    });
    expect(await client.importDkekShare(shareA)).toMatchObject({
      state: 'pending',
      outstanding: 1,
    });
    const status = await client.importDkekShare(shareB);
    expect(status).toEqual({
      state: 'complete',
      total: 2,
      kcv: dkekCheckValue(combineShares([shareA, shareB])),
      sameShareTwice: false,
    });
    await expect(client.importDkekShare(shareA)).rejects.toMatchObject({
      sw: 0x6986,
      message: expect.stringMatching(/already imported/),
    });
  });

  it('the same share twice: the device accepts it, the client names it (66687AADF862BD77)', async () => {
    const { client } = await device();
    await client.initialize({ userPin: PIN, soPin: SO_PIN, dkekShares: 2 });
    await client.importDkekShare(shareA);
    expect(await client.importDkekShare(shareA)).toEqual({
      state: 'complete',
      total: 2,
      kcv: '66687AADF862BD77',
      sameShareTwice: true,
    });
  });

  it('no DKEK: status says so; GET CHALLENGE gives the bytes asked for', async () => {
    const { client } = await device();
    await client.initialize({ userPin: PIN, soPin: SO_PIN });
    expect(await client.dkekStatus()).toEqual({ state: 'no-dkek' });
    expect(await client.getChallenge(8)).toHaveLength(8);
    await expect(client.importDkekShare(new Uint8Array(31))).rejects.toThrow(/32 bytes, not 31/);
  });

  it('wrap on device A, unwrap on device B of the same domain (one APDU and staged), sign there', async () => {
    const a = await domainDevice([shareA, shareB]);
    const { publicKey } = await a.client.generateKeyPair(1, {
      algorithm: 'ec-p256',
      label: 'root',
    });
    expect(await a.client.listKeys()).toEqual([
      { keyReference: 1, hasDescription: true, hasCertificate: true, label: 'root' },
    ]);
    const wrapFile = await a.client.exportKey(1);
    const b = await domainDevice([shareB, shareA]);
    await b.client.importKey(7, wrapFile);
    // A staging file an interrupted unwrap left behind, longer than the blob, is replaced.
    await b.client.writeFile(0x2f10, new Uint8Array(2000).fill(0xee));
    await b.client.unwrapKey(8, await a.client.wrapKey(1), { staged: true });
    expect(await b.client.fileExists(0x2f10)).toBe(false);
    expect((await b.client.listKeys()).map((key) => [key.keyReference, key.label])).toEqual([
      [7, 'root'],
      [8, undefined],
    ]);
    const challenge = await b.client.getChallenge(32);
    const key = createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: Buffer.from(publicKey.subarray(1, 33)).toString('base64url'),
        y: Buffer.from(publicKey.subarray(33)).toString('base64url'),
      },
      format: 'jwk',
    });
    for (const ref of [7, 8]) {
      const signature = await b.client.sign(ref, challenge, 'ecdsa-sha256');
      expect(verify('sha256', challenge, key, signature)).toBe(true);
    }
    await expect(b.client.unwrapKey(7, await a.client.wrapKey(1))).rejects.toMatchObject({
      code: 'key-reference-taken',
    });
  });

  it('an RSA-2048 key crosses devices and signs PKCS#1 v1.5 SHA-256', async () => {
    const a = await domainDevice([shareA]);
    const { publicKey } = await a.client.generateKeyPair(2, {
      algorithm: 'rsa-2048',
      label: 'rsa',
    });
    const blob = await a.client.wrapKey(2);
    expect(blob.length).toBeGreaterThan(256);
    const b = await domainDevice([shareA]);
    await b.client.unwrapKey(2, blob);
    const message = new Uint8Array(Buffer.from('verify ceremony challenge'));
    const signature = await b.client.sign(2, message, 'rsa-pkcs1-sha256');
    const key = createPublicKey({
      key: { kty: 'RSA', n: Buffer.from(publicKey).toString('base64url'), e: 'AQAB' },
      format: 'jwk',
    });
    expect(verify('sha256', message, key, signature)).toBe(true);
  });

  it('a blob from another domain is named before the device is asked to unwrap it', async () => {
    const a = await domainDevice([shareA, shareB]);
    await a.client.generateKeyPair(1, { algorithm: 'ec-p256', label: 'k' });
    const blob = await a.client.wrapKey(1);
    const other = await domainDevice([shareA, new Uint8Array(32).fill(9)]);
    other.transport.sent.length = 0;
    const refusal = other.client.unwrapKey(1, blob);
    await expect(refusal).rejects.toBeInstanceOf(SmartCardHsmClientError);
    await expect(other.client.unwrapKey(1, blob)).rejects.toMatchObject({
      code: 'other-domain',
      message: expect.stringMatching(
        new RegExp(
          `check value ${dkekCheckValue(combineShares([shareA, shareB]))}.*another security domain`,
        ),
      ),
    });
    expect(other.transport.sent).not.toContain(0x74);
    // Sent anyway, the device refuses it as a SmartCard-HSM does (6A80).
    const raw = await other.client.exchange({ cla: 0x80, ins: 0x74, p1: 1, p2: 0x93, data: blob });
    expect(raw.sw).toBe(0x6a80);
    expect(await other.client.listKeys()).toEqual([]);
  });

  it('a wrong SO-PIN with retries left refuses re-initialisation and changes nothing', async () => {
    const a = await domainDevice([shareA]);
    await a.client.generateKeyPair(1, { algorithm: 'ec-p256', label: 'kept' });
    const error = await a.client
      .initialize({ userPin: PIN, soPin: '0000000000000000', dkekShares: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmartCardHsmStatusError);
    expect(error).toMatchObject({ swName: 'WRONG_PIN', triesLeft: 14 });
    expect((error as Error).message).toMatch(/^INITIALIZE DEVICE: wrong SO-PIN: 14 tries are left/);
    await a.client.verifyPin(PIN);
    expect((await a.client.listKeys()).map((key) => key.label)).toEqual(['kept']);
    expect(await a.client.dkekStatus()).toMatchObject({ state: 'complete' });
    await expect(a.client.verifySoPin('0000000000000001')).rejects.toMatchObject({ triesLeft: 13 });
    await a.client.verifySoPin(SO_PIN);
  });

  it('a blocked PIN: tries count down to 6983 and the right PIN no longer opens it', async () => {
    const { client } = await device();
    await client.initialize({ userPin: PIN, soPin: SO_PIN, userPinRetries: 2, dkekShares: 0 });
    expect(await client.pinStatus()).toEqual({ verified: false, blocked: false, triesLeft: 2 });
    await expect(client.verifyPin('000000')).rejects.toMatchObject({ triesLeft: 1 });
    await expect(client.verifyPin('000000')).rejects.toMatchObject({ triesLeft: 0 });
    await expect(client.verifyPin(PIN)).rejects.toMatchObject({
      swName: 'AUTHENTICATION_BLOCKED',
      message: expect.stringMatching(/PIN is blocked/),
    });
    expect(await client.pinStatus()).toEqual({ verified: false, blocked: true, triesLeft: 0 });
    // The security officer unblocks it: a wrong SO-PIN counts down, the right one sets a new PIN.
    await expect(client.unblockPin('0000000000000000', '111111')).rejects.toMatchObject({
      triesLeft: 14,
      message: expect.stringMatching(/wrong SO-PIN/),
    });
    await client.unblockPin(SO_PIN, '111111');
    await expect(client.verifyPin(PIN)).rejects.toMatchObject({ triesLeft: 1 });
    await client.verifyPin('111111');
    await client.unblockPin(SO_PIN);
    expect(await client.pinStatus()).toEqual({ verified: false, blocked: false, triesLeft: 2 });
    await client.verifyPin('111111');
  });

  it('wrapping without the user PIN is refused with 6982 and a sentence', async () => {
    const a = await domainDevice([shareA]);
    await a.client.generateKeyPair(1, { algorithm: 'ec-p256', label: 'k' });
    await a.client.select();
    await expect(a.client.wrapKey(1)).rejects.toThrow(
      'WRAP KEY: the device needs the user PIN for this; enter the PIN and try again (status 6982)',
    );
    await expect(a.client.wrapKey(0)).rejects.toMatchObject({ code: 'key-reference-invalid' });
  });

  it('Pico HSM: the KCV is hidden without a PIN, explained, and shown after VERIFY', async () => {
    const pico = await domainDevice([shareA, shareB], 'pico-hsm');
    await pico.client.select();
    const hidden = await pico.client.dkekStatus();
    expect(hidden.state).toBe('complete-kcv-hidden');
    expect(JSON.stringify(hidden)).not.toMatch(/0000000000000000/);
    expect(await pico.client.dkekStatus({ pin: PIN })).toMatchObject({
      state: 'complete',
      kcv: dkekCheckValue(combineShares([shareA, shareB])),
    });
    // Unwrap with the KCV recorded for the domain, even while the device hides its own.
    const dkek = combineShares([shareA, shareB]);
    const blob = buildWrappedKey(
      dkek,
      {
        keyType: WrappedKeyType.AES,
        algorithmOid: KeyAlgorithmOid.AES,
        allowedAlgorithms: new Uint8Array(0),
        keySize: 32,
        fields: [new Uint8Array(32).fill(5)],
      },
      new Uint8Array(8),
    );
    await pico.client.select();
    await expect(pico.client.unwrapKey(3, blob)).rejects.toMatchObject({ code: 'dkek-kcv-hidden' });
    await expect(pico.client.unwrapKey(3, blob, { expectedKcv: 'zz' })).rejects.toMatchObject({
      code: 'bad-input',
    });
    // Held against the recorded KCV while the device hides its own: a wrong record is named.
    await expect(
      pico.client.unwrapKey(3, blob, { expectedKcv: '0123456789ABCDEF' }),
    ).rejects.toMatchObject({ code: 'other-domain' });
    await pico.client.verifyPin(PIN);
    await pico.client.unwrapKey(3, blob);
    expect((await pico.client.listKeys()).map((key) => key.keyReference)).toEqual([3]);
  });

  it('a card removed mid-step fails with a sentence; put back, its PIN state is gone', async () => {
    const card = await SimulatedSmartCardHsm.open();
    const transport = new SimulatorCardTransport(card, 'simulated SmartCard-HSM (primary)');
    const client = new SmartCardHsmClient(transport);
    await client.initialize({ userPin: PIN, soPin: SO_PIN, dkekShares: 1 });
    await client.verifyPin(PIN);
    transport.remove();
    await expect(client.importDkekShare(shareA)).rejects.toThrow(
      'the card was removed: the simulated SmartCard-HSM (primary) is not in the reader; insert the card and try the step again',
    );
    transport.insert();
    expect(await client.pinStatus()).toMatchObject({ verified: false, triesLeft: 3 });
    expect(await client.dkekStatus()).toMatchObject({ state: 'pending', outstanding: 1 });
    await transport.close();
    await expect(client.dkekStatus()).rejects.toThrow(/is closed/);
  });
});
