// The private PC/SC stack itself, with a tiny card of the test's own: our pcscd comes up on its
// private vpcd port, opensc-tool (a real PC/SC client) sees the card's ATR and exchanges an
// APDU with it through pcscd and vpcd, and a pulled card disappears from the reader.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualCard } from '../simulator/virtual-card';
import { PcscTestStack } from './pcsc-stack';
import { runTool } from './run-tool';
import { OPENSC_TOOL, stackPrerequisites } from './stack-prerequisites';

const prerequisites = stackPrerequisites();
if (!prerequisites.available) console.log(prerequisites.reason);

const ATR = Uint8Array.from(Buffer.from('3bfe1800008131fe458031815448534d31738021408107fa', 'hex'));

/** Answers SELECT with 9000 and echoes any other command's data back (so extended lengths show). */
class TinyCard implements VirtualCard {
  readonly atr = ATR;
  resets = 0;
  readonly seen: string[] = [];
  transmit(apdu: Uint8Array): Uint8Array {
    this.seen.push(Buffer.from(apdu).toString('hex'));
    if (apdu[1] === 0xa4) return Uint8Array.of(0x90, 0x00);
    return Uint8Array.of(0x6d, 0x00);
  }
  reset(): void {
    this.resets += 1;
  }
}

describe.skipIf(!prerequisites.available)('private PC/SC test stack', () => {
  let stack: PcscTestStack;
  const card = new TinyCard();

  beforeAll(async () => {
    stack = await PcscTestStack.start();
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it("puts a virtual card into vpcd's reader that opensc-tool reaches through pcscd", async () => {
    const bridge = await stack.insertCard(card, 0);
    const atr = await runTool(OPENSC_TOOL, ['--reader', '0', '--atr'], {
      timeoutMs: 20_000,
      env: stack.env,
    });
    expect(atr.output.toLowerCase()).toContain(
      '3b:fe:18:00:00:81:31:fe:45:80:31:81:54:48:53:4d:31:73:80:21:40:81:07:fa',
    );
    const select = await runTool(
      OPENSC_TOOL,
      ['--reader', '0', '--send-apdu', '00:A4:04:00:0B:E8:2B:06:01:04:01:81:C3:1F:02:01'],
      { timeoutMs: 20_000, env: stack.env },
    );
    expect(select.output).toMatch(/SW1=0x90, SW2=0x00/);
    expect(card.seen).toContain('00a404000be82b0601040181c31f0201');

    await bridge.removeCard();
    // pcscd notices on its next presence poll of the reader.
    let output = '';
    for (let attempt = 0; attempt < 20 && !/no card|not present/i.test(output); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      output = (
        await runTool(OPENSC_TOOL, ['--reader', '0', '--atr'], {
          timeoutMs: 20_000,
          env: stack.env,
        })
      ).output;
    }
    expect(output).toMatch(/no card|not present/i);
    expect(card.resets).toBeGreaterThan(0);
  }, 90_000);
});
