// The simulated card as OpenSC's own layers see it, over our private pcscd + vpcd stack
// (spec §7.3): the PKCS#15 emulation binds a token (serial from EF.C_DevAut) and lists the keys
// Custos generated (PRKD and CV request files), the PKCS#11 module generates EC P-256 and
// RSA-2048 keys with the free key reference it finds in LIST FILES, signs and verifies with
// them, and sc-hsm-tool wraps a key the PKCS#11 module made, which opens under the DKEK.

import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmartCardHsmClient } from '../client';
import { pcscBinding } from '../pcsc/pcsc-binding';
import { combineShares } from '../protocol/dkek-keys';
import { parseWrapFile } from '../protocol/wrap-file';
import { openWrappedKey } from '../protocol/wrapped-key';
import { PcscTestStack } from '../testing/pcsc-stack';
import { runTool } from '../testing/run-tool';
import { stackPrerequisites } from '../testing/stack-prerequisites';
import { SimulatorCardTransport } from '../transport/simulator-transport';
import { SimulatedSmartCardHsm } from './simulated-smartcard-hsm';

const PKCS11_MODULE = [
  '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so',
  '/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so',
  '/usr/lib/opensc-pkcs11.so',
].find((path) => existsSync(path));
const PKCS11_TOOL = '/usr/bin/pkcs11-tool';
const PKCS15_TOOL = '/usr/bin/pkcs15-tool';

const prerequisites = stackPrerequisites();
const binding = await pcscBinding();
const skipReason = !prerequisites.available
  ? prerequisites.reason
  : !binding.available
    ? `skipped: ${binding.reason}`
    : !PKCS11_MODULE || !existsSync(PKCS11_TOOL) || !existsSync(PKCS15_TOOL)
      ? 'skipped: OpenSC’s pkcs11-tool, pkcs15-tool or opensc-pkcs11.so is missing (apt-get install opensc opensc-pkcs11)'
      : undefined;
if (skipReason) console.log(skipReason);

const PIN = '648219';
const SHARE = new Uint8Array(32).fill(0x5a);

describe.skipIf(skipReason !== undefined)(
  'OpenSC’s PKCS#15 and PKCS#11 layers on the simulated card',
  () => {
    let stack: PcscTestStack;
    let card: SimulatedSmartCardHsm;

    const tool = async (path: string, args: string[]) => {
      const result = await runTool(path, args, {
        timeoutMs: 60_000,
        env: stack.env,
        cwd: stack.folder,
      });
      expect(result.code, result.output).toBe(0);
      return result.output;
    };
    const pkcs11 = (...args: string[]) => tool(PKCS11_TOOL, ['--module', PKCS11_MODULE!, ...args]);

    beforeAll(async () => {
      card = await SimulatedSmartCardHsm.open();
      const client = new SmartCardHsmClient(new SimulatorCardTransport(card));
      await client.initialize({ userPin: PIN, soPin: '3537363231383830', dkekShares: 1 });
      await client.importDkekShare(SHARE);
      await client.verifyPin(PIN);
      await client.generateKeyPair(1, { algorithm: 'ec-p256', label: 'issuing CA' });
      await client.generateKeyPair(2, { algorithm: 'rsa-2048', label: 'code signing' });
      card.reset();
      stack = await PcscTestStack.start();
      await stack.insertCard(card, 0);
    }, 120_000);
    afterAll(async () => {
      await stack?.stop();
      await card?.close();
    });

    it('pkcs15-tool binds a token and lists the keys Custos generated, by label and key reference', async () => {
      const output = await tool(PKCS15_TOOL, ['--reader', '0', '--list-keys']);
      expect(output).toMatch(/Private EC Key \[issuing CA\][\s\S]*Key ref\s*: 1 \(0x01\)/);
      expect(output).toMatch(/Private RSA Key \[code signing\][\s\S]*Key ref\s*: 2 \(0x02\)/);
      const token = await pkcs11('--list-slots');
      expect(token).toMatch(/token manufacturer : www\.CardContact\.de/);
      expect(token).toMatch(/serial num\s*: DESIM[0-9A-F]{5}/);
    }, 60_000);

    it('the PKCS#11 module generates EC and RSA keys at free references, signs and verifies', async () => {
      await pkcs11(
        '--login',
        '--pin',
        PIN,
        '--keypairgen',
        '--key-type',
        'EC:prime256v1',
        '--label',
        'pkcs11 ec',
        '--id',
        '33',
        '--usage-sign',
      );
      await pkcs11(
        '--login',
        '--pin',
        PIN,
        '--keypairgen',
        '--key-type',
        'rsa:2048',
        '--label',
        'pkcs11 rsa',
        '--id',
        '34',
        '--usage-sign',
      );
      const keys = await tool(PKCS15_TOOL, ['--reader', '0', '--list-keys']);
      // LIST FILES shows CC00 (the device key), CC01 and CC02: the next free references are 3, 4.
      expect(keys).toMatch(/\[pkcs11 ec\][\s\S]*Key ref\s*: 3 \(0x03\)/);
      expect(keys).toMatch(/\[pkcs11 rsa\][\s\S]*Key ref\s*: 4 \(0x04\)/);
      await writeFile(join(stack.folder, 'message'), 'a verify ceremony challenge');
      for (const [id, mechanism] of [
        ['33', 'ECDSA-SHA256'],
        ['34', 'SHA256-RSA-PKCS'],
      ] as const) {
        await pkcs11(
          '--login',
          '--pin',
          PIN,
          '--sign',
          '--mechanism',
          mechanism,
          '--id',
          id,
          '-i',
          'message',
          '-o',
          `signature-${id}`,
        );
        const verified = await pkcs11(
          '--verify',
          '--mechanism',
          mechanism,
          '--id',
          id,
          '-i',
          'message',
          '--signature-file',
          `signature-${id}`,
        );
        expect(verified).toContain('Signature is valid');
      }
    }, 120_000);

    it('sc-hsm-tool wraps a key the PKCS#11 module made; the blob opens under the DKEK', async () => {
      const output = await stack.scHsmTool([
        '--wrap-key',
        'key-3.wrapped',
        '--key-reference',
        '3',
        '--pin',
        PIN,
      ]);
      expect(output.code, output.output).toBe(0);
      const file = parseWrapFile(
        new Uint8Array(await readFile(join(stack.folder, 'key-3.wrapped'))),
      );
      expect(file.prkd).toBeDefined();
      expect(file.certificate).toBeDefined();
      const key = openWrappedKey(file.blob, combineShares([SHARE]));
      expect(key.keyType).toBe(12);
      key.fields.forEach((field) => field.fill(0));
    }, 60_000);
  },
);
