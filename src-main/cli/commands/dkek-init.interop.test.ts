// `custos dkek init` on a simulated SmartCard-HSM in vpcd's reader, through Debian's real pcscd
// (our private stack, spec §7.3) and `--device pcsc:…`, as a real card would be used: then
// Debian's sc-hsm-tool reads the device's DKEK status and prints the same KCV Custos recorded.
// Slow (pcscd, a simulator process); kept to one test. The `.pbe` derivations run with c = 1:
// the device only ever sees the 32-byte shares, so the cost does not change what is tested.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pcscBinding } from '../../hsm/smartcard-hsm/pcsc/pcsc-binding';
import { PcscTestStack } from '../../hsm/smartcard-hsm/testing/pcsc-stack';
import { stackPrerequisites } from '../../hsm/smartcard-hsm/testing/stack-prerequisites';
import { runCli } from '../cli';
import { makeDkekCommand } from './dkek';

const prerequisites = stackPrerequisites();
const binding = await pcscBinding();
const skipReason = !prerequisites.available
  ? prerequisites.reason
  : !binding.available
    ? `skipped: ${binding.reason}`
    : undefined;
if (skipReason) console.log(skipReason);

describe.skipIf(skipReason !== undefined)('dkek init over pcscd + vpcd', () => {
  let stack: PcscTestStack;

  beforeAll(async () => {
    stack = await PcscTestStack.start();
    await stack.startSimulator(join(stack.folder, 'device.json'), 0);
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  async function custos(...args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(
      ['dkek', ...args],
      {
        stdout: (text) => void (stdout += text),
        stderr: (text) => void (stderr += text),
        cwd: stack.folder,
        stopRequested: new Promise(() => undefined),
      },
      [makeDkekCommand({ iterations: 1 })],
    );
    return { code, stdout, stderr };
  }

  it('initialises the card with two shares; sc-hsm-tool prints the recorded KCV', async () => {
    const folder = stack.folder;
    await writeFile(join(folder, 'so-pin.txt'), '0123456789ABCDEF\n');
    await writeFile(join(folder, 'pin.txt'), 'custos-pin-642\n');
    await writeFile(join(folder, 'alice.pw'), 'alice correct horse battery\n');
    await writeFile(join(folder, 'erin.pw'), 'erin staple tram violet\n');
    await writeFile(
      join(folder, 'plan.json'),
      JSON.stringify({
        ceremony: 'Interop domain',
        soPinFile: 'so-pin.txt',
        pinFile: 'pin.txt',
        dkek: {
          mode: 'shares',
          shares: [
            { custodian: 'Alice', passwordFile: 'alice.pw' },
            { custodian: 'Erin', passwordFile: 'erin.pw' },
          ],
        },
      }),
    );
    const device = `pcsc:${stack.readerName(0)}`;
    const init = await custos(
      'init',
      '--plan',
      'plan.json',
      '--device',
      device,
      '--out',
      'ceremony',
    );
    expect(init.code, init.stderr).toBe(0);
    const record = JSON.parse(await readFile(join(folder, 'ceremony', 'ceremony.json'), 'utf8'));
    expect(record.device.simulated).toBe(false);
    expect(record.dkek.kcv).toMatch(/^[0-9A-F]{16}$/);

    const tool = await stack.scHsmTool([], { slot: 0 });
    expect(tool.code, tool.output).toBe(0);
    const printed = /key check value\s*:\s*([0-9A-Fa-f]{16})/i.exec(tool.output)?.[1];
    expect(printed?.toUpperCase(), tool.output).toBe(record.dkek.kcv);

    const status = await custos('status', '--device', device, '--folder', 'ceremony');
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(`KCV ${record.dkek.kcv}`);
  }, 180_000);
});
