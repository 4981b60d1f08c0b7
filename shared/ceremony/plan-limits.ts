// The plan's numeric limits, without zod, so the renderer can cap its fields by the same rules
// main enforces (the renderer bundle does not carry zod).

export type ShareFormatName = 'yubihsm-setup' | 'yubihsm-manager';

/** yubihsm-setup restore reads one digit for the threshold and the share number. */
export const SETUP_FORMAT_MAX_SHARES = 9;
export const MANAGER_FORMAT_MAX_SHARES = 255;
export const MIN_PASSWORD_LENGTH = 8;

export function maxCustodians(format: ShareFormatName): number {
  return format === 'yubihsm-manager' ? MANAGER_FORMAT_MAX_SHARES : SETUP_FORMAT_MAX_SHARES;
}
