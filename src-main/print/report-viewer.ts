// How a host shows the verification's printable report, which main itself wrote into the
// ceremony folder: one ReportViewer per host, chosen by the host that starts Custos, never by
// the renderer. The verify engine decides which report (the one of the verification on screen)
// and reads it; the viewer only shows it.
//
// - Electron (electron-report-viewer.ts): the system's viewer for the file main wrote.
// - Browser host (`pageReportViewer` below): a one-time page at a token URL, served like the
//   share sheets, which the renderer opens in a new window; the browser prints it.

import { createSheetServer, type SheetServer } from './sheet-server';

export const REPORT_PATH_PREFIX = '/print/report/';

export interface ReportToShow {
  /** The report's HTML as read back from the folder (no secret: ids, labels, serials). */
  html: string;
  /** Where main wrote it; the Electron host hands this path to the system viewer. */
  path: string;
}

export type ReportShown = { kind: 'viewer' } | { kind: 'page'; url: string };

export interface ReportViewer {
  open(report: ReportToShow): Promise<ReportShown>;
}

/** The browser host's report pages: one fetch or a minute, like a share sheet. */
export function createReportServer(): SheetServer {
  return createSheetServer({
    pathPrefix: REPORT_PATH_PREFIX,
    goneSentence:
      'This report link has been used or has expired. Open the report again from the verification’s result in Custos.',
  });
}

export function pageReportViewer(server: SheetServer): ReportViewer {
  return {
    async open(report) {
      return { kind: 'page', url: server.offer(report.html).path };
    },
  };
}
