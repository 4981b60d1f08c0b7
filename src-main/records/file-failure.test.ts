import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CeremonyFolder } from './ceremony-folder';
import { ceremonyFolderReason, fileFailureReason } from './file-failure';

async function failureOf(use: () => Promise<unknown>): Promise<unknown> {
  return use().then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('file failures told to a person', () => {
  it('names the thing and what to do, never the system call, errno or a temporary path', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'custos-file-failure-'));
    try {
      writeFileSync(join(folder, 'file'), '');
      const failures = [
        await failureOf(() => readFile(join(folder, 'missing', '.ceremony.json.ab12.tmp'))),
        await failureOf(() => readFile(join(folder, 'file', 'inside'))),
        await failureOf(() => readFile(folder)),
        new Error('something odd'),
        'not even an error',
      ];
      for (const error of failures) {
        const reason = fileFailureReason(error, 'the ceremony record');
        expect(reason).toContain('the ceremony record');
        expect(reason).not.toMatch(/ENOENT|ENOTDIR|EISDIR|open '|read '|\.tmp|something odd/);
      }
      expect(fileFailureReason(failures[0], 'the record')).toMatch(/is not there/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('a ceremony folder whose record cannot be read says so in a Custos sentence', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'custos-file-failure-'));
    try {
      mkdirSync(join(folder, 'ceremony.json'));
      const error = await failureOf(() => CeremonyFolder.open(folder));
      const reason = ceremonyFolderReason(error, folder);
      expect(reason).toBe(
        `${join(folder, 'ceremony.json')} cannot be read: the record is not what Custos expected there (a file where a folder should be, or the other way round)`,
      );
      // The raw error is kept underneath, for the log.
      expect((error as Error).cause).toMatchObject({ code: 'EISDIR' });
      expect(
        ceremonyFolderReason(Object.assign(new Error('EACCES: raw'), { code: 'EACCES' }), '/m'),
      ).toBe('Custos is not allowed to use the ceremony folder /m; check its permissions');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
