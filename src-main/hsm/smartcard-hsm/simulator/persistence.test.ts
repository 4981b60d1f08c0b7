import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stateLockPath } from '../../yubihsm/simulator/state-lock';
import { SimulatedSmartCardHsm } from './simulated-smartcard-hsm';
import { storageKeyPath } from './state-file';
import { generateEcApdu, importShareApdu, initializeApdu, send, verifyApdu } from './test-support';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function statePath(): string {
  const folder = mkdtempSync(join(tmpdir(), 'custos-schsm-'));
  folders.push(folder);
  return join(folder, 'primary.json');
}

const SHARE = 'ab'.repeat(32);

describe('the simulated card on disk', () => {
  it('keeps PINs, retry counters, the DKEK, keys and files across a reopen', async () => {
    const path = statePath();
    const card = await SimulatedSmartCardHsm.open({ statePath: path, flavour: 'pico-hsm' });
    send(card, initializeApdu({ shares: 1, retries: 5 }));
    send(card, importShareApdu(SHARE));
    send(card, verifyApdu());
    send(card, generateEcApdu(1));
    const wrapped = send(card, '8072019200000000').data;
    send(card, verifyApdu('999999'));
    await card.close();

    const text = readFileSync(path, 'utf8');
    expect(JSON.parse(text)).toMatchObject({
      format: 'custos-simulated-smartcard-hsm',
      flavour: 'pico-hsm',
    });
    // Nothing secret in the clear: not the share, not the PIN.
    expect(text).not.toContain(SHARE);
    expect(text).not.toContain(Buffer.from('123456').toString('hex'));
    expect(existsSync(stateLockPath(path))).toBe(false);

    const again = await SimulatedSmartCardHsm.open({ statePath: path });
    expect(again.flavour).toBe('pico-hsm');
    expect(send(again, '00200081').sw).toBe('63c4');
    send(again, verifyApdu());
    expect(send(again, '8052000000').data.slice(0, 4)).toBe('0100');
    expect(send(again, '80580000000000').data).toBe('cc00cc01');
    expect(send(again, '8072019200000000').data.slice(0, 16)).toBe(wrapped.slice(0, 16));
    await again.close();
    await expect(
      SimulatedSmartCardHsm.open({ statePath: path, flavour: 'smartcard-hsm' }),
    ).rejects.toThrow(/is a Pico HSM, not a SmartCard-HSM/);
  });

  it('refuses a state file a second process holds, naming it and the lock file', async () => {
    const path = statePath();
    const tsx = resolve('node_modules/.bin/tsx');
    const module = resolve('src-main/hsm/smartcard-hsm/simulator/simulated-smartcard-hsm.ts');
    const script = `import { SimulatedSmartCardHsm } from ${JSON.stringify(module)};
      await SimulatedSmartCardHsm.open({ statePath: ${JSON.stringify(path)} });
      console.log('opened'); setTimeout(() => {}, 60000);`;
    const other = spawn(tsx, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((done, fail) => {
        const timer = setTimeout(
          () => fail(new Error('the other process did not open the card')),
          20000,
        );
        other.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('opened')) {
            clearTimeout(timer);
            done();
          }
        });
      });
      await expect(SimulatedSmartCardHsm.open({ statePath: path })).rejects.toThrow(
        `The simulated SmartCard-HSM in ${path} is already in use by another Custos process (pid`,
      );
    } finally {
      other.kill();
      await new Promise((done) => other.once('exit', done));
    }
    // Once that process has ended its lock is taken over.
    const card = await SimulatedSmartCardHsm.open({ statePath: path });
    await card.close();
  }, 30000);

  it('names a damaged state file or storage key and leaves them untouched', async () => {
    const path = statePath();
    await (await SimulatedSmartCardHsm.open({ statePath: path })).close();
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, original.replace(/"sealedState": "(.)/, '"sealedState": "A$1'));
    await expect(SimulatedSmartCardHsm.open({ statePath: path })).rejects.toThrow(
      /state file .* is corrupt \(the sealed state does not open/,
    );
    writeFileSync(path, '{');
    await expect(SimulatedSmartCardHsm.open({ statePath: path })).rejects.toThrow(/not valid JSON/);
    expect(readFileSync(path, 'utf8')).toBe('{');
    writeFileSync(path, original);
    rmSync(storageKeyPath(path));
    await expect(SimulatedSmartCardHsm.open({ statePath: path })).rejects.toThrow(
      /storage key .* cannot be read/,
    );
  });

  it('a write that fails makes the card answer 6581 and flush() say why', async () => {
    const path = statePath();
    const card = await SimulatedSmartCardHsm.open({ statePath: path });
    // The folder goes away under the card (a USB stick pulled, a cleanup): the write fails.
    rmSync(join(path, '..'), { recursive: true, force: true });
    expect(send(card, initializeApdu({})).sw).toBe('9000');
    await expect(card.flush()).rejects.toThrow(/could not write its state file/);
    expect(send(card, '0084000008').sw).toBe('6581');
    await expect(card.close()).rejects.toThrow(/could not write/);
  });
});
