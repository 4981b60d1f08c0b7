// The SmartCard-HSM family in the app: the simulated primary and secondary in the user-data
// folder (real simulators, state kept across a restart), what the list says when PC/SC cannot
// be used here, and a card in a real PC/SC reader (our private pcscd + vpcd stack) listed with
// its DKEK state beside them.

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SmartCardList } from '../../shared/ipc/smartcards';
import { shareCheckValue } from '../dkek/check-value';
import { SmartCardHsmClient } from '../hsm/smartcard-hsm/client';
import { pcscBinding } from '../hsm/smartcard-hsm/pcsc/pcsc-binding';
import { PcscHost } from '../hsm/smartcard-hsm/pcsc/pcsc-host';
import { PcscReaderWatcher } from '../hsm/smartcard-hsm/pcsc/reader-watcher';
import { SimulatedSmartCardHsm } from '../hsm/smartcard-hsm/simulator/simulated-smartcard-hsm';
import { PcscTestStack } from '../hsm/smartcard-hsm/testing/pcsc-stack';
import { stackPrerequisites } from '../hsm/smartcard-hsm/testing/stack-prerequisites';
import { createEventHub } from '../ipc/events';
import { createLogger } from '../log/logger';
import { SmartCardService, smartCardStatePath } from './smartcard-service';

const logger = createLogger({ sinks: [], level: 'error' });
// A host process that cannot load its binding, as on a machine where npm left it out.
const noBinding = new PcscHost({ moduleName: 'custos-test-no-such-pcsc-binding' });

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'custos-smartcards-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function service(watcher: PcscReaderWatcher) {
  const events = createEventHub(logger);
  const published: SmartCardList[] = [];
  events.subscribe((event, payload) => {
    if (event === 'smartcard/changed') published.push(payload as SmartCardList);
  });
  return {
    service: new SmartCardService({ userDataFolder: folder, watcher, events, logger }),
    published,
  };
}

async function settled(list: () => SmartCardList): Promise<SmartCardList> {
  for (let i = 0; i < 100 && list().cards.some((card) => card.status.kind === 'checking'); i += 1)
    await new Promise((resolve) => setTimeout(resolve, 20));
  return list();
}

describe('SmartCardService', () => {
  it('lists the simulated pair from the user-data folder, says how to get PC/SC, and keeps a DKEK across a restart', async () => {
    const first = service(new PcscReaderWatcher({ pcsc: noBinding }));
    await first.service.start();
    const fresh = await settled(() => first.service.list());
    expect(fresh.pcsc).toEqual({
      available: false,
      reason: expect.stringMatching(
        /install the PC\/SC development files and service \(Debian\/Ubuntu: sudo apt-get install libpcsclite-dev pcscd\) and run npm install again/,
      ),
    });
    expect(
      fresh.cards.map(({ id, name, simulated, status }) => ({ id, name, simulated, status })),
    ).toEqual([
      {
        id: 'sim-schsm:primary',
        name: 'Simulated SmartCard-HSM primary',
        simulated: true,
        status: {
          kind: 'ready',
          version: 'SmartCard-HSM version 3.5',
          dkek: { state: 'not-initialised' },
        },
      },
      {
        id: 'sim-schsm:secondary',
        name: 'Simulated SmartCard-HSM secondary',
        simulated: true,
        status: {
          kind: 'ready',
          version: 'SmartCard-HSM version 3.5',
          dkek: { state: 'not-initialised' },
        },
      },
    ]);
    expect(first.published.at(-1)).toEqual(fresh);
    expect(existsSync(smartCardStatePath(folder, 'primary'))).toBe(true);

    const share = new Uint8Array(randomBytes(32));
    const transport = await first.service.openTransport('sim-schsm:primary');
    const client = new SmartCardHsmClient(transport);
    await client.select();
    await client.initialize({ userPin: '648219', soPin: '3537363231383830', dkekShares: 1 });
    await client.importDkekShare(share);
    await transport.close();
    await first.service.refresh('sim-schsm:primary');
    expect(first.service.list().cards[0]!.status).toEqual({
      kind: 'ready',
      version: 'SmartCard-HSM version 3.5',
      dkek: { state: 'complete', total: 1, kcv: shareCheckValue(share) },
    });
    await first.service.stop();

    const again = service(new PcscReaderWatcher({ pcsc: noBinding }));
    await again.service.start();
    expect((await settled(() => again.service.list())).cards[0]!.status).toMatchObject({
      dkek: { state: 'complete', kcv: shareCheckValue(share) },
    });
    await again.service.stop();
  });
});

const prerequisites = stackPrerequisites();
const binding = await pcscBinding();
const skipReason = !prerequisites.available
  ? prerequisites.reason
  : !binding.available
    ? `skipped: ${binding.reason}`
    : undefined;
if (skipReason) console.log(skipReason);

describe.skipIf(skipReason !== undefined)('SmartCardService with a PC/SC reader', () => {
  it('lists a card in a real pcscd reader with its state, and the reader without it once it is pulled', async () => {
    const stack = await PcscTestStack.start();
    const card = await SimulatedSmartCardHsm.open();
    const { service: smartCards } = service(new PcscReaderWatcher({ pollMs: 100 }));
    try {
      const bridge = await stack.insertCard(card, 0);
      await smartCards.start();
      const id = `pcsc:${stack.readerName(0)}`;
      const listed = await settled(() => smartCards.list());
      expect(listed.pcsc).toEqual({ available: true });
      expect(listed.cards.find((c) => c.id === id)).toMatchObject({
        name: stack.readerName(0),
        transport: 'pcsc',
        simulated: false,
        status: {
          kind: 'ready',
          version: 'SmartCard-HSM version 3.5',
          dkek: { state: 'not-initialised' },
        },
      });
      // Real readers first, then the simulated pair.
      expect(listed.cards[0]!.simulated).toBe(false);
      await bridge.removeCard();
      for (
        let i = 0;
        i < 100 && smartCards.list().cards.find((c) => c.id === id)?.status.kind !== 'no-card';
        i += 1
      )
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(smartCards.list().cards.find((c) => c.id === id)?.status).toEqual({ kind: 'no-card' });
    } finally {
      await smartCards.stop();
      await card.close();
      await stack.stop();
    }
  }, 60_000);
});
