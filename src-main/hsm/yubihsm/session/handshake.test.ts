import { describe, expect, it } from 'vitest';
import { deriveAuthenticationKeys } from '../crypto/password-keys';
import { cardCryptogram, deriveSessionKeys, hostCryptogram, scp03Kdf } from '../crypto/scp03';
import { YubiHsmDeviceError, YubiHsmProtocolError } from '../protocol/device-errors';
import {
  authenticateSessionRequest,
  createSessionRequest,
  parseCreateSessionResponse,
  releaseSessionRequest,
} from './handshake';
import { V1, V2, V4, fromHex, toHex } from './test-support/vectors';

describe('password keys (spec §3.1, vector V1)', () => {
  it('derives the factory key from "password"', async () => {
    const keys = await deriveAuthenticationKeys(V1.password);
    expect(toHex(keys.encryptionKey)).toBe(toHex(V1.encryptionKey));
    expect(toHex(keys.macKey)).toBe(toHex(V1.macKey));
  });

  it('derives from a non-ASCII password as UTF-8', async () => {
    const keys = await deriveAuthenticationKeys(new TextDecoder().decode(V1.utf8Password));
    expect(toHex(keys.encryptionKey)).toBe(toHex(V1.utf8EncryptionKey));
    expect(toHex(keys.macKey)).toBe(toHex(V1.utf8MacKey));
  });
});

describe('SCP03 KDF (spec §3.3, vector V4)', () => {
  it('reproduces python-yubihsm TestDeriveFct with an AES-256 key and 8-byte context', () => {
    expect(toHex(scp03Kdf(V4.key, V4.constant, V4.lengthBits, V4.context))).toBe(toHex(V4.output));
  });
});

describe('handshake frames (spec §3.2-3.4, vector V2)', () => {
  it('encodes CREATE SESSION for key 1 with a zero host challenge', () => {
    expect(toHex(createSessionRequest(1, V2.hostChallenge))).toBe(toHex(V2.createRequest));
  });

  it('parses the card greeting and derives the vector session keys and cryptograms', () => {
    const greeting = parseCreateSessionResponse(V2.createResponse);
    expect(greeting.sessionId).toBe(0);
    const context = new Uint8Array([...V2.hostChallenge, ...greeting.cardChallenge]);
    expect(toHex(context)).toBe(toHex(V2.context));
    const keys = deriveSessionKeys(V1.encryptionKey, V1.macKey, context);
    expect(toHex(keys.encryption)).toBe(toHex(V2.sessionEncryptionKey));
    expect(toHex(keys.mac)).toBe(toHex(V2.sessionMacKey));
    expect(toHex(keys.responseMac)).toBe(toHex(V2.sessionResponseMacKey));
    expect(toHex(cardCryptogram(keys.mac, context))).toBe(toHex(greeting.cardCryptogram));
    expect(toHex(hostCryptogram(keys.mac, context))).toBe(toHex(V2.hostCryptogram));
  });

  it('MACs AUTHENTICATE SESSION over a zero chain and keeps the full CMAC as the chain', () => {
    const request = authenticateSessionRequest(0, V2.hostCryptogram, V2.sessionMacKey);
    expect(toHex(request.frame)).toBe(toHex(V2.authenticateRequest));
    expect(toHex(request.chain)).toBe(toHex(V2.chainAfterAuthenticate));
  });

  it('builds a slot-release AUTHENTICATE from random bytes only', () => {
    const a = releaseSessionRequest(3);
    const b = releaseSessionRequest(3);
    expect(toHex(a.subarray(0, 4))).toBe('04001103');
    expect(a.length).toBe(20);
    expect(toHex(a)).not.toBe(toHex(b));
  });

  it('rejects a greeting of the wrong length or with an impossible session id', () => {
    expect(() =>
      parseCreateSessionResponse(fromHex('83 0010 00 054d5631c9186f80 3225ed8a3224f2')),
    ).toThrow(/CREATE SESSION: expected a 17-byte response/);
    expect(() =>
      parseCreateSessionResponse(fromHex('83 0011 10 054d5631c9186f80 3225ed8a3224f2cf')),
    ).toThrow(YubiHsmProtocolError);
    expect(() => parseCreateSessionResponse(fromHex('83 0011 00 054d5631'))).toThrow(
      /length field does not match/,
    );
  });

  it('turns an error frame into a device error naming CREATE SESSION', () => {
    try {
      parseCreateSessionResponse(fromHex('7f 0001 0b'));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(YubiHsmDeviceError);
      expect((error as YubiHsmDeviceError).errorName).toBe('OBJECT_NOT_FOUND');
      expect((error as Error).message).toMatch(/^CREATE SESSION failed with OBJECT_NOT_FOUND/);
    }
  });
});
