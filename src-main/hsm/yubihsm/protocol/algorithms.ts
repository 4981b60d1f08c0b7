// Algorithm codes (spec §5.2), named as yubihsm-shell prints them.

const names = [
  '', 'rsa-pkcs1-sha1', 'rsa-pkcs1-sha256', 'rsa-pkcs1-sha384', 'rsa-pkcs1-sha512',
  'rsa-pss-sha1', 'rsa-pss-sha256', 'rsa-pss-sha384', 'rsa-pss-sha512',
  'rsa2048', 'rsa3072', 'rsa4096', 'ecp256', 'ecp384', 'ecp521', 'eck256',
  'ecbp256', 'ecbp384', 'ecbp512', 'hmac-sha1', 'hmac-sha256', 'hmac-sha384', 'hmac-sha512',
  'ecdsa-sha1', 'ecdh', 'rsa-oaep-sha1', 'rsa-oaep-sha256', 'rsa-oaep-sha384',
  'rsa-oaep-sha512', 'aes128-ccm-wrap', 'opaque-data', 'opaque-x509-certificate',
  'mgf1-sha1', 'mgf1-sha256', 'mgf1-sha384', 'mgf1-sha512', 'template-ssh',
  'aes128-yubico-otp', 'aes128-yubico-authentication', 'aes192-yubico-otp',
  'aes256-yubico-otp', 'aes192-ccm-wrap', 'aes256-ccm-wrap', 'ecdsa-sha256', 'ecdsa-sha384',
  'ecdsa-sha512', 'ed25519', 'ecp224', 'rsa-pkcs1-decrypt', 'ecp256-yubico-authentication',
  'aes128', 'aes192', 'aes256', 'aes-ecb', 'aes-cbc', 'aes-kwp',
] as const;

export const Algorithm = {
  RsaPkcs1Sha1: 1, RsaPkcs1Sha256: 2, RsaPkcs1Sha384: 3, RsaPkcs1Sha512: 4,
  RsaPssSha1: 5, RsaPssSha256: 6, RsaPssSha384: 7, RsaPssSha512: 8,
  Rsa2048: 9, Rsa3072: 10, Rsa4096: 11,
  EcP256: 12, EcP384: 13, EcP521: 14, EcK256: 15, EcBp256: 16, EcBp384: 17, EcBp512: 18,
  HmacSha1: 19, HmacSha256: 20, HmacSha384: 21, HmacSha512: 22,
  EcdsaSha1: 23, Ecdh: 24,
  RsaOaepSha1: 25, RsaOaepSha256: 26, RsaOaepSha384: 27, RsaOaepSha512: 28,
  Aes128CcmWrap: 29, OpaqueData: 30, OpaqueX509Certificate: 31,
  Mgf1Sha1: 32, Mgf1Sha256: 33, Mgf1Sha384: 34, Mgf1Sha512: 35,
  TemplateSsh: 36, Aes128YubicoOtp: 37, Aes128YubicoAuthentication: 38,
  Aes192YubicoOtp: 39, Aes256YubicoOtp: 40, Aes192CcmWrap: 41, Aes256CcmWrap: 42,
  EcdsaSha256: 43, EcdsaSha384: 44, EcdsaSha512: 45, Ed25519: 46, EcP224: 47,
  RsaPkcs1Decrypt: 48, EcP256YubicoAuthentication: 49,
  Aes128: 50, Aes192: 51, Aes256: 52, AesEcb: 53, AesCbc: 54, AesKwp: 55,
} as const;

export type AlgorithmCode = (typeof Algorithm)[keyof typeof Algorithm];

export const ALGORITHM_COUNT = names.length - 1;

export function algorithmName(code: number): string {
  return (code >= 1 && code < names.length ? names[code] : undefined) ?? `algorithm-${code}`;
}

export function algorithmFromName(name: string): AlgorithmCode | undefined {
  const index = names.indexOf(name.toLowerCase() as (typeof names)[number]);
  return index >= 1 ? (index as AlgorithmCode) : undefined;
}

/** AES-CCM wrap key algorithms and their key lengths (spec §6.1). */
export const WRAP_KEY_LENGTHS: ReadonlyMap<number, number> = new Map([
  [Algorithm.Aes128CcmWrap, 16],
  [Algorithm.Aes192CcmWrap, 24],
  [Algorithm.Aes256CcmWrap, 32],
]);
