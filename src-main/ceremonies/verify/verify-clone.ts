// Verifying a clone: the secondary's objects, seen through the application key, compared with
// the primary's recorded inventory (or the live primary when it is plugged in), and every
// restored signing key proven by signing a fresh random challenge on the clone that the
// primary's public key must verify. The result goes into the record and the transcript, with a
// printable report next to them for the witness.

import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { cloneVerdict } from '../../../shared/ceremony/clone-verdict';
import type {
  CeremonyRecord,
  SignatureCheck,
  VerificationRecord,
} from '../../../shared/records/ceremony-record';
import type { Credential } from '../../hsm/yubihsm/client/credential';
import { Refusal } from '../../refusal/refusal';
import { loadSheetFonts } from '../../print/sheet-fonts';
import { writeFileAtomic } from '../../files/atomic-write';
import { CeremonyFolder, CeremonyFolderError } from '../../records/ceremony-folder';
import { deviceRecord, withDevice, withSession, type DeviceAccess } from '../common/device-access';
import { hexId, objectKey, readInventory } from '../common/objects';
import { applicationKeyId } from '../common/record-facts';
import { canSign, proveSigningKey } from '../common/signature-proof';
import {
  compareInventories,
  expectedFromPrimary,
  expectedFromRecord,
  type ExpectedInventory,
} from './compare';
import { attestGeneratedKeys } from './attestation-check';
import { renderVerificationReport } from './report-html';
import { ceremonyFolderReason } from '../../records/file-failure';

export interface VerifyCloneOptions {
  folderPath: string;
  access: DeviceAccess;
  secondaryId: string;
  /** The live primary to compare with, instead of the record. */
  primaryId?: string;
  /** Default: the record's application key. */
  authKeyId?: number;
  credential: Credential;
  toolVersion: string;
  clock?: () => Date;
  /** assets/fonts of a packaged install; the source tree's by default. */
  fontsDirectory?: string;
  /**
   * Called once the comparison is done, before the verification is recorded: what the caller
   * adds to the transcript first (the screens' air-gap surveys); without a record, undefined.
   */
  beforeRecording?: (folder: CeremonyFolder | undefined) => Promise<void>;
}

export interface VerifyCloneResult {
  entry: VerificationRecord;
  /** Absolute path of the printable report. */
  reportPath: string;
  /** SHA-256 (hex) of the report as written, so what is shown later is known to be it. */
  reportSha256: string;
  summary: string;
  /** Record mode: the transcript head after the verification was logged. */
  transcriptHead?: string;
}

export async function verifyClone(options: VerifyCloneOptions): Promise<VerifyCloneResult> {
  const clock = options.clock ?? (() => new Date());
  const folder = await openFolder(options.folderPath, options.primaryId !== undefined);
  const record = folder?.record;
  const authKeyId = options.authKeyId ?? (record ? applicationKeyId(record) : undefined);
  if (authKeyId === undefined) {
    throw new Refusal(
      'invalid-input',
      'Name the application authentication key to open the clone with (its id); the record does not say which it is.',
    );
  }

  let against: VerificationRecord['against'] = 'record';
  let expected: ExpectedInventory;
  let primarySerial: number;
  if (options.primaryId !== undefined) {
    against = 'live-primary';
    const live = await withDevice(options.access, options.primaryId, async (device) => {
      if (record && device.serial !== record.primary.serial) {
        throw new Refusal(
          'conflict',
          `The device chosen as the primary (serial ${device.serial}) is not this ceremony's primary (serial ${record.primary.serial}).`,
        );
      }
      const objects = await withSession(
        device,
        authKeyId,
        options.credential,
        'the primary',
        async (session) => (await readInventory(session)).map((o) => o.record),
      );
      return { objects, serial: device.serial };
    });
    primarySerial = live.serial;
    const backedUp = record ? expectedFromRecord(record).expectedOnClone : undefined;
    expected = expectedFromPrimary(live.objects, backedUp);
  } else {
    expected = expectedFromRecord(record!);
    primarySerial = record!.primary.serial;
  }

  const at = clock();
  const checked = await withDevice(options.access, options.secondaryId, async (device) => {
    if (device.serial === primarySerial) {
      throw new Refusal(
        'conflict',
        `The device chosen as the clone (serial ${device.serial}) is the primary itself. Plug in the secondary and choose it.`,
      );
    }
    return withSession(device, authKeyId, options.credential, 'the secondary', async (session) => {
      const clone = (await readInventory(session)).map((o) => o.record);
      const objects = compareInventories(expected, clone);
      const byKey = new Map(expected.objects.map((o) => [objectKey(o.type, o.id), o]));
      const signatures: SignatureCheck[] = [];
      for (const copy of clone.filter((o) => o.type === 'asymmetric-key' && canSign(o))) {
        const original = byKey.get(objectKey(copy.type, copy.id));
        if (!original) continue;
        signatures.push(await proveSigningKey(session, copy, original.publicKey));
      }
      const attestation = await attestGeneratedKeys(session, clone, authKeyId);
      return { objects, signatures, attestation, device: deviceRecord(device) };
    });
  });

  const allMatch = cloneVerdict(checked) === 'matches';
  await options.beforeRecording?.(folder);
  const report = await freeReportName(options.folderPath, at, checked.device.serial);
  const entry: VerificationRecord = {
    at: at.toISOString(),
    device: checked.device,
    against,
    primarySerial,
    authKeyId,
    allMatch,
    objects: checked.objects,
    signatures: checked.signatures,
    attestation: checked.attestation,
    report,
  };
  const fonts = await loadSheetFonts(options.fontsDirectory);
  const html = renderVerificationReport(
    entry,
    {
      ceremonyName: record?.name ?? `Clone of YubiHSM 2 serial ${primarySerial}`,
      ...(record ? { ceremonyId: record.id } : {}),
      toolVersion: options.toolVersion,
      rehearsal: checked.device.simulated || (record?.rehearsal ?? false),
      ...(folder ? { transcriptHead: folder.transcript.head } : {}),
    },
    fonts,
  );
  const reportPath = join(options.folderPath, report);
  await writeFileAtomic(reportPath, html, { exclusive: true, mode: 0o644 });
  const reportSha256 = createHash('sha256').update(html).digest('hex');
  const summary = summarize(entry);
  if (!folder) {
    await writeFileAtomic(
      join(options.folderPath, report.replace(/\.html$/, '.json')),
      `${JSON.stringify(entry, null, 2)}\n`,
      { exclusive: true, mode: 0o644 },
    );
    return { entry, reportPath, reportSha256, summary };
  }
  await folder.log('clone-verified', {
    device: entry.device,
    against,
    allMatch,
    report,
    reportSha256,
    mismatches: entry.objects
      .filter((o) => o.status !== 'match' && o.status !== 'not-backed-up')
      .map((o) => ({ objectId: o.objectId, type: o.type, status: o.status })),
    signatures: entry.signatures.map((s) => ({ objectId: s.objectId, status: s.status })),
    attestation: entry.attestation?.available
      ? entry.attestation.keys.map((k) => ({ objectId: k.objectId, status: k.status }))
      : (entry.attestation?.reason ?? null),
  });
  await folder.update((r: CeremonyRecord) => ({
    ...r,
    verifications: [...(r.verifications ?? []), entry],
  }));
  return { entry, reportPath, reportSha256, summary, transcriptHead: folder.transcript.head };
}

