// A pcscd that stops answering (SIGSTOP to the private pcscd: there, but silent, as a hung
// service is) must cost the watcher and a card session a sentence, never main's event loop:
// every PC/SC call runs in the host process, which main ends when a call runs past its limit.
// Once pcscd answers again, the next look and a new session work.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedSmartCardHsm } from '../simulator/simulated-smartcard-hsm';
import { PcscTestStack } from '../testing/pcsc-stack';
import { stackPrerequisites } from '../testing/stack-prerequisites';
import { pcscBinding } from './pcsc-binding';
import { PcscHost } from './pcsc-host';
import { PcscTransport } from './pcsc-transport';
import { PcscReaderWatcher, type PcscState } from './reader-watcher';

const prerequisites = stackPrerequisites();
const binding = await pcscBinding();
const skipReason = !prerequisites.available
  ? prerequisites.reason
  : !binding.available
    ? `skipped: ${binding.reason}`
    : undefined;
if (skipReason) console.log(skipReason);

const SELECT_SMARTCARD_HSM = Uint8Array.from(
  Buffer.from('00a4040c0be82b0601040181c31f0201', 'hex'),
);

/** Resolves with the first state `watcher` reports that `accept` takes. */
function stateWhere(watcher: PcscReaderWatcher, accept: (s: PcscState) => boolean) {
  return new Promise<PcscState>((resolve) => {
    if (accept(watcher.pcscState)) return resolve(watcher.pcscState);
    const stop = watcher.onStateChange((state) => {
      if (!accept(state)) return;
      stop();
      resolve(state);
    });
  });
}

describe.skipIf(skipReason !== undefined)('PC/SC with a hung pcscd', () => {
  let stack: PcscTestStack;
  let card: SimulatedSmartCardHsm;

  beforeAll(async () => {
    stack = await PcscTestStack.start();
    card = await SimulatedSmartCardHsm.open();
    await stack.insertCard(card, 0);
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
    await card?.close();
  }, 60_000);

  it('says pcscd is not answering, keeps main running meanwhile, and works again once pcscd answers', async () => {
    const pcsc = new PcscHost();
    const watcher = new PcscReaderWatcher({ pcsc, pollMs: 100 });
    await watcher.start();
    const session = await PcscTransport.open(stack.readerName(0), { pcsc, timeoutMs: 3000 });
    try {
      expect(watcher.pcscState).toEqual({ available: true });
      expect(watcher.list().map((reader) => reader.card)).toContain('present');
      const answer = await session.transmit(SELECT_SMARTCARD_HSM);
      expect(Buffer.from(answer.subarray(-2)).toString('hex')).toBe('9000');

      // Main's event loop keeps turning while pcscd is silent: count its turns.
      let turns = 0;
      const ticker = setInterval(() => (turns += 1), 20);
      stack.freezePcscd();
      const [refused, hung] = await Promise.all([
        session.transmit(SELECT_SMARTCARD_HSM).catch((error: unknown) => error),
        stateWhere(watcher, (state) => state.available === false),
      ]);
      clearInterval(ticker);
      expect(refused).toMatchObject({
        problem: 'timeout',
        message: expect.stringMatching(/^pcscd did not answer within 3 s .*restart pcscd/),
      });
      expect(hung).toMatchObject({
        available: false,
        // Whichever call ran out of time first, the listing is told in its own words.
        reason: expect.stringMatching(
          /^pcscd did not answer within [35] s while listing the readers; .*restart pcscd/,
        ),
      });
      // Blocked in pcsc-lite, main would not have turned once in these seconds.
      expect(turns).toBeGreaterThan(10);

      stack.thawPcscd();
      await stateWhere(watcher, (state) => state.available === true);
      const again = await PcscTransport.open(stack.readerName(0), { pcsc, timeoutMs: 10_000 });
      const answered = await again.transmit(SELECT_SMARTCARD_HSM);
      expect(Buffer.from(answered.subarray(-2)).toString('hex')).toBe('9000');
      await again.close();
    } finally {
      stack.thawPcscd();
      await session.close();
      await watcher.stop();
      await pcsc.close();
    }
  }, 90_000);
});
