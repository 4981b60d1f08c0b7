// Object types (spec §5.1), named as yubihsm-shell and yubihsm-setup's .yhw file names spell them.

export const ObjectType = {
  Opaque: 0x01,
  AuthenticationKey: 0x02,
  AsymmetricKey: 0x03,
  WrapKey: 0x04,
  HmacKey: 0x05,
  Template: 0x06,
  OtpAeadKey: 0x07,
  SymmetricKey: 0x08,
  PublicWrapKey: 0x09,
} as const;

export type ObjectTypeCode = (typeof ObjectType)[keyof typeof ObjectType];

const typeNames: Record<number, string> = {
  0x01: 'opaque',
  0x02: 'authentication-key',
  0x03: 'asymmetric-key',
  0x04: 'wrap-key',
  0x05: 'hmac-key',
  0x06: 'template',
  0x07: 'otp-aead-key',
  0x08: 'symmetric-key',
  0x09: 'public-wrap-key',
};

export function objectTypeName(type: number): string {
  return typeNames[type] ?? `type-0x${type.toString(16).padStart(2, '0')}`;
}

export function objectTypeFromName(name: string): ObjectTypeCode | undefined {
  const entry = Object.entries(typeNames).find(([, n]) => n === name.toLowerCase());
  return entry ? (Number(entry[0]) as ObjectTypeCode) : undefined;
}

export function isKnownObjectType(type: number): type is ObjectTypeCode {
  return type in typeNames;
}
