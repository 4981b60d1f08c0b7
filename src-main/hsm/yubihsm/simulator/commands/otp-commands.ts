// OTP AEAD key commands (spec §4.3): PUT / GENERATE OTP AEAD KEY, CREATE / RANDOMIZE / REWRAP
// OTP AEAD and DECRYPT OTP. Each needs the command's capability on the session and on the key
// (REWRAP: rewrap-from on the source key, rewrap-to on the target), as python-yubihsm's
// test_otp.py sets them up.

import type { CapabilityName } from '../../protocol/capabilities';
import { ObjectType } from '../../protocol/object-types';
import { findVisible, requireObjectCapability, requireSessionCapability } from '../authorization';
import { PayloadReader } from '../bytes';
import { Origin, type HsmObject } from '../hsm-object';
import {
  AEAD_LENGTH,
  NONCE_ID_LENGTH,
  OTP_LENGTH,
  decryptOtp as decryptToken,
  openOtpAead,
  otpAeadKeyBody,
  otpKeyLength,
  sealOtpAead,
} from '../otp-aead';
import type { CommandContext, CommandHandler } from './context';
import { checkNewObject, readCreation, storeCreated } from './creation';

export const putOtpAeadKey: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'put-otp-aead-key');
  const reader = new PayloadReader(context.payload);
  const request = readCreation(reader);
  const nonceId = reader.take(NONCE_ID_LENGTH);
  const body = otpAeadKeyBody(request.algorithm, nonceId, reader.rest());
  return storeCreated(context, request, ObjectType.OtpAeadKey, Origin.Imported, body);
};

export const generateOtpAeadKey: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'generate-otp-aead-key');
  const reader = new PayloadReader(context.payload);
  const request = readCreation(reader);
  const nonceId = reader.take(NONCE_ID_LENGTH);
  reader.end();
  checkNewObject(context, request, ObjectType.OtpAeadKey);
  const key = context.randomBytes(otpKeyLength(request.algorithm));
  const body = otpAeadKeyBody(request.algorithm, nonceId, key);
  key.fill(0);
  return storeCreated(context, request, ObjectType.OtpAeadKey, Origin.Generated, body);
};

function otpKey(context: CommandContext, id: number, capability: CapabilityName): HsmObject {
  const key = findVisible(context.state.store, context.rights, ObjectType.OtpAeadKey, id);
  requireObjectCapability(key, capability);
  return key;
}

/** CREATE OTP AEAD: id || credential key (16) || private id (6) -> AEAD (36). */
export const createOtpAead: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'create-otp-aead');
  const reader = new PayloadReader(context.payload);
  const id = reader.u16();
  context.target = id;
  const key = otpKey(context, id, 'create-otp-aead');
  const credential = reader.rest();
  return sealOtpAead(key.body, credential, context.randomBytes);
};

/** RANDOMIZE OTP AEAD: id -> an AEAD over 22 random bytes. */
export const randomizeOtpAead: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'randomize-otp-aead');
  const reader = new PayloadReader(context.payload);
  const id = reader.u16();
  reader.end();
  context.target = id;
  const key = otpKey(context, id, 'randomize-otp-aead');
  const credential = context.randomBytes(22);
  try {
    return sealOtpAead(key.body, credential, context.randomBytes);
  } finally {
    credential.fill(0);
  }
};

/** REWRAP OTP AEAD: from id || to id || AEAD -> the same credential under the second key. */
export const rewrapOtpAead: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'rewrap-from-otp-aead-key');
  requireSessionCapability(context.rights, 'rewrap-to-otp-aead-key');
  const reader = new PayloadReader(context.payload);
  const fromId = reader.u16();
  const toId = reader.u16();
  const aead = reader.take(AEAD_LENGTH);
  reader.end();
  context.target = fromId;
  context.second = toId;
  const from = otpKey(context, fromId, 'rewrap-from-otp-aead-key');
  const to = otpKey(context, toId, 'rewrap-to-otp-aead-key');
  const credential = openOtpAead(from.body, aead);
  try {
    return sealOtpAead(to.body, credential, context.randomBytes);
  } finally {
    credential.fill(0);
  }
};

/** DECRYPT OTP: id || AEAD (36) || OTP (16) -> counters (6). */
export const decryptOtp: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'decrypt-otp');
  const reader = new PayloadReader(context.payload);
  const id = reader.u16();
  context.target = id;
  const key = otpKey(context, id, 'decrypt-otp');
  const aead = reader.take(AEAD_LENGTH);
  const otp = reader.take(OTP_LENGTH);
  reader.end();
  const credential = openOtpAead(key.body, aead);
  try {
    return decryptToken(credential, otp);
  } finally {
    credential.fill(0);
  }
};
