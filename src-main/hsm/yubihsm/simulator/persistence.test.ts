// Persistence (spec §7, brief): state survives a restart, sessions do not, a restart is a boot
// in the log, nothing secret is readable in the state files, and a damaged file is reported.

import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Algorithm } from '../protocol/algorithms';
import { capabilities } from '../protocol/capabilities';
import { Command } from '../protocol/commands';
import { concatBytes, u16 } from '../protocol/bytes';
import { SimulatorStateError, storageKeyPath } from './persistence';
import { SimulatedYubiHsm } from './simulated-yubihsm';
import {
  capabilityBytes,
  creationPrefix,
  defaultPasswordKeys,
  hex,
  openRawSession,
  toHex,
} from './test-support';

let folder: string;
let statePath: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'custos-simulator-'));
  statePath = join(folder, 'primary.yubihsm.json');
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const WRAP_KEY = hex('c0ffee00112233445566778899aabbccddeeff0123456789abcdef0011223344');

async function everyFileIn(path: string): Promise<Buffer[]> {
  return Promise.all((await readdir(path)).map((name) => readFile(join(path, name))));
}

describe('state file', () => {
  it('brings objects, options and the log back after a restart, but not sessions', async () => {
    const first = await SimulatedYubiHsm.create({ statePath, serial: 31415926 });
    const session = await openRawSession(first);
    await session.ok(
      Command.PutWrapKey,
      concatBytes(
        creationPrefix(
          0x0002,
          'Wrap key',
          1,
          capabilities('export-wrapped', 'import-wrapped'),
          Algorithm.Aes256CcmWrap,
        ),
        capabilityBytes(capabilities('exportable-under-wrap')),
        WRAP_KEY,
      ),
    );
    await session.ok(
      Command.PutOpaque,
      concatBytes(
        creationPrefix(
          0x0003,
          'note',
          1,
          capabilities('exportable-under-wrap'),
          Algorithm.OpaqueData,
        ),
        new TextEncoder().encode('survives'),
      ),
    );
    await session.ok(Command.SetOption, hex('03 0002 4a01'));
    const blob = await session.ok(Command.ExportWrapped, hex('0002 01 0003'));
    const before = await session.ok(Command.GetLogEntries);

    const second = await SimulatedYubiHsm.create({ statePath, serial: 11111111 });
    expect(second.serial).toBe(31415926);
    expect(toHex(await second.process(session.seal(Command.Echo, hex('01'))))).toBe('7f000103');

    const again = await openRawSession(second);
    expect(toHex(await again.ok(Command.ListObjects))).toBe('00010200' + '00020400' + '00030100');
    expect(Buffer.from(await again.ok(Command.GetOpaque, hex('0003'))).toString()).toBe('survives');
    expect(toHex(await again.ok(Command.GetOption, hex('03'))).includes('4a01')).toBe(true);
    // The log continues: the old entries, then this power-up's boot entry, chained.
    const after = await again.ok(Command.GetLogEntries);
    const beforeEntries = before[4]!;
    expect(after[4]).toBe(beforeEntries + 1);
    expect(toHex(after.subarray(5, 5 + 32 * beforeEntries))).toBe(toHex(before.subarray(5)));
    const boot = after.subarray(5 + 32 * beforeEntries);
    expect(toHex(boot.subarray(2, 16))).toBe('00' + '0000ffff000000000000000000');

    // The wrap key restored from the sealed store opens what the first run exported.
    await again.ok(Command.DeleteObject, hex('0003 01'));
    expect(toHex(await again.ok(Command.ImportWrapped, concatBytes(u16(2), blob)))).toBe('010003');
  });

  it('keeps key material out of every file in the folder, in hex, base64 and raw form', async () => {
    const device = await SimulatedYubiHsm.create({ statePath });
    const session = await openRawSession(device);
    await session.ok(
      Command.PutWrapKey,
      concatBytes(
        creationPrefix(
          0x0002,
          'Wrap key',
          1,
          capabilities('export-wrapped'),
          Algorithm.Aes256CcmWrap,
        ),
        capabilityBytes(0n),
        WRAP_KEY,
      ),
    );
    const defaults = await defaultPasswordKeys();
    const secrets = [WRAP_KEY, defaults.encryptionKey, defaults.macKey];
    const files = await everyFileIn(folder);
    // The state, its storage key, and the lock naming this process.
    expect(files.length).toBe(3);
    for (const file of files) {
      const text = file.toString('latin1');
      for (const secret of secrets) {
        const needles = [
          toHex(secret),
          toHex(secret).toUpperCase(),
          Buffer.from(secret).toString('base64'),
          Buffer.from(secret).toString('base64url'),
          Buffer.from(secret).toString('latin1'),
        ];
        // Also the key's middle, in case an encoding split it at a different boundary.
        needles.push(
          toHex(secret.subarray(3, 19)),
          Buffer.from(secret.subarray(3, 27)).toString('base64'),
        );
        for (const needle of needles) expect(text.includes(needle)).toBe(false);
      }
    }
    const state = JSON.parse(await readFile(statePath, 'utf8'));
    expect(state).toMatchObject({
      format: 'custos-simulated-yubihsm',
      formatVersion: 2,
      firmware: '2.4.0',
      serial: device.serial,
    });
    const key = await stat(storageKeyPath(statePath));
    expect(key.size).toBe(32);
    expect(key.mode & 0o777).toBe(0o600);
    expect((await stat(statePath)).mode & 0o777).toBe(0o600);
  });
});

