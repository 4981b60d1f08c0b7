// `custos dkek status --device D [--folder DIR] [--pin-file PIN]` and
// `custos dkek import --folder DIR --device D --share FILE.pbe (--password-file PW |
// --password-share F …) [--pin-file PIN]`: where a device's DKEK stands (total, outstanding, and
// when complete `KCV XXXXXXXXXXXXXXXX`, compared with the record when a folder is given), and the
// next share holder's import at another site (ceremonies/dkek/sequential-import.ts).

import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { familyName, readPreflight } from '../../ceremonies/dkek/device';
import { DkekCeremonyFolder } from '../../ceremonies/dkek/record';
import {
  checkCeremonyDevice,
  importShareAtSite,
  importedOn,
  missing,
  type ShareSecret,
} from '../../ceremonies/dkek/sequential-import';
import { DkekShareError } from '../../dkek/dkek-share-error';
import { readSharePasswordFile } from '../../dkek/password-file';
import { readPasswordShareFiles, readShareFile } from '../../dkek/share-files';
import { SmartCardHsmClient } from '../../hsm/smartcard-hsm/client';
import { cardSpecOption, openCardOption } from '../card-option';
import { CliError, UsageError, type CliIo, type ParsedOptions } from '../command';
import { asCliError, type DkekSettings } from './dkek-init';

export async function runDkekStatus(options: ParsedOptions, io: CliIo): Promise<number> {
  const shown = (path: string) => relative(io.cwd, path) || '.';
  const spec = cardSpecOption(options.value('device'), io.cwd);
  const folderOption = options.value('folder');
  const folder = folderOption
    ? await DkekCeremonyFolder.open(resolve(io.cwd, folderOption)).catch((e: unknown) => {
        throw asCliError(e);
      })
    : undefined;
  const pin = await optionalPin(options, io);
  const card = await openCardOption(
    spec,
    spec.kind === 'schsm-sim' ? shown(spec.statePath) : spec.reader,
  );
  try {
    const preflight = await readPreflight(card);
    const { device } = preflight;
    io.stdout(`${familyName(device.family)} serial ${device.serial} (${device.version})\n`);
    let status = preflight.dkek;
    if (status?.state === 'complete-kcv-hidden' && pin !== undefined)
      status = await new SmartCardHsmClient(card.transport).dkekStatus({ pin });
    if (!status) io.stdout('Never initialised.\n');
    else if (status.state === 'no-dkek')
      io.stdout('Initialised without a DKEK: no key can be backed up.\n');
    else if (status.state === 'pending')
      io.stdout(`DKEK shares: ${status.total} total, ${status.outstanding} outstanding\n`);
    else {
      io.stdout(`DKEK shares: ${status.total} total, 0 outstanding\n`);
      if (status.state === 'complete') io.stdout(`KCV ${status.kcv}\n`);
      else io.stdout(`${status.explanation} Give --pin-file to read it.\n`);
    }
    if (!folder) return 0;
    const record = folder.record;
    try {
      checkCeremonyDevice(folder, preflight);
    } catch (error) {
      throw asCliError(error);
    }
    const imported = importedOn(folder, device.serial);
    io.stdout(
      `Ceremony "${record.name}": shares imported here ${imported.join(', ') || 'none'}; still to come ${missing(folder, imported).join(', ') || 'none'}\n`,
    );
    if (status?.state === 'complete' && status.sameShareTwice)
      throw new CliError(
        `the device shows the KCV of an all-zero DKEK: one share was imported twice, so the device holds no usable DKEK for "${record.name}". Re-initialise it and import each share once`,
      );
    if (status?.state === 'complete' && record.dkek.kcv) {
      if (status.kcv !== record.dkek.kcv)
        throw new CliError(
          `the device's KCV ${status.kcv} differs from the record's ${record.dkek.kcv}: this device does not hold the ceremony's DKEK`,
        );
      io.stdout('The KCV matches the record.\n');
    }
    return 0;
  } finally {
    await card.close();
  }
}

export async function runDkekImport(
  options: ParsedOptions,
  io: CliIo,
  settings: DkekSettings,
): Promise<number> {
  const shown = (path: string) => relative(io.cwd, path) || '.';
  const folderOption = options.value('folder');
  const shareOption = options.value('share');
  if (!folderOption || !shareOption) throw new UsageError('dkek import needs --folder and --share');
  const spec = cardSpecOption(options.value('device'), io.cwd);
  const passwordFile = options.value('password-file');
  const passwordShares = options.values('password-share').map((f) => resolve(io.cwd, f));
  if (Boolean(passwordFile) === passwordShares.length > 0)
    throw new UsageError('give either --password-file, or --password-share once per custodian');
  const folder = await DkekCeremonyFolder.open(resolve(io.cwd, folderOption)).catch(
    (e: unknown) => {
      throw asCliError(e);
    },
  );
  const sharePath = resolve(io.cwd, shareOption);
  let secret: ShareSecret;
  let file: { bytes: Uint8Array };
  try {
    file = await readShareFile(sharePath, { shown });
    secret = passwordFile
      ? {
          kind: 'password',
          password: await readSharePasswordFile(
            resolve(io.cwd, passwordFile),
            shown(resolve(io.cwd, passwordFile)),
            false,
          ),
        }
      : {
          kind: 'password-shares',
          shares: await readPasswordShareFiles(passwordShares, { shown }),
        };
  } catch (error) {
    if (error instanceof DkekShareError) throw new CliError(error.message);
    throw error;
  }
  const pin = await optionalPin(options, io);
  const card = await openCardOption(
    spec,
    spec.kind === 'schsm-sim' ? shown(spec.statePath) : spec.reader,
  );
  const stop = new AbortController();
  void io.stopRequested.then(() => stop.abort());
  try {
    const result = await importShareAtSite(
      folder,
      card,
      { path: sharePath, bytes: file.bytes, shown: shown(sharePath) },
      secret,
      {
        signal: stop.signal,
        ...(settings.iterations ? { iterations: settings.iterations } : {}),
        ...(pin !== undefined ? { pin } : {}),
        onProgress: (p) => p.fraction === 0 && io.stderr(`Deriving the key: step ${p.step} of 3\n`),
      },
    );
    io.stdout(
      `Already on the device: ${result.before.length > 0 ? result.before.map((n) => `share ${n}`).join(', ') : 'no share of this ceremony'}\n`,
    );
    io.stdout(
      `Imported share ${result.share.number}: ${result.total} total, ${result.outstanding} outstanding\n`,
    );
    if (result.kcv) io.stdout(`KCV ${result.kcv}, as recorded\n`);
    return 0;
  } catch (error) {
    throw asCliError(error);
  } finally {
    if (secret.kind === 'password') secret.password.fill(0);
    await card.close();
  }
}

async function optionalPin(options: ParsedOptions, io: CliIo): Promise<string | undefined> {
  const path = options.value('pin-file');
  if (path === undefined) return undefined;
  try {
    return (await readFile(resolve(io.cwd, path), 'utf8')).replace(/\r?\n$/, '');
  } catch {
    throw new CliError(`the PIN file ${path} cannot be read; check the path`);
  }
}
