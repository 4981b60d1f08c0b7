// Capabilities (spec §5.3): a 64-bit mask, big-endian on the wire, bit n = capability n.
// Names are exactly as yubihsm-shell prints and parses them.

export const CAPABILITY_NAMES = [
  'get-opaque',
  'put-opaque',
  'put-authentication-key',
  'put-asymmetric-key',
  'generate-asymmetric-key',
  'sign-pkcs',
  'sign-pss',
  'sign-ecdsa',
  'sign-eddsa',
  'decrypt-pkcs',
  'decrypt-oaep',
  'derive-ecdh',
  'export-wrapped',
  'import-wrapped',
  'put-wrap-key',
  'generate-wrap-key',
  'exportable-under-wrap',
  'set-option',
  'get-option',
  'get-pseudo-random',
  'put-mac-key',
  'generate-hmac-key',
  'sign-hmac',
  'verify-hmac',
  'get-log-entries',
  'sign-ssh-certificate',
  'get-template',
  'put-template',
  'reset-device',
  'decrypt-otp',
  'create-otp-aead',
  'randomize-otp-aead',
  'rewrap-from-otp-aead-key',
  'rewrap-to-otp-aead-key',
  'sign-attestation-certificate',
  'put-otp-aead-key',
  'generate-otp-aead-key',
  'wrap-data',
  'unwrap-data',
  'delete-opaque',
  'delete-authentication-key',
  'delete-asymmetric-key',
  'delete-wrap-key',
  'delete-hmac-key',
  'delete-template',
  'delete-otp-aead-key',
  'change-authentication-key',
  'put-symmetric-key',
  'generate-symmetric-key',
  'delete-symmetric-key',
  'decrypt-ecb',
  'encrypt-ecb',
  'decrypt-cbc',
  'encrypt-cbc',
  'put-public-wrap-key',
  'delete-public-wrap-key',
] as const;

export type CapabilityName = (typeof CAPABILITY_NAMES)[number];

/** yubihsm-shell's "all": every one of the 64 bits. */
export const ALL_CAPABILITIES = 0xffff_ffff_ffff_ffffn;
export const NO_CAPABILITIES = 0n;

export function capability(name: CapabilityName): bigint {
  return 1n << BigInt(CAPABILITY_NAMES.indexOf(name));
}

export function capabilities(...list: CapabilityName[]): bigint {
  return list.reduce((mask, name) => mask | capability(name), 0n);
}

export function hasCapability(mask: bigint, name: CapabilityName): boolean {
  return (mask & capability(name)) !== 0n;
}

/** True when every bit of `needed` is present in `available`. */
export function includesAll(available: bigint, needed: bigint): boolean {
  return (needed & ~available) === 0n;
}

export function capabilityNames(mask: bigint): CapabilityName[] {
  return CAPABILITY_NAMES.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
}

/** yubihsm-shell's printing: names joined by ':', or 16 hex digits when a set bit has no name. */
export function formatCapabilities(mask: bigint): string {
  if (mask >> 56n !== 0n) return mask.toString(16).padStart(16, '0');
  return capabilityNames(mask).join(':');
}

/** yubihsm-shell's parsing: names split on , : ; |, "all", "none", or a 0x hex value. */
export function parseCapabilities(text: string): bigint {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'all') return ALL_CAPABILITIES;
  if (trimmed === 'none' || trimmed === '0' || trimmed === '') return 0n;
  if (/^0x[0-9a-f]{1,16}$/.test(trimmed)) return BigInt(trimmed);
  let mask = 0n;
  for (const part of trimmed.split(/[,:;|]/)) {
    const name = part.trim();
    if (!name) continue;
    const bit = CAPABILITY_NAMES.indexOf(name as CapabilityName);
    if (bit < 0) throw new Error(`unknown capability "${name}"`);
    mask |= 1n << BigInt(bit);
  }
  return mask;
}

export function capabilitiesToBytes(mask: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, mask));
  return out;
}

export function capabilitiesFromBytes(bytes: Uint8Array, offset = 0): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(offset);
}

/** The delete-* capability each object type needs (spec §4.3 DELETE OBJECT). */
export const DELETE_CAPABILITY_FOR_TYPE: Readonly<Record<number, CapabilityName>> = {
  0x01: 'delete-opaque',
  0x02: 'delete-authentication-key',
  0x03: 'delete-asymmetric-key',
  0x04: 'delete-wrap-key',
  0x05: 'delete-hmac-key',
  0x06: 'delete-template',
  0x07: 'delete-otp-aead-key',
  0x08: 'delete-symmetric-key',
  0x09: 'delete-public-wrap-key',
};
