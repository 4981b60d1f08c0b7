// A Custos DKEK back-up restored by Debian's sc-hsm-tool (OpenSC 0.23), over our private pcscd +
// vpcd stack (spec §7.3): the primary and the secondary are `custos simulator --smartcard-hsm
// --vpcd` processes in the two slots; Custos backs the primary up over PC/SC into the ceremony
// folder, sc-hsm-tool initialises the secondary, the same two shares go in, sc-hsm-tool prints
// the recorded KCV and unwraps each of Custos's files with --unwrap-key, and Custos's verification
// then proves both keys on the clone against the primary's recorded public keys. One slow test.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SmartCardHsmClient } from '../../hsm/smartcard-hsm/client';
import { pcscBinding } from '../../hsm/smartcard-hsm/pcsc/pcsc-binding';
import { PcscTransport } from '../../hsm/smartcard-hsm/pcsc/pcsc-transport';
import { PcscTestStack } from '../../hsm/smartcard-hsm/testing/pcsc-stack';
import { stackPrerequisites } from '../../hsm/smartcard-hsm/testing/stack-prerequisites';
import { openCard, parseCardSpec } from '../../hsm/smartcard-hsm/transport/card-spec';
import { combineShares, dkekCheckValue } from '../../hsm/smartcard-hsm/protocol/dkek-keys';
import { createLogger } from '../../log/logger';
import { DkekBackupEngine } from './backup-engine';
import type { CardAccess } from './card-access';
import { DkekVerifyEngine } from './verify-engine';
import { PIN, SO_PIN, makeCeremonyFolder, makePrimary, randomShares } from './testing/cards';

const prerequisites = stackPrerequisites();
const binding = await pcscBinding();
const skipReason = !prerequisites.available
  ? prerequisites.reason
  : !binding.available
    ? `skipped: ${binding.reason}`
    : undefined;
if (skipReason) console.log(skipReason);

const logger = createLogger({ sinks: [] });
/** Cards by `pcsc:<reader>` string, as the CLI opens them. */
const pcscCards: CardAccess = { open: (id) => openCard(parseCardSpec(id)) };

describe.skipIf(skipReason !== undefined)('sc-hsm-tool restores a Custos DKEK back-up', () => {
  let stack: PcscTestStack | undefined;
  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('Custos backs up over PC/SC; sc-hsm-tool initialises the secondary, reads the recorded KCV and unwraps every file; Custos verifies the clone', async () => {
    stack = await PcscTestStack.start();
    const folder = join(stack.folder, 'ceremony');
    const primaryState = join(stack.folder, 'a.json');
    const shares = randomShares(2);
    const kcv = dkekCheckValue(combineShares(shares));
    await mkdir(folder);
    await makePrimary(primaryState, shares);
    await makeCeremonyFolder({ folder, primaryState, shares });
    await stack.startSimulator(primaryState, 0);
    await stack.startSimulator(join(stack.folder, 'b.json'), 1);
    const primary = `pcsc:${stack.readerName(0)}`;
    const secondary = `pcsc:${stack.readerName(1)}`;

    const backup = new DkekBackupEngine({ cards: pcscCards, logger });
    await backup.start();
    await backup.chooseFolder(folder);
    await backup.chooseDevice(primary, PIN);
    const wrapped = await backup.run();
    expect(wrapped.keys.map((k) => [k.file, k.status])).toEqual([
      ['key-001-issuing-ca-2026.wrapped', 'written'],
      ['key-002-code-signing.wrapped', 'written'],
    ]);

    const init = await stack.scHsmTool(
      ['--initialize', '--so-pin', SO_PIN, '--pin', PIN, '--dkek-shares', '2'],
      { slot: 1 },
    );
    expect(init.code, init.output).toBe(0);
    const transport = await PcscTransport.open(stack.readerName(1));
    try {
      const client = new SmartCardHsmClient(transport);
      await client.select();
      for (const share of shares) await client.importDkekShare(share);
    } finally {
      await transport.close();
    }
    const status = await stack.scHsmTool([], { slot: 1 });
    expect(status.output).toContain(`DKEK key check value : ${kcv}`);

    for (const [ref, file] of wrapped.keys.map((k) => [k.keyReference, k.file] as const)) {
      const unwrap = await stack.scHsmTool(
        ['--unwrap-key', join(folder, file), '--key-reference', String(ref), '--pin', PIN],
        { slot: 1 },
      );
      expect(unwrap.code, unwrap.output).toBe(0);
      expect(unwrap.output).toContain('Key successfully imported');
    }

    const verify = new DkekVerifyEngine({ cards: pcscCards, logger });
    await verify.start();
    await verify.chooseFolder(folder);
    const result = await verify.verify(secondary, PIN);
    expect(result.result?.verdict).toBe('verified');
    expect(result.result?.keys.map((k) => [k.keyReference, k.label, k.proof])).toEqual([
      [1, 'Issuing CA 2026', 'proven'],
      [2, 'code signing', 'proven'],
    ]);
  }, 300_000);
});
