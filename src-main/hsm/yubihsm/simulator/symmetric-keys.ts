// Symmetric AES key objects (spec §5.2, §6.3): algorithm -> key length; the body is the key.

import { Algorithm } from '../protocol/algorithms';

export const SYMMETRIC_KEY_LENGTHS: ReadonlyMap<number, number> = new Map([
  [Algorithm.Aes128, 16],
  [Algorithm.Aes192, 24],
  [Algorithm.Aes256, 32],
]);
