// Entry of the bridge script the browser host serves at /__custos/bridge.js (bundled by
// scripts/build.mjs into one IIFE). It runs before the renderer's bundle and defines
// `window.custos` as a read-only property, the same shape the Electron preload exposes. The
// contract's names come from main on the script tag's data-contract attribute.

import { decodeContractTable } from '../../custos-api';
import { connectCustos } from './bridge-core';
import { SOCKET_PATH } from './messages';

const table = decodeContractTable(document.currentScript?.getAttribute('data-contract'));
const socket = new WebSocket(`ws://${location.host}${SOCKET_PATH}`);
Object.defineProperty(window, 'custos', {
  // The renderer listens for this event name (src-renderer/stores/connection.ts).
  value: connectCustos(socket, table, () =>
    window.dispatchEvent(new Event('custos:connection-lost')),
  ),
  writable: false,
  configurable: false,
  enumerable: false,
});
