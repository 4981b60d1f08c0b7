// The Electron host's ReportViewer: the report main wrote is handed to the system's viewer for
// HTML (the person's browser), which shows and prints it outside Custos's windows. Only the path
// main wrote reaches here (verify engine), never one from a page. Runs only inside Electron.

import { shell } from 'electron';
import type { ReportViewer } from './report-viewer';

export function electronReportViewer(): ReportViewer {
  return {
    async open(report) {
      const failure = await shell.openPath(report.path);
      if (failure) throw new Error(`the system viewer did not open the report: ${failure}`);
      return { kind: 'viewer' };
    },
  };
}
