// Proving signing keys against a real simulated YubiHSM 2 for every curve it has, RSA with PSS
// only, and Ed25519: the device signs, node:crypto verifies with the public key read back —
// brainpool curves included, which only the hand-built SubjectPublicKeyInfo can name.

import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YubiHsmClient } from '../../hsm/yubihsm/client/yubihsm-client';
import type { YubiHsmSession } from '../../hsm/yubihsm/client/yubihsm-session';
import { Algorithm, algorithmName } from '../../hsm/yubihsm/protocol/algorithms';
import { capabilities, capabilityNames } from '../../hsm/yubihsm/protocol/capabilities';
import { SimulatedYubiHsm } from '../../hsm/yubihsm/simulator/simulated-yubihsm';
import { SimulatorTransport } from '../../hsm/yubihsm/transport/simulator-transport';
import { publicKeyObject } from './public-keys';
import { proveSigningKey } from './signature-proof';

let client: YubiHsmClient;
let session: YubiHsmSession;

beforeAll(async () => {
  client = new YubiHsmClient(
    new SimulatorTransport(await SimulatedYubiHsm.create({ serial: 1234567 })),
  );
  session = await client.openSession(1, { password: 'password' });
});
afterAll(async () => client.close());

async function key(
  algorithm: number,
  caps: bigint,
): Promise<{ id: number; algorithm: string; capabilityNames: string[]; publicKey: string }> {
  const id = await session.generateAsymmetricKey({
    id: 0,
    label: algorithmName(algorithm),
    domains: 1,
    capabilities: caps,
    algorithm,
  });
  const publicKey = Buffer.from((await session.getPublicKey(id)).key).toString('hex');
  return {
    id,
    algorithm: algorithmName(algorithm),
    capabilityNames: capabilityNames(caps),
    publicKey,
  };
}

describe('proving a signing key on the device', () => {
  const curves = [
    Algorithm.EcP256,
    Algorithm.EcP384,
    Algorithm.EcP521,
    Algorithm.EcK256,
    Algorithm.EcBp256,
    Algorithm.EcBp384,
    Algorithm.EcBp512,
  ];
  for (const curve of curves) {
    it(`verifies ECDSA on ${algorithmName(curve)}`, async () => {
      const k = await key(curve, capabilities('sign-ecdsa'));
      expect(await proveSigningKey(session, k, k.publicKey)).toMatchObject({
        status: 'verified',
        algorithm: algorithmName(curve),
      });
    });
  }

  it('verifies Ed25519 and RSA with PSS when PKCS#1 v1.5 is not allowed', async () => {
    const ed = await key(Algorithm.Ed25519, capabilities('sign-eddsa'));
    expect((await proveSigningKey(session, ed, ed.publicKey)).status).toBe('verified');
    const rsa = await key(Algorithm.Rsa2048, capabilities('sign-pss'));
    expect(await proveSigningKey(session, rsa, rsa.publicKey)).toMatchObject({
      status: 'verified',
      detail: expect.stringMatching(/^RSA-PSS with SHA-256/),
    });
  });

  it("fails a key whose signature the primary's public key does not verify, and skips keys that cannot sign", async () => {
    const a = await key(Algorithm.EcP256, capabilities('sign-ecdsa'));
    const b = await key(Algorithm.EcP256, capabilities('sign-ecdsa'));
    expect(await proveSigningKey(session, a, b.publicKey)).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/the clone holds a different key/),
    });
    const ecdh = await key(Algorithm.EcP256, capabilities('derive-ecdh'));
    expect((await proveSigningKey(session, ecdh, ecdh.publicKey)).status).toBe('not-checked');
    expect((await proveSigningKey(session, a, undefined)).detail).toMatch(
      /public key for this object was not recorded/,
    );
  });

  it('reads node-made public keys of every curve, and refuses wrong lengths', () => {
    const curves = [
      ['ecp224', 'secp224r1', 28],
      ['ecp256', 'prime256v1', 32],
      ['ecp384', 'secp384r1', 48],
      ['ecp521', 'secp521r1', 66],
      ['eck256', 'secp256k1', 32],
      ['ecbp256', 'brainpoolP256r1', 32],
      ['ecbp384', 'brainpoolP384r1', 48],
      ['ecbp512', 'brainpoolP512r1', 64],
    ] as const;
    for (const [algorithm, namedCurve, width] of curves) {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve });
      // The uncompressed point ends the SubjectPublicKeyInfo: 04 || X || Y.
      const spki = publicKey.export({ format: 'der', type: 'spki' });
      const bytes = spki.subarray(spki.length - 2 * width);
      expect(spki[spki.length - 2 * width - 1]).toBe(0x04);
      expect(publicKeyObject(algorithm, bytes).equals(publicKey)).toBe(true);
    }
    expect(() => publicKeyObject('ecp256', new Uint8Array(63))).toThrow(
      'an ecp256 public key is 64 bytes (X || Y), not 63',
    );
    expect(() => publicKeyObject('aes128', new Uint8Array(16))).toThrow(
      /not an asymmetric key algorithm/,
    );
  });
});
