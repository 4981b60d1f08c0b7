import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spreadEvenly, startsPcscStack } from './test-order.mjs';

const root = resolve(import.meta.dirname, '../..');

describe('the unit tests’ order', () => {
  it('spreads the PC/SC files evenly, keeping every file and the others’ order', () => {
    const others = Array.from({ length: 10 }, (_, index) => `o${index}`);
    const order = spreadEvenly(others, ['p0', 'p1', 'p2']);
    expect(order).toHaveLength(13);
    expect(order.filter((name) => name.startsWith('o'))).toEqual(others);
    const places = ['p0', 'p1', 'p2'].map((name) => order.indexOf(name));
    expect(places).toEqual([0, 4, 9]);
    expect(spreadEvenly(others, [])).toEqual(others);
    expect(spreadEvenly([], ['p0', 'p1'])).toEqual(['p0', 'p1']);
  });

  it('tells a file that starts a PC/SC stack from one that does not', () => {
    expect(
      startsPcscStack(
        resolve(root, 'src-main/hsm/smartcard-hsm/testing/sc-hsm-tool-shares.interop.test.ts'),
      ),
    ).toBe(true);
    expect(startsPcscStack(resolve(root, 'src-main/dkek/md5-chain.test.ts'))).toBe(false);
    expect(startsPcscStack(resolve(root, 'no/such/file.test.ts'))).toBe(false);
  });
});
