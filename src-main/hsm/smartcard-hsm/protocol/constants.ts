// The fixed numbers of the SmartCard-HSM applet as OpenSC's sc-hsm driver and sc-hsm-tool use
// them (spec §5.1, §5.2, §7.3). One place, so the client and the simulator cannot disagree.

/** The SmartCard-HSM application identifier (spec §5.1). */
export const SMARTCARD_HSM_AID = Uint8Array.of(
  0xe8,
  0x2b,
  0x06,
  0x01,
  0x04,
  0x01,
  0x81,
  0xc3,
  0x1f,
  0x02,
  0x01,
);

/** The ATR a SmartCard-HSM answers with; OpenSC names the card from it (spec §7.3). */
export const SMARTCARD_HSM_ATR = Uint8Array.from(
  Buffer.from('3bfe1800008131fe458031815448534d31738021408107fa', 'hex'),
);

export const Cla = { ISO: 0x00, PROPRIETARY: 0x80 } as const;

export const Ins = {
  VERIFY: 0x20,
  RESET_RETRY_COUNTER: 0x2c,
  GENERATE_ASYMMETRIC_KEY_PAIR: 0x46,
  INITIALIZE_DEVICE: 0x50,
  MANAGE_KEY_DOMAIN: 0x52,
  LIST_FILES: 0x58,
  SIGN: 0x68,
  WRAP_KEY: 0x72,
  UNWRAP_KEY: 0x74,
  GET_CHALLENGE: 0x84,
  SELECT: 0xa4,
  READ_BINARY_ODD: 0xb1,
  UPDATE_BINARY_ODD: 0xd7,
  DELETE_FILE: 0xe4,
} as const;

/** PIN references of VERIFY (spec §5.1). */
export const PinReference = { USER: 0x81, SO: 0x88 } as const;

/** P2 of WRAP KEY and UNWRAP KEY as OpenSC sends them (spec §5.1). */
export const WRAP_KEY_P2 = 0x92;
export const UNWRAP_KEY_P2 = 0x93;

/** The initialization code a SmartCard-HSM ships with: "57621880" as ASCII (spec §5.2). */
export const DEFAULT_SO_PIN = Uint8Array.from(Buffer.from('3537363231383830', 'hex'));

/** INITIALIZE DEVICE tags (spec §5.2). */
export const InitTag = {
  OPTIONS: 0x80,
  USER_PIN: 0x81,
  SO_PIN: 0x82,
  USER_PIN_RETRIES: 0x91,
  DKEK_SHARES: 0x92,
  PUBLIC_KEY_AUTHENTICATION: 0x93,
  BIO_SERVER_1: 0x95,
  BIO_SERVER_2: 0x96,
  KEY_DOMAINS: 0x97,
} as const;

/**
 * File identifier prefixes: the high byte of a FID names what the file holds, the low byte is
 * the key reference (spec §5.1: CC‹ref› is the key, C4‹ref› its PRKD, CE‹ref› its certificate).
 */
export const FilePrefix = {
  KEY: 0xcc,
  PRIVATE_KEY_DESCRIPTION: 0xc4,
  CERTIFICATE: 0xce,
  DATA: 0xcd,
} as const;

/** EF.TokenInfo, written by OpenSC for `--label` (spec §5.2). */
export const TOKEN_INFO_FID = 0x2f03;
/** The EF an OpenSC ≥ 0.24 stages a wrapped key in before a data-less UNWRAP (spec §5.1). */
export const UNWRAP_STAGING_FID = 0x2f10;

/** Algorithm identifiers of the sign command, P2 of `80 68` (OpenSC card-sc-hsm.h). */
export const SignAlgorithm = {
  RSA_RAW: 0x20,
  RSA_PKCS1_DIGEST_INFO: 0x30,
  RSA_PKCS1_SHA256: 0x33,
  EC_RAW: 0x70,
  EC_SHA256: 0x73,
} as const;

/** The DKEK is 32 bytes, and so is every share of it (spec §1). */
export const DKEK_LENGTH = 32;
export const KCV_LENGTH = 8;
