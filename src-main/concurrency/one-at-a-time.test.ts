import { describe, expect, it } from 'vitest';
import { OneAtATime } from './one-at-a-time';

describe('OneAtATime', () => {
  it('never lets two exchanges overlap, even when one fails', async () => {
    const queue = new OneAtATime();
    const events: string[] = [];
    const exchange =
      (name: string, fail = false) =>
      () =>
        new Promise<string>((resolve, reject) => {
          events.push(`start ${name}`);
          setTimeout(() => {
            events.push(`end ${name}`);
            if (fail) reject(new Error(name));
            else resolve(name);
          }, 5);
        });
    const results = await Promise.allSettled([
      queue.run(exchange('a')),
      queue.run(exchange('b', true)),
      queue.run(exchange('c')),
    ]);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
