import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/ipc/contract';
import { ok } from '../../shared/ipc/result';
import { contractTable, encodeContractTable } from './contract-table';
import { buildCustosApi, decodeContractTable } from './custos-api';

describe('window.custos builder', () => {
  it('has one named method per contract channel plus on(), and nothing else', () => {
    const api = buildCustosApi(
      decodeContractTable(encodeContractTable()),
      async () => ok(null),
      () => () => undefined,
    );
    const expected = [...Object.values(CHANNELS).map((entry) => entry.method), 'on'].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('sends each method to its own channel with the request untouched', async () => {
    const calls: unknown[] = [];
    const api = buildCustosApi(
      contractTable(),
      async (channel, payload) => {
        calls.push([channel, payload]);
        return ok(null);
      },
      () => () => undefined,
    );
    await api.listDevices({});
    await api.hostInfo({});
    expect(calls).toEqual([
      ['device/list', {}],
      ['host/info', {}],
    ]);
  });

  it('refuses unknown events and non-function listeners, and returns the unsubscribe', () => {
    let removed = false;
    const api = buildCustosApi(
      contractTable(),
      async () => ok(null),
      () => () => {
        removed = true;
      },
    );
    expect(() => api.on('device/gone' as never, () => undefined)).toThrow(TypeError);
    expect(() => api.on('device/changed', 'x' as never)).toThrow(TypeError);
    api.on('device/changed', () => undefined)();
    expect(removed).toBe(true);
  });

  it('refuses a missing or malformed table', () => {
    expect(() => decodeContractTable(undefined)).toThrow(/missing/);
    const bad = Buffer.from(
      JSON.stringify({ methods: [['x"><script>', 'device/list']], events: [] }),
    ).toString('base64url');
    expect(() => decodeContractTable(bad)).toThrow(/malformed/);
  });
});
