// A simulated Pico HSM (`custos simulator --smartcard-hsm --pico-hsm --vpcd`) through pcscd +
// vpcd: sc-hsm-tool reads its DKEK check value as zeros, because the Pico reveals it only after
// VERIFY in the same card session and sc-hsm-tool never sends one (spec §7.1, pico-hsm #94).
// Custos names that instead of showing the zeros, and reads the real value by verifying first.

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shareCheckValue } from '../../../dkek/check-value';
import { HIDDEN_KCV_EXPLANATION, SmartCardHsmClient } from '../client';
import { pcscBinding } from '../pcsc/pcsc-binding';
import { PcscTransport } from '../pcsc/pcsc-transport';
import { PcscTestStack } from './pcsc-stack';
import { stackPrerequisites } from './stack-prerequisites';

const prerequisites = stackPrerequisites();
const binding = await pcscBinding();
const skipReason = !prerequisites.available
  ? prerequisites.reason
  : !binding.available
    ? `skipped: ${binding.reason}`
    : undefined;
if (skipReason) console.log(skipReason);

const PIN = '648219';

describe.skipIf(skipReason !== undefined)('a simulated Pico HSM through pcscd + vpcd', () => {
  let stack: PcscTestStack;

  beforeAll(async () => {
    stack = await PcscTestStack.start();
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('sc-hsm-tool shows a zero check value; Custos explains it and reads the real one after VERIFY', async () => {
    const simulator = await stack.startSimulator(join(stack.folder, 'pico.json'), 0, [
      '--pico-hsm',
    ]);
    expect(simulator.output()).toContain('Simulated Pico HSM for vpcd at');
    const init = await stack.scHsmTool(
      ['--initialize', '--so-pin', '3537363231383830', '--pin', PIN, '--dkek-shares', '1'],
      { slot: 0 },
    );
    expect(init.code, init.output).toBe(0);
    const share = new Uint8Array(randomBytes(32));
    const transport = await PcscTransport.open(stack.readerName(0));
    try {
      const client = new SmartCardHsmClient(transport);
      await client.select();
      await client.verifyPin(PIN);
      await client.importDkekShare(share);
    } finally {
      await transport.close();
    }

    const status = await stack.scHsmTool([], { slot: 0 });
    expect(status.output).toContain('DKEK key check value : 0000000000000000');

    const again = await PcscTransport.open(stack.readerName(0));
    try {
      const client = new SmartCardHsmClient(again);
      await client.select();
      expect(await client.dkekStatus()).toEqual({
        state: 'complete-kcv-hidden',
        total: 1,
        explanation: HIDDEN_KCV_EXPLANATION,
      });
      expect(await client.dkekStatus({ pin: PIN })).toMatchObject({
        state: 'complete',
        kcv: shareCheckValue(share),
      });
    } finally {
      await again.close();
    }
  }, 120_000);
});
