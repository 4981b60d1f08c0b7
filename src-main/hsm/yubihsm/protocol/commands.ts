// Command codes of the YubiHSM 2 (spec/yubihsm2-protocol.md §4.1). A success response carries
// the request code OR 0x80; 0x7F is the error response.

export const Command = {
  Echo: 0x01,
  CreateSession: 0x03,
  AuthenticateSession: 0x04,
  SessionMessage: 0x05,
  DeviceInfo: 0x06,
  ResetDevice: 0x08,
  GetDevicePublicKey: 0x0a,
  CloseSession: 0x40,
  GetStorageInfo: 0x41,
  PutOpaque: 0x42,
  GetOpaque: 0x43,
  PutAuthenticationKey: 0x44,
  PutAsymmetricKey: 0x45,
  GenerateAsymmetricKey: 0x46,
  SignPkcs1: 0x47,
  ListObjects: 0x48,
  DecryptPkcs1: 0x49,
  ExportWrapped: 0x4a,
  ImportWrapped: 0x4b,
  PutWrapKey: 0x4c,
  GetLogEntries: 0x4d,
  GetObjectInfo: 0x4e,
  SetOption: 0x4f,
  GetOption: 0x50,
  GetPseudoRandom: 0x51,
  PutHmacKey: 0x52,
  SignHmac: 0x53,
  GetPublicKey: 0x54,
  SignPss: 0x55,
  SignEcdsa: 0x56,
  DeriveEcdh: 0x57,
  DeleteObject: 0x58,
  DecryptOaep: 0x59,
  GenerateHmacKey: 0x5a,
  GenerateWrapKey: 0x5b,
  VerifyHmac: 0x5c,
  SignSshCertificate: 0x5d,
  PutTemplate: 0x5e,
  GetTemplate: 0x5f,
  DecryptOtp: 0x60,
  CreateOtpAead: 0x61,
  RandomizeOtpAead: 0x62,
  RewrapOtpAead: 0x63,
  SignAttestationCertificate: 0x64,
  PutOtpAeadKey: 0x65,
  GenerateOtpAeadKey: 0x66,
  SetLogIndex: 0x67,
  WrapData: 0x68,
  UnwrapData: 0x69,
  SignEddsa: 0x6a,
  BlinkDevice: 0x6b,
  ChangeAuthenticationKey: 0x6c,
  PutSymmetricKey: 0x6d,
  GenerateSymmetricKey: 0x6e,
  DecryptEcb: 0x6f,
  EncryptEcb: 0x70,
  DecryptCbc: 0x71,
  EncryptCbc: 0x72,
  PutPublicWrapKey: 0x73,
  GetRsaWrappedKey: 0x74,
  PutRsaWrappedKey: 0x75,
  ExportRsaWrapped: 0x76,
  ImportRsaWrapped: 0x77,
  Error: 0x7f,
} as const;

export type CommandCode = (typeof Command)[keyof typeof Command];

const namesByCode = new Map<number, string>(
  Object.entries(Command).map(([name, code]) => [
    code,
    name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toUpperCase(),
  ]),
);

/** The spec's name for a command code, e.g. 0x4a -> "EXPORT WRAPPED"; unknown codes as hex. */
export function commandName(code: number): string {
  return namesByCode.get(code) ?? `COMMAND 0x${code.toString(16).padStart(2, '0')}`;
}

/** Commands a device accepts outside a session (§4.1, §10.2). */
export const PLAIN_COMMANDS: ReadonlySet<number> = new Set([
  Command.Echo,
  Command.CreateSession,
  Command.AuthenticateSession,
  Command.SessionMessage,
  Command.DeviceInfo,
  Command.GetDevicePublicKey,
]);

export function responseCodeFor(command: number): number {
  return (command | 0x80) & 0xff;
}
