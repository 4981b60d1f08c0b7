import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli';
import type { CliCommand, CliIo } from './command';
import { deviceOption, deviceSpecOption, openDeviceOption } from './device-option';

describe('--device', () => {
  it('resolves a simulator state file against the working directory', () => {
    expect(deviceSpecOption('sim:primary.json', '/ceremony')).toEqual({
      kind: 'sim',
      statePath: '/ceremony/primary.json',
    });
  });

  it('turns a bad device string into a usage error (exit 2) naming the option', async () => {
    const command: CliCommand = {
      name: 'probe',
      summary: 'Opens a device.',
      options: [deviceOption('The device to open.')],
      run: async (options, io) => {
        await openDeviceOption(options.value('device')!, io.cwd);
        return 0;
      },
    };
    let err = '';
    const io: CliIo = {
      stdout: () => undefined,
      stderr: (text) => (err += text),
      cwd: '/tmp',
      stopRequested: new Promise(() => undefined),
    };
    expect(await runCli(['probe', '--device', 'floppy'], io, [command])).toBe(2);
    expect(err).toMatch(/^custos probe: --device: "floppy" is not a device; use sim:<state file>/);
  });

  it('opens a simulated device from its state file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'custos-device-'));
    try {
      const opened = await openDeviceOption('sim:rehearsal.json', folder);
      expect(opened.descriptor).toMatchObject({
        id: `sim:${join(folder, 'rehearsal.json')}`,
        transport: 'simulator',
        simulated: true,
      });
      await opened.transport.close();
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
