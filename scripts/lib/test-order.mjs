// The unit tests' order (vitest.config.ts `sequence.sequencer`). Every test file that starts a
// private PC/SC stack takes the one machine-wide lock first (src-main/hsm/smartcard-hsm/testing/
// pcscd-guard.ts): two such files on the two workers at once leave one worker waiting, idle, for
// the other file's whole run. So vitest's own order (longest or largest first) is kept for the
// other files, and the PC/SC files are spread evenly between them, one every n-th place.

import { readFileSync } from 'node:fs';
import { BaseSequencer } from 'vitest/node';

/** Whether a test file starts a private PC/SC stack (and so waits for the lock). */
export function startsPcscStack(path) {
  try {
    return readFileSync(path, 'utf8').includes('PcscTestStack.start');
  } catch {
    return false;
  }
}

/** `others` in their order with `spread` placed evenly among them, the first at the front. */
export function spreadEvenly(others, spread) {
  if (spread.length === 0) return [...others];
  const gap = others.length / spread.length;
  const order = [];
  let next = 0;
  spread.forEach((item, index) => {
    const until = Math.round(index * gap);
    while (next < until) order.push(others[next++]);
    order.push(item);
  });
  while (next < others.length) order.push(others[next++]);
  return order;
}

export class PcscSpreadSequencer extends BaseSequencer {
  async sort(files) {
    const sorted = await super.sort(files);
    const pcsc = sorted.filter((spec) => startsPcscStack(spec.moduleId));
    return spreadEvenly(
      sorted.filter((spec) => !pcsc.includes(spec)),
      pcsc,
    );
  }
}
