// Writing the KSP hand-off into the ceremony folder (issue 12 §6): the .reg file, the
// connector's configuration and the printable next-steps sheet, each written atomically and
// never over an earlier one (a second hand-off gets -2, -3, …), then one transcript event with
// their digests. Nothing secret goes in: the application key's id and a URL.

import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Refusal } from '../../refusal/refusal';
import { loadSheetFonts } from '../../print/sheet-fonts';
import { writeFileAtomic } from '../../files/atomic-write';
import { CeremonyFolder, CeremonyFolderError } from '../../records/ceremony-folder';
import { applicationKeyId } from '../common/record-facts';
import {
  DEFAULT_CONNECTOR_URL,
  connectorConfig,
  connectorEndpoint,
  type ConnectorEndpoint,
} from './connector-config';
import { renderHandoffSheet, type HandoffSheetContent } from './handoff-sheet';
import { kspRegistryFile } from './ksp-registry';

export interface WriteHandoffOptions {
  folderPath: string;
  /** The ceremony folder already open in an engine, so its transcript stays one chain. */
  folder?: Pick<CeremonyFolder, 'record' | 'log'>;
  /** Default http://127.0.0.1:12345 (the connector's own default). */
  connectorUrl?: string;
  /** The device going to the CA server: the primary (default) or a restored secondary. */
  serial?: number;
  toolVersion: string;
  clock?: () => Date;
  fontsDirectory?: string;
}

export interface HandoffResult {
  serial: number;
  role: HandoffSheetContent['role'];
  authKeyId: number;
  endpoint: ConnectorEndpoint;
  /** File names in the ceremony folder, with their SHA-256. */
  files: { file: string; sha256: string }[];
  sheetPath: string;
}

export async function writeHandoff(options: WriteHandoffOptions): Promise<HandoffResult> {
  const clock = options.clock ?? (() => new Date());
  let endpoint: ConnectorEndpoint;
  try {
    endpoint = connectorEndpoint(options.connectorUrl ?? DEFAULT_CONNECTOR_URL);
  } catch (error) {
    throw new Refusal('invalid-input', (error as Error).message);
  }
  const folder = options.folder ?? (await openFolder(options.folderPath));
  const record = folder.record;
  if (record.status !== 'completed')
    throw new Refusal(
      'conflict',
      `This ceremony is ${record.status}, not completed: the hand-off is for a device the ceremony finished.`,
    );
  const authKeyId = applicationKeyId(record);
  if (authKeyId === undefined)
    throw new Refusal(
      'invalid-input',
      'The record does not say which key is the application key, so AuthKeysetID cannot be given.',
    );
  const restored = (record.restores ?? []).filter((r) => r.status === 'completed');
  const serial = options.serial ?? record.primary.serial;
  let role: HandoffSheetContent['role'];
  if (serial === record.primary.serial) role = 'primary';
  else if (restored.some((r) => r.device.serial === serial)) role = 'restored secondary';
  else
    throw new Refusal(
      'invalid-input',
      `Serial ${serial} is neither this ceremony's primary (${record.primary.serial}) nor a secondary it restored completely${restored.length > 0 ? ` (${restored.map((r) => r.device.serial).join(', ')})` : ''}.`,
    );

  const base = await freeBase(options.folderPath, `ksp-handoff-${serial}`);
  const registryFile = `${base}.reg`;
  const connectorFile = `${base}-connector.yaml`;
  const sheetFile = `${base}.html`;
  const writtenAt = clock().toISOString();
  const registry = kspRegistryFile({ connectorUrl: endpoint.url, authKeyId });
  const connector = connectorConfig(endpoint, serial);
  const sheet = renderHandoffSheet(
    {
      ceremonyName: record.name,
      ceremonyId: record.id,
      rehearsal: record.rehearsal,
      toolVersion: options.toolVersion,
      serial,
      role,
      authKeyId,
      endpoint,
      registryFile,
      connectorFile,
      writtenAt,
    },
    await loadSheetFonts(options.fontsDirectory),
  );
  const files: HandoffResult['files'] = [];
  for (const [file, data] of [
    [registryFile, registry],
    [connectorFile, connector],
    [sheetFile, sheet],
  ] as const) {
    await writeFileAtomic(join(options.folderPath, file), data, { exclusive: true, mode: 0o644 });
    files.push({ file, sha256: createHash('sha256').update(data).digest('hex') });
  }
  await folder.log('ksp-handoff-written', {
    serial,
    role,
    connectorUrl: endpoint.url,
    listen: endpoint.listen,
    authKeyId,
    files,
  });
  return {
    serial,
    role,
    authKeyId,
    endpoint,
    files,
    sheetPath: join(options.folderPath, sheetFile),
  };
}

/** What the screens show once the hand-off is written. */
export function handoffView(result: HandoffResult): { summary: string; files: string[] } {
  return {
    summary: `Written for YubiHSM 2 serial ${result.serial}: ConnectorURL ${result.endpoint.url}, AuthKeysetID ${result.authKeyId} (the application key); the connector listens on ${result.endpoint.listen}. Print the sheet: the application key's password is in none of these files, and its holder types it into regedit as the sheet says.`,
    files: result.files.map((f) => f.file),
  };
}

async function openFolder(path: string): Promise<CeremonyFolder> {
  try {
    return await CeremonyFolder.open(path);
  } catch (error) {
    if (error instanceof CeremonyFolderError && error.reason === 'no-ceremony')
      throw new Refusal(
        'not-found',
        `${path} holds no Custos ceremony record: the hand-off is written from a ceremony's record.`,
      );
    throw new Refusal('io-error', `${error instanceof Error ? error.message : String(error)}.`);
  }
}

/** ksp-handoff-7550001, or -2, -3 … when an earlier hand-off is there: never overwritten. */
async function freeBase(folderPath: string, stem: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const base = attempt === 1 ? stem : `${stem}-${attempt}`;
    const taken = await Promise.all(
      [`${base}.reg`, `${base}-connector.yaml`, `${base}.html`].map((f) =>
        stat(join(folderPath, f)).then(
          () => true,
          (error: NodeJS.ErrnoException) => {
            if (error.code === 'ENOENT') return false;
            throw error;
          },
        ),
      ),
    );
    if (!taken.includes(true)) return base;
  }
}
