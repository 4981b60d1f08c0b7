import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chooseChromiumSandbox, namespacePrefix, NO_SANDBOX_WARNING } from './chromium-sandbox';
import { chromiumArgs, findChromium, writeLaunchPage } from './open-chromium';

const LINK = 'http://127.0.0.1:4100/?token=' + 'ab'.repeat(32);

describe('opening Chromium', () => {
  it('puts neither the launch token nor --no-sandbox on the command line when sandboxed', () => {
    const launch = writeLaunchPage(LINK);
    try {
      const args = chromiumArgs(launch.page, '/tmp/profile', true);
      expect(args.join(' ')).not.toContain('token');
      expect(args).not.toContain('--no-sandbox');
      expect(args).toContain(`--app=${launch.page}`);
      const file = fileURLToPath(launch.page);
      // Only this user can read the launch page, in a folder only this user can open.
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(launch.folder).mode & 0o777).toBe(0o700);
      expect(readFileSync(file, 'utf8')).toContain(`url=${LINK}`);
    } finally {
      rmSync(launch.folder, { recursive: true, force: true });
    }
    expect(chromiumArgs('file:///x', '/tmp/p', false)).toContain('--no-sandbox');
  });

  it('as root, runs Chromium in a user namespace where the kernel allows one, else warns', () => {
    expect(chooseChromiumSandbox(false, () => false)).toEqual({ sandboxed: true, prefix: [] });
    const probed: string[][] = [];
    const allowed = chooseChromiumSandbox(true, (command, args) => {
      probed.push([command, ...args]);
      return true;
    });
    expect(allowed).toEqual({ sandboxed: true, prefix: namespacePrefix() });
    expect(probed).toEqual([[...namespacePrefix(), 'true']]);
    expect(chooseChromiumSandbox(true, () => false)).toEqual({
      sandboxed: false,
      prefix: [],
      warning: NO_SANDBOX_WARNING,
    });
  });

  it.skipIf(!findChromium())(
    'this machine: Chromium opens the launch page with its sandbox and reaches the tokenised link',
    async () => {
      const sandbox = chooseChromiumSandbox();
      const seen: string[] = [];
      const server = createServer((request, response) => {
        seen.push(request.url ?? '');
        response.setHeader('Content-Type', 'text/html; charset=utf-8');
        response.end('<link rel="icon" href="data:,"><p>ok</p>');
      });
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      const port = (server.address() as AddressInfo).port;
      const launch = writeLaunchPage(`http://127.0.0.1:${port}/?token=${'cd'.repeat(32)}`);
      const profile = mkdtempSync(join(tmpdir(), 'custos-test-chromium-'));
      try {
        const args = [
          ...sandbox.prefix,
          findChromium()!,
          '--headless=new',
          '--virtual-time-budget=3000',
          '--dump-dom',
          ...chromiumArgs(launch.page, profile, sandbox.sandboxed).filter(
            (arg) => !arg.startsWith('--app='),
          ),
          launch.page,
        ];
        await new Promise<void>((done) => {
          const child = spawn(args[0]!, args.slice(1), { stdio: 'ignore' });
          child.once('exit', () => done());
        });
        // The tokenised link, once. Chromium may also ask for /favicon.ico whatever the page says
        // (a fresh CI machine did, despite the page's own icon); that request carries no token.
        expect(seen.filter((url) => url !== '/favicon.ico')).toEqual([
          `/?token=${'cd'.repeat(32)}`,
        ]);
        if (!sandbox.sandboxed) console.warn(sandbox.warning);
      } finally {
        server.close();
        rmSync(profile, { recursive: true, force: true });
        rmSync(launch.folder, { recursive: true, force: true });
      }
    },
    30_000,
  );
});
