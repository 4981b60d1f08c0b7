// Writing a share audit into the ceremony folder: the printable report first (a new file, never
// replacing one), then the record entry and the transcript event, each written atomically. The
// record never holds a share: numbers, names and check values only.

import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ShareAuditRecord } from '../../../shared/records/ceremony-record';
import { writeFileAtomic } from '../../files/atomic-write';
import type { CeremonyFolder } from '../../records/ceremony-folder';
import { ceremonyFolderReason } from '../../records/file-failure';
import { loadSheetFonts } from '../../print/sheet-fonts';
import { Refusal } from '../../refusal/refusal';
import { renderAuditReport } from './audit-report';

export type AuditFacts = Omit<ShareAuditRecord, 'at' | 'report'>;

export interface WrittenAudit {
  entry: ShareAuditRecord;
  reportPath: string;
  transcriptHead: string;
}

/** share-audit-20260601-101000.html (-2, -3 … when two audits share a second). */
export function auditReportName(at: Date, attempt = 1): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `share-audit-${stamp}${attempt > 1 ? `-${attempt}` : ''}.html`;
}

async function freeName(folderPath: string, at: Date): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const name = auditReportName(at, attempt);
    try {
      await stat(join(folderPath, name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return name;
      throw error;
    }
  }
}

export async function writeAudit(
  folder: CeremonyFolder,
  facts: AuditFacts,
  options: { at: Date; toolVersion: string; fontsDirectory?: string },
): Promise<WrittenAudit> {
  try {
    const report = await freeName(folder.path, options.at);
    const entry: ShareAuditRecord = { at: options.at.toISOString(), ...facts, report };
    const fonts = await loadSheetFonts(options.fontsDirectory);
    const html = renderAuditReport(
      entry,
      {
        record: folder.record,
        toolVersion: options.toolVersion,
        transcriptHead: folder.transcript.head,
      },
      fonts,
    );
    const reportPath = join(folder.path, report);
    await writeFileAtomic(reportPath, html, { exclusive: true, mode: 0o644 });
    await folder.transcript.append('share-audit', {
      outcome: entry.outcome,
      shareSet: entry.shareSet,
      proven: entry.proven.map((s) => s.shareNumber),
      wrong: entry.wrong.map((s) => s.shareNumber),
      ...(entry.kcv ? { kcv: entry.kcv } : {}),
      report,
    });
    await folder.update((record) => ({
      ...record,
      shareAudits: [...(record.shareAudits ?? []), entry],
    }));
    return { entry, reportPath, transcriptHead: folder.transcript.head };
  } catch (error) {
    if (error instanceof Refusal) throw error;
    throw new Refusal(
      'io-error',
      `The audit could not be written: ${ceremonyFolderReason(error, folder.path)}.`,
      {
        cause: error,
      },
    );
  }
}
