// A Custos window without a browser, for the seam tests: the real app in this process (its
// engines, IPC router, sender check and event hub, on its simulated primary and secondary), and
// the renderer's own stores and intents wired to it as `window.custos` would be, so every
// snapshot a screen renders is one main really pushed or answered. What the step shows is then
// rendered from that store with the renderer's own components. Nothing here stands in for a part
// of Custos; only the carrier (a WebSocket or Electron IPC) is left out.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { CustosApi } from '../shared/ipc/api';
import type { DeviceView } from '../shared/ipc/devices';
import { contractTable } from '../src-main/hosts/contract-table';
import { buildCustosApi } from '../src-main/hosts/custos-api';
import type { IpcSender } from '../src-main/ipc/sender';
import { createCustosApp, type CustosApp } from '../src-main/services/custos-app';
import { startServices, type RunningServices } from '../src-main/services/lifecycle';
import { createSimulator } from '../src-main/services/simulator-factory';
import { createStores, StoresProvider } from '../src-renderer/stores/context';

const SENDER: IpcSender = { kind: 'socket', authenticated: true };

export interface AppWindow {
  app: CustosApp;
  /** `window.custos` as the page gets it, over the app's own router and events. */
  api: CustosApi;
  /** A scratch folder for ceremony folders; removed by close(). */
  folder: string;
  /** The markup of `screen` inside the window's providers, with the devices main lists. */
  render(screen: ReactNode): string;
  close(): Promise<void>;
}

export async function openAppWindow(): Promise<AppWindow> {
  const folder = mkdtempSync(join(tmpdir(), 'custos-seam-'));
  const app = createCustosApp({
    host: 'browser',
    version: '0.0.0-seam',
    userDataFolder: join(folder, 'user-data'),
    createSimulator,
    usb: false,
    logToStderr: false,
  });
  let services: RunningServices | undefined;
  try {
    services = await startServices(app.services, app.logger);
    await devicesChecked(app);
  } catch (error) {
    await services?.stop();
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  const api = buildCustosApi(
    contractTable(),
    (channel, payload) => app.router.dispatch(channel, payload, SENDER),
    (event, listener) =>
      app.events.subscribe((name, payload) => {
        if (name === event) listener(payload);
      }),
  );
  return {
    app,
    api,
    folder,
    render: (screen) =>
      renderToStaticMarkup(
        <StoresProvider stores={createStores(app.devices.list())}>{screen}</StoresProvider>,
      ),
    async close() {
      await services?.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Resolves once both simulated devices are listed and checked. */
function devicesChecked(app: CustosApp): Promise<DeviceView[]> {
  const ready = () => {
    const list = app.devices.list();
    return list.length === 2 && list.every((d) => d.status.kind !== 'checking') ? list : undefined;
  };
  return new Promise((resolve) => {
    const now = ready();
    if (now) return resolve(now);
    const off = app.events.subscribe(() => {
      const list = ready();
      if (list) {
        off();
        resolve(list);
      }
    });
  });
}

/** Resolves once `store` holds a snapshot. */
export function firstSnapshot<S>(store: {
  getState(): { snapshot: S | null };
  subscribe(listener: (state: { snapshot: S | null }) => void): () => void;
}): Promise<S> {
  return new Promise((resolve) => {
    const now = store.getState().snapshot;
    if (now) return resolve(now);
    const off = store.subscribe((state) => {
      if (state.snapshot) {
        off();
        resolve(state.snapshot);
      }
    });
  });
}

/** The element with this test id and its attributes, from rendered markup ('' when absent). */
export function tagOf(markup: string, testId: string): string {
  const at = markup.indexOf(`data-testid="${testId}"`);
  if (at < 0) return '';
  return markup.slice(markup.lastIndexOf('<', at), markup.indexOf('>', at) + 1);
}

/** The text of the first element with this test id ('' when absent). */
export function textOf(markup: string, testId: string): string {
  const tag = tagOf(markup, testId);
  if (!tag) return '';
  const start = markup.indexOf(tag) + tag.length;
  const name = /^<([a-z0-9]+)/.exec(tag)![1]!;
  return markup
    .slice(start, markup.indexOf(`</${name}>`, start))
    .replace(/<[^>]+>/g, '')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();
}