describe('damaged state', () => {
  it('reports a state file that is not JSON, naming it, and leaves it untouched', async () => {
    await writeFile(statePath, 'not a state file');
    const failure = SimulatedYubiHsm.create({ statePath });
    await expect(failure).rejects.toBeInstanceOf(SimulatorStateError);
    await expect(failure).rejects.toThrow(
      `The simulated YubiHSM 2 state file ${statePath} is corrupt (it is not valid JSON)`,
    );
    expect(await readFile(statePath, 'utf8')).toBe('not a state file');
  });

  it('reports a sealed state that was altered', async () => {
    await SimulatedYubiHsm.create({ statePath });
    const file = JSON.parse(await readFile(statePath, 'utf8'));
    const sealed = Buffer.from(file.sealedState, 'base64');
    sealed[20]! ^= 0x01;
    file.sealedState = sealed.toString('base64');
    await writeFile(statePath, JSON.stringify(file));
    await expect(SimulatedYubiHsm.create({ statePath })).rejects.toThrow(
      /is corrupt \(the saved state was altered after it was written/,
    );
  });

  it('reports a serial edited outside the simulator (the metadata is authenticated)', async () => {
    await SimulatedYubiHsm.create({ statePath, serial: 12345678 });
    const file = JSON.parse(await readFile(statePath, 'utf8'));
    file.serial = 87654321;
    await writeFile(statePath, JSON.stringify(file));
    await expect(SimulatedYubiHsm.create({ statePath })).rejects.toBeInstanceOf(
      SimulatorStateError,
    );
  });

  it('reports a missing storage key, naming the key file', async () => {
    await SimulatedYubiHsm.create({ statePath });
    await rm(storageKeyPath(statePath));
    await expect(SimulatedYubiHsm.create({ statePath })).rejects.toThrow(
      `storage key ${storageKeyPath(statePath)} cannot be read`,
    );
  });

  it('reports a JSON file that is some other program’s', async () => {
    await writeFile(statePath, JSON.stringify({ hello: 'world' }));
    await expect(SimulatedYubiHsm.create({ statePath })).rejects.toThrow(
      'it is not a simulated YubiHSM 2 state file',
    );
  });
});

describe('unwritable state', () => {
  it('reports a state folder that does not exist, naming the file it could not write', async () => {
    const missing = join(folder, 'no-such-folder', 'device.json');
    await expect(SimulatedYubiHsm.create({ statePath: missing })).rejects.toThrow(
      `could not create its lock file ${missing}.lock (ENOENT); check that the folder exists and is writable`,
    );
  });

  it('answers STORAGE_FAILED and undoes the command when the state file can no longer be written', async () => {
    const sub = join(folder, 'removable');
    await mkdir(sub);
    const device = await SimulatedYubiHsm.create({ statePath: join(sub, 'device.json') });
    const session = await openRawSession(device);
    await rm(sub, { recursive: true });
    const put = concatBytes(creationPrefix(0x0005, 'note', 1, 0n, Algorithm.OpaqueData), hex('01'));
    expect(await session.error(Command.PutOpaque, put)).toBe(0x07);
    // The refused command did not happen: the device is as it was last written.
    expect(toHex(await session.ok(Command.ListObjects))).toBe('00010200');
    expect(await session.error(Command.GetOpaque, hex('0005'))).toBe(0x0b);
  });
});
