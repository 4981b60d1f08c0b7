// Known-answer vectors of spec/yubihsm2-protocol.md §9, as bytes.

export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/[\s…]/g, '');
  if (clean.length % 2 !== 0) throw new Error(`odd hex string: ${text}`);
  return Uint8Array.from(clean.match(/../g) ?? [], (byte) => Number.parseInt(byte, 16));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** V1: "password" -> K-ENC / K-MAC (the factory authentication key). */
export const V1 = {
  password: 'password',
  encryptionKey: fromHex('090b47dbed595654901dee1cc655e420'),
  macKey: fromHex('592fd483f759e29909a04c4505d2ce0a'),
  utf8Password: fromHex('cebae1bdb9cf83cebcceb5'),
  utf8EncryptionKey: fromHex('f320972c667ba5cd4d35119a6b0271a1'),
  utf8MacKey: fromHex('f10050ca688e5a6ce62b1ffb0f6f6869'),
};

/** V2: full handshake with host challenge forced to zeros, auth key 1, default keys. */
export const V2 = {
  hostChallenge: new Uint8Array(8),
  createRequest: fromHex('03 000a 0001 0000000000000000'),
  createResponse: fromHex('83 0011 00 054d5631c9186f80 3225ed8a3224f2cf'),
  authenticateRequest: fromHex('04 0011 00 1ce7552e0f7976db cc2198fd155c335a'),
  authenticateResponse: fromHex('84 0000'),
  context: fromHex('0000000000000000054d5631c9186f80'),
  sessionEncryptionKey: fromHex('680543bd3d52b50971b84be23569c13f'),
  sessionMacKey: fromHex('46451cfa3fc80c1ca60c944787f857e2'),
  sessionResponseMacKey: fromHex('1f0be34c417e9ef61a59a01047c8925d'),
  hostCryptogram: fromHex('1ce7552e0f7976db'),
  chainAfterAuthenticate: fromHex('cc2198fd155c335a8d4a2ac31baf438c'),
};

/** V3: first SESSION MESSAGE in the V2 session, inner ECHO 01 02 03. */
export const V3 = {
  innerPayload: fromHex('010203'),
  iv: fromHex('c67a52b36bfe95925b19052ec6900afb'),
  padded: fromHex('01000301020380000000000000000000'),
  request: fromHex('05 0019 00 d90ad6bf5f486c8549b238fde97d5fe0 990497a40152787f'),
  chainAfter: fromHex('990497a40152787f4e8985971d721cc1'),
  response: fromHex('85 0019 00 bd807d80c9c470c7d08ba8e85421db83 198afaa882aaf802'),
};

/** V4: the KDF alone, with a 32-byte (AES-256) key and an 8-byte context. */
export const V4 = {
  key: new TextEncoder().encode('0xff0xff0x120xff0xff0xff0xff0xaf'),
  constant: 0x04,
  context: fromHex('0cf4f54cb9df595b'),
  lengthBits: 0x80,
  output: fromHex('57a07f31b913bce5ff06364a0e39467a'),
};
