// The names the page-side `window.custos` needs — method -> channel, and event names — taken
// from the contract in main and handed to the preload (as a process argument) and to the
// browser bridge (as an attribute of its script tag). The page side never loads the contract's
// schemas: validation happens in main, and the schemas would only add weight there.

import { METHOD_TO_CHANNEL } from '../../shared/ipc/api';
import { EVENTS } from '../../shared/ipc/contract';
import type { ContractTable } from './custos-api';

export function contractTable(): ContractTable {
  return {
    methods: [...METHOD_TO_CHANNEL],
    events: Object.keys(EVENTS) as ContractTable['events'],
  };
}

/** base64url JSON: safe inside an HTML attribute and a command-line argument alike. */
export function encodeContractTable(table: ContractTable = contractTable()): string {
  return Buffer.from(JSON.stringify(table), 'utf8').toString('base64url');
}
