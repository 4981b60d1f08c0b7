// A `.pbe` password read from a file (the CLI's --password-file): the bytes sc-hsm-tool would get
// from `--password`, i.e. the file's content without its one trailing line break.

import { readFile } from 'node:fs/promises';
import { DkekShareError } from './dkek-share-error';

/** sc-hsm-tool's own rule for a typed password. */
export const MIN_PASSWORD_LENGTH = 6;

/** The password bytes; the caller zeroizes them. `forNewFile` applies the rules for creating. */
export async function readSharePasswordFile(
  path: string,
  shown: string,
  forNewFile: boolean,
): Promise<Uint8Array> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    throw new DkekShareError(`The password file ${shown} cannot be read; check the path`);
  }
  let end = bytes.length;
  if (bytes[end - 1] === 0x0a) end -= 1;
  if (bytes[end - 1] === 0x0d) end -= 1;
  const password = Uint8Array.from(bytes.subarray(0, end));
  bytes.fill(0);
  const refuse = (sentence: string) => {
    password.fill(0);
    return new DkekShareError(sentence);
  };
  if (password.length === 0) throw refuse(`The password file ${shown} is empty`);
  if (password.some((byte) => byte === 0x0a || byte === 0x0d || byte === 0))
    throw refuse(
      `The password file ${shown} holds more than one line; put the password alone on its first line`,
    );
  if (!forNewFile) return password;
  if (password.length < MIN_PASSWORD_LENGTH)
    throw refuse(
      `The password in ${shown} is ${password.length} characters; sc-hsm-tool asks for at least ${MIN_PASSWORD_LENGTH}, and a share file deserves far more`,
    );
  if (password.some((byte) => byte < 0x20 || byte > 0x7e))
    throw refuse(
      `The password in ${shown} has characters outside printable ASCII; sc-hsm-tool takes whatever bytes the keyboard sends, so such a password may not type the same on another computer. Use letters, digits and punctuation`,
    );
  return password;
}
