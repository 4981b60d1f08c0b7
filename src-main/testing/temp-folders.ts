// Test support: temporary folders a test file makes and removes after each test, so a ceremony
// folder, a user-data folder or a plan file never outlives the test that wrote it.
//   const temp = new TempFolders('custos-plan-file-');
//   afterEach(() => temp.removeAll());

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class TempFolders {
  private readonly made: string[] = [];

  constructor(private readonly prefix: string) {}

  /** A new empty folder under the system's temporary folder. */
  make(): string {
    const folder = mkdtempSync(join(tmpdir(), this.prefix));
    this.made.push(folder);
    return folder;
  }

  removeAll(): void {
    for (const folder of this.made.splice(0)) rmSync(folder, { recursive: true, force: true });
  }
}