async function openFolder(path: string, livePrimary: boolean): Promise<CeremonyFolder | undefined> {
  try {
    return await CeremonyFolder.open(path);
  } catch (error) {
    if (error instanceof CeremonyFolderError && error.reason === 'no-ceremony') {
      if (livePrimary) return undefined;
      throw new Refusal(
        'not-found',
        `${path} holds no Custos ceremony record to compare the clone with: plug in the primary and compare with it instead.`,
      );
    }
    throw new Refusal('io-error', `${ceremonyFolderReason(error, path)}.`, { cause: error });
  }
}

/** verification-20260601-101000-7550002.html */
export function reportName(at: Date, serial: number, attempt = 1): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `verification-${stamp}-${serial}${attempt > 1 ? `-${attempt}` : ''}.html`;
}

/** A report never replaces an earlier one: two runs in the same second get -2, -3, … */
async function freeReportName(folderPath: string, at: Date, serial: number): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const name = reportName(at, serial, attempt);
    try {
      await stat(join(folderPath, name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return name;
      throw error;
    }
  }
}

/** The device's own attestation, in a sentence after the verdict (absent in older entries). */
export function attestationSentence(entry: VerificationRecord): string | undefined {
  const attestation = entry.attestation;
  if (!attestation) return undefined;
  if (!attestation.available) return attestation.reason;
  const attested = attestation.keys
    .filter((k) => k.status === 'attested')
    .map((k) => hexId(k.objectId));
  const failed = attestation.keys
    .filter((k) => k.status === 'failed')
    .map((k) => hexId(k.objectId));
  const parts: string[] = [];
  if (attested.length > 0)
    parts.push(
      `${attested.length === 1 ? 'key' : 'keys'} ${attested.join(', ')} attested by the device's attestation key`,
    );
  if (failed.length > 0) parts.push(`ATTESTATION FAILED for ${failed.join(', ')}`);
  return `Attestation: ${parts.join('; ')}.`;
}

export function summarize(entry: VerificationRecord): string {
  const count = (status: string) => entry.objects.filter((o) => o.status === status).length;
  const verified = entry.signatures.filter((s) => s.status === 'verified').length;
  const failed = entry.signatures.filter((s) => s.status === 'failed');
  const unchecked = entry.signatures.filter((s) => s.status === 'not-checked');
  const problems = entry.objects.filter(
    (o) => o.status === 'mismatch' || o.status === 'missing' || o.status === 'extra',
  );
  const verdict = cloneVerdict(entry);
  if (verdict === 'matches') {
    return `The clone matches: ${count('match')} object${count('match') === 1 ? '' : 's'} match, ${verified} signing key${verified === 1 ? '' : 's'} verified. Report: ${entry.report}.`;
  }
  const named = [
    ...problems.map(
      (o) =>
        `${o.type} ${hexId(o.objectId)} ${o.status === 'mismatch' ? `differs in ${o.differences.map((d) => d.field).join(', ')}` : o.status === 'missing' ? 'is missing on the clone' : 'is on the clone but not on the primary'}`,
    ),
    ...failed.map((s) => `signing key ${hexId(s.objectId)} failed its signature check`),
    ...unchecked.map(
      (s) =>
        `signing key ${hexId(s.objectId)} was not checked (${lowerFirst(s.detail.replace(/\.$/, ''))})`,
    ),
  ];
  if (verdict === 'not-fully-verified') {
    return `The clone is not fully verified: every object matches, but ${named.join('; ')}: ${unchecked.length === 1 ? 'that key is' : 'those keys are'} not proven to be the primary's. Report: ${entry.report}.`;
  }
  return `The clone does not match: ${named.join('; ')}. Report: ${entry.report}.`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
