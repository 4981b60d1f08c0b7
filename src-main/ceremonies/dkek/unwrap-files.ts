// Unwrapping a back-up's files into the clone (issue 10): every file the record lists, and any
// other `.wrapped` file in the folder, each reported. Skipped with a sentence: a file made under
// another DKEK (its blob's KCV, read before the device is asked), a key reference the clone
// already uses for another key, a file that is not sc-hsm-tool's. A key already unwrapped by an
// earlier, interrupted run is recognised by its public key and not unwrapped twice; one left
// without its certificate is proven by a signature and its files completed (interrupted-import.ts).

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  SmartCardHsmClientError,
  SmartCardHsmStatusError,
  type SmartCardHsmClient,
} from '../../hsm/smartcard-hsm/client';
import { checkValueHex } from '../../hsm/smartcard-hsm/protocol/dkek-keys';
import { parseWrapFile, WrapFileFormatError } from '../../hsm/smartcard-hsm/protocol/wrap-file';
import {
  parseWrappedKeyHeader,
  WrappedKeyFormatError,
} from '../../hsm/smartcard-hsm/protocol/wrapped-key';
import type { DkekCeremonyRecord } from '../../../shared/records/dkek-ceremony-record';
import { recordedKeys, type CloneFile } from './backup-record';
import { completeInterruptedImport } from './interrupted-import';
import { readKeyInventory } from './key-inventory';

interface Candidate {
  file: string;
  keyReference: number | undefined;
  publicKey: string | undefined;
}

async function candidates(folder: string, record: DkekCeremonyRecord): Promise<Candidate[]> {
  const recorded = recordedKeys(record).map((key) => ({
    file: key.file,
    keyReference: key.keyReference,
    publicKey: key.publicKey,
  }));
  const names = new Set(recorded.map((c) => c.file));
  const others = (await readdir(folder))
    .filter((name) => name.endsWith('.wrapped') && !names.has(name))
    .sort()
    .map((file) => {
      const match = /^key-(\d{1,3})\b/.exec(file);
      const ref = match ? Number(match[1]) : undefined;
      return {
        file,
        keyReference: ref !== undefined && ref >= 1 && ref <= 255 ? ref : undefined,
        publicKey: undefined,
      };
    });
  return [...recorded, ...others];
}

export async function unwrapFiles(options: {
  client: SmartCardHsmClient;
  folder: string;
  record: DkekCeremonyRecord;
  kcv: string;
  onFile: (file: CloneFile) => Promise<void>;
}): Promise<CloneFile[]> {
  const { client, folder, kcv } = options;
  const present = new Map((await readKeyInventory(client)).map((key) => [key.keyReference, key]));
  const results: CloneFile[] = [];
  const report = async (file: CloneFile) => {
    results.push(file);
    await options.onFile(file);
  };
  for (const candidate of await candidates(folder, options.record)) {
    const ref = candidate.keyReference;
    const base = { file: candidate.file, ...(ref === undefined ? {} : { keyReference: ref }) };
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(join(folder, candidate.file)));
    } catch {
      await report({
        ...base,
        outcome: 'skipped',
        reason: `${candidate.file} is listed in the record but is not in the ceremony folder (or cannot be read); copy it back from the back-up medium and run the restore again.`,
      });
      continue;
    }
    let blobKcv: string;
    try {
      blobKcv = checkValueHex(parseWrappedKeyHeader(parseWrapFile(bytes).blob).kcv);
    } catch (error) {
      if (!(error instanceof WrapFileFormatError || error instanceof WrappedKeyFormatError))
        throw error;
      await report({
        ...base,
        outcome: 'skipped',
        reason: `${candidate.file} is not a wrapped key sc-hsm-tool could read (${error.message}).`,
      });
      continue;
    }
    if (blobKcv !== kcv) {
      await report({
        ...base,
        outcome: 'skipped',
        reason: `${candidate.file} was wrapped under the DKEK with check value ${blobKcv}, but this domain's is ${kcv}: it is a file of another domain, so it was not sent to the device.`,
      });
      continue;
    }
    if (ref === undefined) {
      await report({
        ...base,
        outcome: 'skipped',
        reason: `${candidate.file} names no key reference (key-NNN-…), so Custos does not know where it goes; unwrap it with sc-hsm-tool --unwrap-key --key-reference N.`,
      });
      continue;
    }
    const there = present.get(ref);
    if (
      there !== undefined &&
      there.publicKey === undefined &&
      (await completeInterruptedImport(client, ref, parseWrapFile(bytes), candidate.publicKey))
    ) {
      await report({
        ...base,
        outcome: 'already-present',
        reason: `key ${ref} was unwrapped by an earlier run that stopped before its certificate was written; it signed a fresh challenge that verifies with the recorded public key, and its files were completed.`,
      });
      continue;
    }
    if (there) {
      const same = candidate.publicKey !== undefined && there.publicKey === candidate.publicKey;
      await report(
        same
          ? {
              ...base,
              outcome: 'already-present',
              reason: `key ${ref} is already on the secondary (same public key), from an earlier run.`,
            }
          : {
              ...base,
              outcome: 'skipped',
              reason: `key reference ${ref} is already used on the secondary by ${there.label ? `"${there.label}"` : 'another key'}; it was not overwritten.`,
            },
      );
      continue;
    }
    try {
      await client.importKey(ref, bytes);
    } catch (error) {
      if (error instanceof SmartCardHsmClientError || error instanceof SmartCardHsmStatusError) {
        await report({ ...base, outcome: 'skipped', reason: error.message });
        continue;
      }
      throw error;
    }
    await report({ ...base, outcome: 'unwrapped' });
  }
  return results;
}
