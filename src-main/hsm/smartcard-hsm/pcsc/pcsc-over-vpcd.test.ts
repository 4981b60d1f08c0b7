// The PC/SC transport and reader watcher against real pcscd + vsmartcard-vpcd (spec §7.3),
// with small cards of the test's own: an extended-length answer arrives whole, insertion and
// removal show up as descriptors, and no card, a stalled card and a stopped pcscd each end in a
// sentence that says what to do, within the time limit, never a hang.

import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualCard } from '../simulator/virtual-card';
import { PcscTestStack } from '../testing/pcsc-stack';
import { stackPrerequisites } from '../testing/stack-prerequisites';
import { VPCD_CONTROL, VpcdReader, vpcdFrame } from '../vpcd/vpcd-framing';
import { pcscBinding } from './pcsc-binding';
import { PcscError } from './pcsc-sentences';
import { PcscTransport } from './pcsc-transport';
import { PcscReaderWatcher, type ReaderEvent } from './reader-watcher';

const prerequisites = stackPrerequisites();
const binding = await pcscBinding();
const skipReason = !prerequisites.available
  ? prerequisites.reason
  : !binding.available
    ? `skipped: ${binding.reason}`
    : undefined;
if (skipReason) console.log(skipReason);

const ATR = Uint8Array.from(Buffer.from('3bfe1800008131fe458031815448534d31738021408107fa', 'hex'));

/** SELECT answers 9000; INS CA answers 1000 bytes 00..E7 repeated (longer than a short APDU allows). */
class EchoCard implements VirtualCard {
  readonly atr = ATR;
  transmit(apdu: Uint8Array): Uint8Array {
    if (apdu[1] === 0xa4) return Uint8Array.of(0x90, 0x00);
    if (apdu[1] === 0xca) {
      const out = new Uint8Array(1002);
      for (let i = 0; i < 1000; i += 1) out[i] = i % 0xe8;
      out.set([0x90, 0x00], 1000);
      return out;
    }
    return Uint8Array.of(0x6d, 0x00);
  }
  reset(): void {}
}

/** A card that takes the APDU and never answers it: what a stalled device looks like to pcscd. */
function stalledCard(port: number): { close: () => void; gotApdu: Promise<void> } {
  const socket = connect(port, '127.0.0.1');
  const reader = new VpcdReader();
  let gotApdu!: () => void;
  const got = new Promise<void>((resolve) => (gotApdu = resolve));
  socket.on('data', (chunk: Buffer) => {
    for (const message of reader.push(chunk)) {
      if (message.kind === 'control' && message.code === VPCD_CONTROL.getAtr)
        socket.write(vpcdFrame(ATR));
      if (message.kind === 'apdu') gotApdu();
    }
  });
  socket.on('error', () => {});
  return { close: () => socket.destroy(), gotApdu: got };
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe.skipIf(skipReason !== undefined)('PC/SC transport over pcscd and vpcd', () => {
  let stack: PcscTestStack;

  beforeAll(async () => {
    stack = await PcscTestStack.start();
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('exchanges short and extended-length APDUs with the card, and the watcher follows insert and removal', async () => {
    const watcher = new PcscReaderWatcher({ pollMs: 100 });
    const events: ReaderEvent[] = [];
    watcher.onChange((event) => events.push(event));
    await watcher.start();
    try {
      expect(watcher.pcscState).toEqual({ available: true });
      const bridge = await stack.insertCard(new EchoCard(), 0);
      await until(() =>
        watcher.list().some((r) => r.reader === stack.readerName(0) && r.card === 'present'),
      );
      const seen = watcher.list().find((r) => r.reader === stack.readerName(0))!;
      expect(seen).toMatchObject({
        id: `pcsc:${stack.readerName(0)}`,
        transport: 'pcsc',
        card: 'present',
        atr: '3BFE1800008131FE458031815448534D31738021408107FA',
        smartCardHsm: true,
      });

      const card = await PcscTransport.open(stack.readerName(0));
      expect(card.description).toBe(stack.readerName(0));
      expect(
        hex(
          await card.transmit(
            Uint8Array.from(Buffer.from('00a404000be82b0601040181c31f0201', 'hex')),
          ),
        ),
      ).toBe('9000');
      const long = await card.transmit(Uint8Array.of(0x00, 0xca, 0x00, 0x00, 0x00, 0x00, 0x00));
      expect(long.length).toBe(1002);
      expect(long[999]).toBe(999 % 0xe8);
      await card.close();

      await bridge.removeCard();
      await until(() =>
        watcher.list().some((r) => r.reader === stack.readerName(0) && r.card === 'absent'),
      );
      expect(events.some((e) => e.type === 'detach' && e.reader.card === 'present')).toBe(true);

      const refused = await PcscTransport.open(stack.readerName(0)).catch(
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(PcscError);
      expect((refused as PcscError).problem).toBe('no-card');
      expect((refused as PcscError).message).toBe(
        `There is no card in ${stack.readerName(0)}; insert the card and try again`,
      );

      const unknown = await PcscTransport.open('Nitrokey HSM 00 00').catch(
        (error: unknown) => error,
      );
      expect((unknown as PcscError).message).toMatch(
        /The reader Nitrokey HSM 00 00 is not connected \(readers here: Virtual PCD 00 00/,
      );
    } finally {
      await watcher.stop();
    }
  }, 60_000);

  it('a card that stops answering, then pcscd stopped mid-exchange: sentences within the time limit, and the watcher says start pcscd', async () => {
    const stalled = stalledCard(stack.port + 1);
    try {
      await until(async () => {
        const transport = await PcscTransport.open(stack.readerName(1)).catch(() => undefined);
        await transport?.close();
        return transport !== undefined;
      });
      const card = await PcscTransport.open(stack.readerName(1), { timeoutMs: 1500 });
      const started = Date.now();
      const pending = card
        .transmit(Uint8Array.of(0x80, 0x52, 0x00, 0x00, 0x00))
        .catch((error: unknown) => error);
      await stalled.gotApdu;
      await stack.stopPcscd();
      const failure = (await pending) as PcscError;
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(failure).toBeInstanceOf(PcscError);
      expect(failure.message).toMatch(/pcscd/);
      // The session is not reused as if nothing happened.
      const after = (await card
        .transmit(Uint8Array.of(0x00, 0x84, 0x00, 0x00, 0x08))
        .catch((e: unknown) => e)) as Error;
      expect(after.message).toBe(failure.message);

      const refused = (await PcscTransport.open(stack.readerName(0)).catch(
        (e: unknown) => e,
      )) as PcscError;
      expect(refused.problem).toBe('service-not-running');
      expect(refused.message).toMatch(/^The PC\/SC service \(pcscd\) is not running; start pcscd/);

      const watcher = new PcscReaderWatcher({ pollMs: 100 });
      await watcher.start();
      expect(watcher.pcscState).toMatchObject({
        available: false,
        reason: expect.stringMatching(/start pcscd/),
      });
      expect(watcher.list()).toEqual([]);
      await watcher.stop();
    } finally {
      stalled.close();
    }
  }, 60_000);
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
