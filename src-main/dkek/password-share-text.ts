// A password share in the words sc-hsm-tool prints on each custodian's screen (spec §4.1):
//   Prime       : f5:56:46:c9:a5:a1:01:87      (lowercase hex bytes, colons)
//   Share ID    : 1                            (decimal)
//   Share value : 6c:45:78:ab:df:12:45:aa      (lowercase hex bytes, colons, minimal length)
// Custos writes exactly these three lines, so a custodian can type them into sc-hsm-tool, and
// adds comment lines sc-hsm-tool users can ignore: the check word (check-word.ts), the set's
// threshold, and for IDs of 10 and up the hex ID sc-hsm-tool expects (§4.3 defect 2). Reading
// accepts `:` or spaces between hex bytes (as sc-hsm-tool does) and checks every field as read.

import { normalizeCheckWord, passwordShareCheckWord } from './check-word';
import { DkekShareError } from './dkek-share-error';
import {
  MAX_SC_HSM_TOOL_ID,
  formatHexBytes,
  type PasswordShare,
  type ReadPasswordShare,
} from './password-shares';
import { isSafePrime } from './safe-prime';

export interface SetDescription {
  threshold: number;
  total: number;
  /** The .pbe file the set opens, for the heading: "dkek.pbe". */
  fileName: string;
}

/** The text of one custodian's share file. */
export function formatPasswordShareText(share: PasswordShare, set: SetDescription): string {
  const lines = [
    `# Custos DKEK password share ${share.id} of ${set.total} for ${set.fileName}: any ${set.threshold} of the ${set.total} shares open it.`,
    `# Keep it apart from ${set.fileName} and from the other custodians' shares.`,
    `Prime       : ${formatHexBytes(share.prime)}`,
    `Share ID    : ${share.id}`,
    `Share value : ${formatHexBytes(share.value)}`,
    `# Check word  : ${passwordShareCheckWord(share.prime, share.id, share.value)}`,
    `# Threshold   : ${set.threshold} of ${set.total}`,
  ];
  if (share.id > MAX_SC_HSM_TOOL_ID)
    lines.push(
      `# sc-hsm-tool reads Share ID as hex: type ${share.id.toString(16)} there, not ${share.id}`,
    );
  return `${lines.join('\n')}\n`;
}

export interface TypedPasswordShare {
  prime: string;
  id: string;
  value: string;
  /** Empty or absent for a share sc-hsm-tool printed (it has none). */
  checkWord?: string;
}

/** Checks the fields one by one, each with its own sentence naming `source`. */
export function readPasswordShare(typed: TypedPasswordShare, source: string): ReadPasswordShare {
  const prime = readHex(typed.prime, 'Prime', source);
  if (typed.prime.replace(/[\s:]/g, '').length !== 16 || !isSafePrime(prime))
    throw new DkekShareError(
      `The Prime in ${source} (${typed.prime.trim()}) is not a password share set's prime (8 bytes, a safe prime): check it for a typo against the custodian's sheet`,
    );
  const idText = typed.id.trim();
  if (!/^\d{1,3}$/.test(idText))
    throw new DkekShareError(
      /^[0-9a-f]+$/i.test(idText)
        ? `The Share ID in ${source} is "${idText}": Custos reads IDs in decimal, as sc-hsm-tool prints them (write 10, not a)`
        : `The Share ID in ${source} is "${idText}"; it should be a number such as 1, 2 or 3`,
    );
  const id = Number(idText);
  if (id < 1) throw new DkekShareError(`The Share ID in ${source} is 0; IDs start at 1`);
  const value = readHex(typed.value, 'Share value', source);
  if (typed.value.replace(/[\s:]/g, '').length > 16 || value >= prime)
    throw new DkekShareError(
      `The Share value in ${source} is larger than the set allows: it is mistyped. Compare it with the custodian's sheet`,
    );
  const checkWord = normalizeCheckWord(typed.checkWord ?? '');
  if (checkWord !== '') {
    const expected = passwordShareCheckWord(prime, id, value);
    if (checkWord !== expected)
      throw new DkekShareError(
        `${source} does not match its check word ${checkWord}: the Prime, Share ID or Share value was mistyped. Compare each with the custodian's sheet`,
      );
  }
  return { prime, id, value, source };
}

function readHex(text: string, field: string, source: string): bigint {
  const digits = text.replace(/[\s:]/g, '');
  if (digits === '' || !/^[0-9a-f]+$/i.test(digits))
    throw new DkekShareError(
      `The ${field} in ${source} is not hex bytes such as 6c:45:78:ab (only 0-9, a-f, with colons or spaces between bytes)`,
    );
  return BigInt(`0x${digits}`);
}

const FIELD = /^(prime|share id|share value)\s*:\s*(.*)$/i;
const CHECK_WORD = /^#\s*check word\s*:\s*(\S+)/i;
const THRESHOLD = /^#\s*threshold\s*:\s*(\d+)\s*of\s*(\d+)/i;

/** Reads a share file: the three sc-hsm-tool lines, with Custos's comment lines if present. */
export function parsePasswordShareText(text: string, source: string): ReadPasswordShare {
  const fields = new Map<string, string>();
  let checkWord: string | undefined;
  let threshold: ReadPasswordShare['threshold'];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const field = FIELD.exec(line);
    if (field) {
      const name = field[1]!.toLowerCase();
      if (fields.has(name))
        throw new DkekShareError(
          `${source} has two ${field[1]} lines; a share file has one of each`,
        );
      fields.set(name, field[2]!);
      continue;
    }
    const word = CHECK_WORD.exec(line);
    if (word) checkWord = word[1];
    const set = THRESHOLD.exec(line);
    if (set) threshold = { threshold: Number(set[1]), total: Number(set[2]) };
    if (!line.startsWith('#'))
      throw new DkekShareError(
        `Line ${index + 1} of ${source} is not one of the lines sc-hsm-tool prints (Prime, Share ID, Share value): is this a password share file?`,
      );
  }
  for (const name of ['Prime', 'Share ID', 'Share value']) {
    if (!fields.has(name.toLowerCase()))
      throw new DkekShareError(
        `${source} has no "${name} :" line; a password share has Prime, Share ID and Share value`,
      );
  }
  const share = readPasswordShare(
    {
      prime: fields.get('prime')!,
      id: fields.get('share id')!,
      value: fields.get('share value')!,
      ...(checkWord ? { checkWord } : {}),
    },
    source,
  );
  return threshold ? { ...share, threshold } : share;
}
