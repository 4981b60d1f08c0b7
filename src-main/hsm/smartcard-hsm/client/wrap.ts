// WRAP KEY and UNWRAP KEY, and the sc-hsm-tool wrap file around them (spec §5.1, §6).

import {
  Cla,
  FilePrefix,
  Ins,
  UNWRAP_KEY_P2,
  UNWRAP_STAGING_FID,
  WRAP_KEY_P2,
} from '../protocol/constants';
import { buildWrapFile, parseWrapFile } from '../protocol/wrap-file';
import { domainMismatch, parseWrappedKeyHeader } from '../protocol/wrapped-key';
import { checkKeyReference, type CardChannel } from './card-channel';
import { dkekStatus } from './dkek';
import { SmartCardHsmClientError } from './errors';
import type { DkekStatus } from './dkek-status';
import { deleteFile, fileExists, readFileIfPresent, writeFile } from './files';

/** Room for the odd-INS TLV around each staged chunk (OpenSC: 1439-byte buffer, 8 bytes of TLV). */
const STAGING_CHUNK = 1024;

/** WRAP KEY (`80 72 ‹ref› 92`, extended Le): the key's blob under the DKEK (spec §6). */
export async function wrapKey(channel: CardChannel, keyReference: number): Promise<Uint8Array> {
  checkKeyReference(keyReference);
  return channel.command('WRAP KEY', {
    cla: Cla.PROPRIETARY,
    ins: Ins.WRAP_KEY,
    p1: keyReference,
    p2: WRAP_KEY_P2,
    le: 65536,
    extended: true,
  });
}

/** The KCV to hold a blob against: the device's, or the recorded one while a Pico hides it. */
function domainCheckValue(status: DkekStatus, expectedKcv: string | undefined): string {
  switch (status.state) {
    case 'complete':
      return status.kcv;
    case 'complete-kcv-hidden':
      if (expectedKcv === undefined)
        throw new SmartCardHsmClientError('dkek-kcv-hidden', status.explanation);
      if (!/^[0-9A-Fa-f]{16}$/.test(expectedKcv))
        throw new SmartCardHsmClientError(
          'bad-input',
          'The recorded check value is 16 hexadecimal digits, as sc-hsm-tool prints it.',
        );
      return expectedKcv;
    case 'no-dkek':
      throw new SmartCardHsmClientError(
        'no-dkek',
        'This device was initialised without a DKEK, so it cannot unwrap keys; initialise it with DKEK shares first.',
      );
    case 'pending':
      throw new SmartCardHsmClientError(
        'dkek-incomplete',
        `This device still waits for ${status.outstanding} DKEK share(s); import them before unwrapping keys.`,
      );
  }
}

/**
 * UNWRAP KEY into a free key reference. The blob's header is checked first, against the
 * device's KCV when the device shows it (`expectedKcv` for a Pico HSM without a PIN): a blob
 * from another domain is named before the device is asked. `staged` sends the blob through
 * EF 2F10 and a data-less UNWRAP (OpenSC 0.24); otherwise one extended APDU (OpenSC 0.23).
 */
export async function unwrapKey(
  channel: CardChannel,
  keyReference: number,
  blob: Uint8Array,
  options: { staged?: boolean; expectedKcv?: string } = {},
): Promise<void> {
  checkKeyReference(keyReference);
  const header = parseWrappedKeyHeader(blob);
  const deviceKcv = domainCheckValue(await dkekStatus(channel), options.expectedKcv);
  const mismatch = domainMismatch(header, Uint8Array.from(Buffer.from(deviceKcv, 'hex')));
  if (mismatch) throw new SmartCardHsmClientError('other-domain', mismatch);
  if (await fileExists(channel, (FilePrefix.KEY << 8) | keyReference))
    throw new SmartCardHsmClientError(
      'key-reference-taken',
      `Key reference ${keyReference} is already in use on this device; choose a free key reference, or delete that key first.`,
    );
  if (options.staged) {
    // What an earlier, interrupted staging left would run on past this blob's end.
    if (await fileExists(channel, UNWRAP_STAGING_FID))
      await deleteFile(channel, UNWRAP_STAGING_FID);
    for (let offset = 0; offset < blob.length; offset += STAGING_CHUNK)
      await writeFile(
        channel,
        UNWRAP_STAGING_FID,
        blob.subarray(offset, offset + STAGING_CHUNK),
        offset,
      );
  }
  await channel.command('UNWRAP KEY', {
    cla: Cla.PROPRIETARY,
    ins: Ins.UNWRAP_KEY,
    p1: keyReference,
    p2: UNWRAP_KEY_P2,
    ...(options.staged ? {} : { data: blob }),
  });
}

/** What `sc-hsm-tool --wrap-key` writes: the blob, the key's PRKD and certificate (§6). */
export async function exportKey(channel: CardChannel, keyReference: number): Promise<Uint8Array> {
  checkKeyReference(keyReference);
  const prkd = await readFileIfPresent(
    channel,
    (FilePrefix.PRIVATE_KEY_DESCRIPTION << 8) | keyReference,
  );
  const certificate = await readFileIfPresent(
    channel,
    (FilePrefix.CERTIFICATE << 8) | keyReference,
  );
  const blob = await wrapKey(channel, keyReference);
  return buildWrapFile({ blob, prkd, certificate });
}

/** What `sc-hsm-tool --unwrap-key` does: UNWRAP, then the PRKD and certificate files. */
export async function importKey(
  channel: CardChannel,
  keyReference: number,
  wrapFile: Uint8Array,
  options: { staged?: boolean; expectedKcv?: string } = {},
): Promise<void> {
  const file = parseWrapFile(wrapFile);
  await unwrapKey(channel, keyReference, file.blob, options);
  if (file.prkd)
    await writeFile(channel, (FilePrefix.PRIVATE_KEY_DESCRIPTION << 8) | keyReference, file.prkd);
  if (file.certificate)
    await writeFile(channel, (FilePrefix.CERTIFICATE << 8) | keyReference, file.certificate);
}
