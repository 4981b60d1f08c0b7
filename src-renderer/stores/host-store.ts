// Which host runs this window (Electron or the browser host), asked once. The renderer learns
// its host only from here, and only to say so; it never behaves differently because of it.

import { createStore } from 'zustand/vanilla';
import type { HostInfo } from '../../shared/ipc/contract';
import type { CustosApi } from '../../shared/ipc/api';
import { unansweredCall } from '../bridge';

export type HostState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'known'; readonly info: HostInfo }
  | { readonly kind: 'failed'; readonly message: string };

export type HostStore = ReturnType<typeof createHostStore>;

export function createHostStore() {
  return createStore<{ host: HostState }>()(() => ({ host: { kind: 'loading' } }));
}

export async function loadHostInfo(
  store: HostStore,
  api: Pick<CustosApi, 'hostInfo'>,
): Promise<void> {
  try {
    const result = await api.hostInfo({});
    store.setState({
      host: result.ok
        ? { kind: 'known', info: result.data }
        : { kind: 'failed', message: result.message },
    });
  } catch {
    store.setState({ host: { kind: 'failed', message: unansweredCall('which host it runs in') } });
  }
}

/** "Browser host · Custos 0.1.0 · linux" */
export function describeHost(info: HostInfo): string {
  const host = info.host === 'electron' ? 'Desktop app' : 'Browser host';
  return `${host} · Custos ${info.version} · ${info.platform}`;
}
