// Commands a device accepts outside a session (spec §4.1, §10.2): ECHO, DEVICE INFO, CREATE
// SESSION and AUTHENTICATE SESSION. SESSION MESSAGE has its own module. Each returns the
// response payload or throws a DeviceFailure; the caller frames and logs.

import { Algorithm } from '../protocol/algorithms';
import { DeviceErrorCode } from '../protocol/device-errors';
import { ObjectType } from '../protocol/object-types';
import { concatBytes } from '../protocol/bytes';
import { greetAsymmetric } from './asymmetric-authentication';
import { PayloadReader } from './bytes';
import { ecPublicKey } from './ec-keys';
import { DeviceFailure, refuse } from './device-failure';
import type { DeviceCore } from './device-core';
import { deviceInfo } from './device-info';
import { delegatedCapabilities, keyMaterial } from './hsm-object';
import { authenticate, greet } from './secure-channel';

export interface PlainOutcome {
  payload: Uint8Array;
  /** Object ids for the log entry. */
  target: number;
  second: number;
}

const NONE = 0xffff;
const CHALLENGE_LENGTH = 8;
const AUTHENTICATE_LENGTH = 17;

export function plainEcho(payload: Uint8Array): PlainOutcome {
  return { payload: payload.slice(), target: NONE, second: NONE };
}

export function plainDeviceInfo(core: DeviceCore, payload: Uint8Array): PlainOutcome {
  return {
    payload: deviceInfo(core.identity, core.state.log.used, payload),
    target: NONE,
    second: NONE,
  };
}

/** GET DEVICE PUBLIC KEY (spec §3.7): 49 || X || Y of the device's static P-256 key. */
export function devicePublicKey(core: DeviceCore, payload: Uint8Array): PlainOutcome {
  if (payload.length !== 0) refuse.wrongLength();
  return {
    payload: concatBytes(
      Uint8Array.of(Algorithm.EcP256YubicoAuthentication),
      ecPublicKey(Algorithm.EcP256, core.state.device.authenticationKey),
    ),
    target: NONE,
    second: NONE,
  };
}

/**
 * CREATE SESSION (spec §3.2): auth key id (2) || host challenge (8), or (spec §3.7) the host's
 * 65-byte ephemeral P-256 key for an ecp256-yubico-authentication key. Unknown key ->
 * OBJECT_NOT_FOUND; a challenge that does not suit the key -> INVALID_DATA; 16 slots taken ->
 * SESSIONS_FULL.
 */
export function createSession(
  core: DeviceCore,
  payload: Uint8Array,
  note: (target: number) => void,
): PlainOutcome {
  const reader = new PayloadReader(payload);
  const keyId = reader.u16();
  note(keyId);
  const hostChallenge = reader.rest();
  const authKey =
    core.state.store.find(ObjectType.AuthenticationKey, keyId) ?? refuse.objectNotFound();
  const key = keyMaterial(authKey);
  const rights = {
    authKeyId: keyId,
    capabilities: authKey.capabilities,
    delegated: delegatedCapabilities(authKey),
    domains: authKey.domains,
  };
  if (authKey.algorithm === Algorithm.EcP256YubicoAuthentication) {
    const asymmetric = greetAsymmetric(
      core.sessions,
      rights,
      core.state.device.authenticationKey,
      key,
      hostChallenge,
      core.randomBytes,
    );
    if (!asymmetric) throw new DeviceFailure(DeviceErrorCode.SESSIONS_FULL);
    return { payload: asymmetric.response, target: keyId, second: NONE };
  }
  if (hostChallenge.length !== CHALLENGE_LENGTH) refuse.invalidData();
  const greeting = greet(
    core.sessions,
    rights,
    { encryptionKey: key.subarray(0, 16), macKey: key.subarray(16, 32) },
    hostChallenge.slice(),
    core.randomBytes(CHALLENGE_LENGTH),
  );
  if (!greeting) throw new DeviceFailure(DeviceErrorCode.SESSIONS_FULL);
  return { payload: greeting.response, target: keyId, second: NONE };
}

/**
 * AUTHENTICATE SESSION (spec §3.4): S || host cryptogram || MAC. A wrong cryptogram or MAC is
 * AUTHENTICATION_FAILED and frees the half-open slot (libyubihsm relies on that).
 */
export function authenticateSession(
  core: DeviceCore,
  payload: Uint8Array,
  note: (target: number) => void,
): PlainOutcome {
  if (payload.length !== AUTHENTICATE_LENGTH) refuse.wrongLength();
  const session = core.sessions.live(payload[0]!);
  if (!session || session.authenticated) throw new DeviceFailure(DeviceErrorCode.INVALID_SESSION);
  note(session.rights.authKeyId);
  if (!authenticate(session, payload)) {
    core.sessions.release(session);
    throw new DeviceFailure(DeviceErrorCode.AUTHENTICATION_FAILED);
  }
  core.sessions.touch(session);
  return { payload: new Uint8Array(0), target: session.rights.authKeyId, second: NONE };
}
