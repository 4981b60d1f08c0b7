// Inner commands the simulated device executes inside a SESSION MESSAGE (spec §4.1). A code
// missing here is answered with INVALID_COMMAND, as for any command the device does not know.

import { Command } from '../../protocol/commands';
import {
  decryptOaepCommand,
  decryptPkcs1Command,
  deriveEcdhCommand,
  generateAsymmetricKey,
  getPublicKey,
  putAsymmetricKey,
  signEcdsaCommand,
  signEddsaCommand,
  signPkcs1,
  signPss,
} from './asymmetric-commands';
import { signAttestationCertificate } from './attestation-commands';
import {
  createOtpAead,
  decryptOtp,
  generateOtpAeadKey,
  putOtpAeadKey,
  randomizeOtpAead,
  rewrapOtpAead,
} from './otp-commands';
import { getLogEntries, getOption, setLogIndex, setOption } from './audit-commands';
import { changeAuthenticationKey, putAuthenticationKey } from './authentication-key-commands';
import type { CommandHandler } from './context';
import {
  blinkDevice,
  closeSession,
  echo,
  getDeviceInfo,
  getPseudoRandom,
  getStorageInfo,
  resetDevice,
} from './device-commands';
import { generateHmacKey, putHmacKey, signHmacCommand, verifyHmacCommand } from './hmac-commands';
import { deleteObject, getObjectInfo, listObjects } from './object-commands';
import { getOpaque, putOpaque } from './opaque-commands';
import {
  decryptCbc,
  decryptEcb,
  encryptCbc,
  encryptEcb,
  generateSymmetricKey,
  putSymmetricKey,
} from './symmetric-commands';
import {
  exportRsaWrapped,
  getRsaWrappedKey,
  importRsaWrapped,
  putRsaWrappedKey,
} from './rsa-wrap-commands';
import { generateWrapKey, putPublicWrapKey, putWrapKey } from './wrap-key-commands';
import { exportWrapped, importWrapped, unwrapData, wrapData } from './wrapped-commands';

export const INNER_COMMANDS: ReadonlyMap<number, CommandHandler> = new Map<number, CommandHandler>([
  [Command.Echo, echo],
  [Command.DeviceInfo, getDeviceInfo],
  [Command.ResetDevice, resetDevice],
  [Command.CloseSession, closeSession],
  [Command.GetStorageInfo, getStorageInfo],
  [Command.PutOpaque, putOpaque],
  [Command.GetOpaque, getOpaque],
  [Command.PutAuthenticationKey, putAuthenticationKey],
  [Command.PutAsymmetricKey, putAsymmetricKey],
  [Command.GenerateAsymmetricKey, generateAsymmetricKey],
  [Command.SignPkcs1, signPkcs1],
  [Command.ListObjects, listObjects],
  [Command.DecryptPkcs1, decryptPkcs1Command],
  [Command.ExportWrapped, exportWrapped],
  [Command.ImportWrapped, importWrapped],
  [Command.PutWrapKey, putWrapKey],
  [Command.GetLogEntries, getLogEntries],
  [Command.GetObjectInfo, getObjectInfo],
  [Command.SetOption, setOption],
  [Command.GetOption, getOption],
  [Command.GetPseudoRandom, getPseudoRandom],
  [Command.PutHmacKey, putHmacKey],
  [Command.SignHmac, signHmacCommand],
  [Command.GetPublicKey, getPublicKey],
  [Command.SignPss, signPss],
  [Command.SignEcdsa, signEcdsaCommand],
  [Command.DeriveEcdh, deriveEcdhCommand],
  [Command.DeleteObject, deleteObject],
  [Command.DecryptOaep, decryptOaepCommand],
  [Command.GenerateHmacKey, generateHmacKey],
  [Command.GenerateWrapKey, generateWrapKey],
  [Command.VerifyHmac, verifyHmacCommand],
  [Command.SetLogIndex, setLogIndex],
  [Command.WrapData, wrapData],
  [Command.UnwrapData, unwrapData],
  [Command.SignEddsa, signEddsaCommand],
  [Command.BlinkDevice, blinkDevice],
  [Command.ChangeAuthenticationKey, changeAuthenticationKey],
  [Command.PutSymmetricKey, putSymmetricKey],
  [Command.GenerateSymmetricKey, generateSymmetricKey],
  [Command.DecryptEcb, decryptEcb],
  [Command.EncryptEcb, encryptEcb],
  [Command.DecryptCbc, decryptCbc],
  [Command.EncryptCbc, encryptCbc],
  [Command.SignAttestationCertificate, signAttestationCertificate],
  [Command.PutOtpAeadKey, putOtpAeadKey],
  [Command.GenerateOtpAeadKey, generateOtpAeadKey],
  [Command.CreateOtpAead, createOtpAead],
  [Command.RandomizeOtpAead, randomizeOtpAead],
  [Command.RewrapOtpAead, rewrapOtpAead],
  [Command.DecryptOtp, decryptOtp],
  [Command.PutPublicWrapKey, putPublicWrapKey],
  [Command.GetRsaWrappedKey, getRsaWrappedKey],
  [Command.PutRsaWrappedKey, putRsaWrappedKey],
  [Command.ExportRsaWrapped, exportRsaWrapped],
  [Command.ImportRsaWrapped, importRsaWrapped],
]);
