// Attestation on a real simulator: keys the device generated are attested by its factory
// attestation key, each certificate checked with node:crypto against the device certificate
// (GET OPAQUE 0) and the key's public key; an imported key is not attested; a certificate for
// another key fails; a session whose key lacks the capabilities says attestation was not
// available instead of failing the verification.

import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inSession } from '../../hsm/yubihsm/client/test-support/in-session';
import { Algorithm } from '../../hsm/yubihsm/protocol/algorithms';
import { capabilities } from '../../hsm/yubihsm/protocol/capabilities';
import { SimulatedYubiHsm } from '../../hsm/yubihsm/simulator/simulated-yubihsm';
import { SimulatorTransport } from '../../hsm/yubihsm/transport/simulator-transport';
import { readInventory } from '../common/objects';
import { attestGeneratedKeys, generatedOnDevice } from './attestation-check';

async function deviceWithKeys(): Promise<SimulatedYubiHsm> {
  const device = await SimulatedYubiHsm.create({ serial: 7_550_042 });
  await inSession(new SimulatorTransport(device), 1, 'password', async (session) => {
    const sign = capabilities('sign-ecdsa', 'exportable-under-wrap');
    await session.generateAsymmetricKey({
      id: 0x10,
      label: 'EC signing',
      domains: 1,
      capabilities: sign,
      algorithm: Algorithm.EcP256,
    });
    await session.generateAsymmetricKey({
      id: 0x11,
      label: 'RSA signing',
      domains: 1,
      capabilities: capabilities('sign-pkcs'),
      algorithm: Algorithm.Rsa2048,
    });
    await session.putAuthenticationKey({
      id: 0x20,
      label: 'Plain app key',
      domains: 1,
      capabilities: capabilities('sign-ecdsa', 'sign-pkcs'),
      delegatedCapabilities: 0n,
      credential: { password: 'plain app key' },
    });
  });
  return device;
}

describe('attesting the keys a device generated', () => {
  it("attests each generated key with the device's attestation key, and records the certificates", async () => {
    const device = await deviceWithKeys();
    const result = await inSession(
      new SimulatorTransport(device),
      1,
      'password',
      async (session) => {
        const objects = (await readInventory(session)).map((o) => o.record);
        expect(objects.filter(generatedOnDevice).map((o) => o.id)).toEqual([0x10, 0x11]);
        return attestGeneratedKeys(session, objects, 1);
      },
    );
    expect(result.available).toBe(true);
    expect(result.deviceCertificate).toMatchObject({ selfSigned: true });
    expect(result.keys.map((k) => [k.objectId, k.status])).toEqual([
      [0x10, 'attested'],
      [0x11, 'attested'],
    ]);
    // Each certificate, checked again here: issued by the device certificate, for the key.
    const deviceCertificate = await inSession(new SimulatorTransport(device), 1, 'password', (s) =>
      s.getDeviceAttestationCertificate(),
    );
    const issuer = new X509Certificate(Buffer.from(deviceCertificate));
    for (const key of result.keys) {
      const certificate = new X509Certificate(Buffer.from(key.certificate!, 'base64'));
      expect(certificate.verify(issuer.publicKey)).toBe(true);
      expect(certificate.subject).toContain(`0x${key.objectId.toString(16).padStart(4, '0')}`);
    }
  });

  it('fails a key whose certificate is for another public key than the one read', async () => {
    const device = await deviceWithKeys();
    // Another P-256 key's public point, as if the record had been altered.
    const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
      format: 'jwk',
    });
    const otherPoint = Buffer.concat([
      Buffer.from(jwk.x!, 'base64url'),
      Buffer.from(jwk.y!, 'base64url'),
    ]).toString('hex');
    const result = await inSession(
      new SimulatorTransport(device),
      1,
      'password',
      async (session) => {
        const objects = (await readInventory(session)).map((o) => o.record);
        const ec = objects.find((o) => o.id === 0x10 && o.type === 'asymmetric-key')!;
        return attestGeneratedKeys(session, [{ ...ec, publicKey: otherPoint }], 1);
      },
    );
    expect(result.keys).toEqual([
      {
        objectId: 0x10,
        algorithm: 'ecp256',
        status: 'failed',
        detail: 'The certificate is for another public key than this key has.',
        certificate: expect.any(String),
      },
    ]);
  });

  it('says attestation was not available when the verifying key lacks the capabilities', async () => {
    const device = await deviceWithKeys();
    const objects = await inSession(new SimulatorTransport(device), 1, 'password', async (s) =>
      (await readInventory(s)).map((o) => o.record),
    );
    const result = await inSession(new SimulatorTransport(device), 0x20, 'plain app key', (s) =>
      attestGeneratedKeys(s, objects, 0x20),
    );
    expect(result).toEqual({
      available: false,
      reason:
        'Attestation was not available: the authentication key 0x0020 used for the verification lacks the get-opaque capability, so the device would not give its attestation certificate (GET OPAQUE 0). Verify with a key that has get-opaque and sign-attestation-certificate to add it.',
      keys: [],
    });
  });
});
