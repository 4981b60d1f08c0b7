// `custos restore` on a folder as yubihsm-setup leaves it (no Custos record): .yhw files wrapped
// offline the yubihsm-wrap way under the spec's wrap key, and share files holding the spec's
// 2-of-3 yubihsm-setup-shaped vectors (interop §3.5). The command says it runs in interop mode.

import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCustos } from '../testing/run-custos';
import {
  authenticationKeyBody,
  ecP256Key,
  wrapOffline,
} from '../../ceremonies/restore/testing/yubihsm-wrap';
import { Algorithm } from '../../hsm/yubihsm/protocol/algorithms';
import { capabilities } from '../../hsm/yubihsm/protocol/capabilities';
import { ObjectType } from '../../hsm/yubihsm/protocol/object-types';

const WRAP_KEY = Uint8Array.from({ length: 32 }, (_, i) => i);
const SHARES = [
  '2-1-KXC7BU2W3yhxujNMld4ncLgHcmTdJ227BU+V2y1nvQtFn9UrfaftW4XPNXut512LxT91qw',
  '2-3-e5TQDdenfHiT0zXUon9pkNcD5FF6a7PWB9uufme7zgvXpn5jp9YOy7pmc6PaBtO2anuj3g',
];

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'custos-cli-interop-'));
  mkdirSync(join(folder, 'dump'));
  writeFileSync(
    join(folder, 'dump', '0x0003-authentication-key.yhw'),
    wrapOffline(WRAP_KEY, {
      id: 3,
      type: ObjectType.AuthenticationKey,
      algorithm: Algorithm.Aes128YubicoAuthentication,
      label: 'Application auth key',
      domains: 1,
      capabilities: 0x000539f0n,
      body: await authenticationKeyBody('interop password', 0x000509f0n),
    }),
  );
  writeFileSync(
    join(folder, 'dump', '0x0010-asymmetric-key.yhw'),
    wrapOffline(WRAP_KEY, {
      id: 0x10,
      type: ObjectType.AsymmetricKey,
      algorithm: Algorithm.EcP256,
      label: 'TLS key',
      domains: 1,
      capabilities: capabilities('sign-ecdsa', 'exportable-under-wrap'),
      body: ecP256Key().body,
    }),
  );
  writeFileSync(join(folder, 'a.txt'), `${SHARES[0]}\n`);
  writeFileSync(join(folder, 'b.txt'), ` ${SHARES[1]} \r\n`);
  writeFileSync(join(folder, 'app.pw'), 'interop password\n');
});
afterEach(async () => rm(folder, { recursive: true, force: true }));

const custos = (args: readonly string[]) =>
  runCustos(args, { cwd: folder, userData: join(folder, 'user-data') });

describe('custos restore on a yubihsm-setup folder', () => {
  it(
    'restores in interop mode from the spec vectors, proving the application key',
    { timeout: 60_000 },
    async () => {
      const run = await custos([
        'restore',
        '--folder',
        'dump',
        '--device',
        'sim:secondary.json',
        '--share-file',
        'a.txt',
        '--share-file',
        'b.txt',
        '--auth-key',
        '0x0003',
        '--password-file',
        'app.pw',
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Interop mode: This folder has no Custos ceremony record/);
      expect(run.stdout).toContain('Wrap key rebuilt from shares 1, 3; check value ');
      expect(run.stdout).toContain('(the key opens the .yhw backups)');
      expect(run.stdout).toContain(
        '  imported  0x0010-asymmetric-key.yhw asymmetric-key 0x0010 "TLS key"\n',
      );
      expect(run.stdout).toContain('its password opened a session on the secondary');

      const bad = await custos([
        'restore',
        '--folder',
        'dump',
        '--device',
        'sim:other.json',
        '--share-file',
        'a.txt',
      ]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toBe(
        "custos restore: 2 shares are needed to rebuild the wrap key and 1 was given: add another custodian's share file.\n",
      );
    },
  );
});
