import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { folderGuard } from './folder-guard';

const root = mkdtempSync(join(tmpdir(), 'custos-folder-guard-'));
const userData = join(root, 'user-data');
mkdirSync(userData);
const guard = folderGuard([userData]);
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function refusal(folder: string): Promise<string> {
  return guard(folder).then(
    () => 'accepted',
    (error: Error) => error.message,
  );
}

describe('ceremony folders the page sends', () => {
  it('accepts a full path of a folder of the person’s own, tidied', async () => {
    expect(await guard(`  ${join(root, 'ceremony')}/  `)).toBe(join(root, 'ceremony'));
  });

  it('refuses relative paths, .., hidden and system folders, and Custos’s own user data', async () => {
    expect(await refusal('ceremony')).toBe(
      'Give the ceremony folder as a full path. Nothing was written.',
    );
    expect(await refusal(`${root}/a/../../etc`)).toMatch(/without "\.\." in it/);
    expect(await refusal(`${root}/.ssh`)).toMatch(/inside a hidden folder/);
    expect(await refusal('/etc/cron.d')).toMatch(/is a system folder/);
    expect(await refusal('/')).toMatch(/is a system folder/);
    expect(await refusal(join(userData, 'simulators'))).toMatch(/Custos's own user-data folder/);
    expect(await refusal(`${root}/x\u0000y`)).toMatch(/control characters/);
  });

  it('sees through a link that leads into the user-data folder', async () => {
    const link = join(root, 'innocent');
    symlinkSync(userData, link);
    expect(await refusal(join(link, 'ceremony'))).toMatch(/Custos's own user-data folder/);
  });

  it('checks the folder of a file path too (the ceremony script)', async () => {
    const { withFolderGuard } = await import('./folder-guard');
    const seen: string[] = [];
    const handlers = new Proxy(
      {},
      {
        get: () => async (request: { path?: string; folder?: string }) => {
          seen.push(request.path ?? request.folder ?? '');
          return { ok: true, data: null };
        },
      },
    ) as Parameters<typeof withFolderGuard>[0];
    const guarded = withFolderGuard(handlers, guard);
    const write = guarded['init/write-script'];
    await write({ path: join(root, 'script.html') });
    expect(seen).toEqual([join(root, 'script.html')]);
    await expect(write({ path: join(userData, 'logs', 'x.html') })).rejects.toThrow(
      /Custos's own user-data folder/,
    );
    await expect(write({ path: '/etc/profile.d/x.sh' })).rejects.toThrow(/system folder/);
    await expect(write({ path: join(root, '.bashrc') })).rejects.toThrow(/visible name/);
  });
});
