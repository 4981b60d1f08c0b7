import { describe, expect, it } from 'vitest';
import { createHostStore, describeHost, loadHostInfo } from './host-store';

describe('the host store', () => {
  it('holds what main says about its host', async () => {
    const store = createHostStore();
    await loadHostInfo(store, {
      hostInfo: async () => ({
        ok: true,
        data: { host: 'browser', version: '0.1.0', platform: 'linux' },
      }),
    });
    const host = store.getState().host;
    expect(host).toEqual({
      kind: 'known',
      info: { host: 'browser', version: '0.1.0', platform: 'linux' },
    });
    expect(host.kind === 'known' && describeHost(host.info)).toBe(
      'Browser host · Custos 0.1.0 · linux',
    );
  });

  it('keeps the failure sentence when main answers with an error or not at all', async () => {
    const store = createHostStore();
    await loadHostInfo(store, {
      hostInfo: async () => ({ ok: false, code: 'forbidden', message: 'This window may not ask.' }),
    });
    expect(store.getState().host).toEqual({ kind: 'failed', message: 'This window may not ask.' });
    await loadHostInfo(store, { hostInfo: () => Promise.reject(new Error('gone')) });
    expect(store.getState().host).toMatchObject({
      kind: 'failed',
      message: expect.stringMatching(/start Custos again/),
    });
  });
});
