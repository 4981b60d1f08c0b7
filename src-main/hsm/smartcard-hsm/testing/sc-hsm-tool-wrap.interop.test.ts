// Debian's real sc-hsm-tool (OpenSC 0.23) and Custos's own client against two simulated
// SmartCard-HSMs, each a `custos simulator --smartcard-hsm --vpcd` process in one slot of our
// private pcscd + vpcd stack (spec §7.3): both initialised by sc-hsm-tool, the same two DKEK
// shares imported by Custos over PC/SC, the KCV sc-hsm-tool prints equal to Custos's, keys
// wrapped on one device and unwrapped on the other both ways, and the refusals (another DKEK
// domain, wrong SO-PIN, a share too many, a blocked PIN, a card pulled mid-import) each with its
// sentence and the device unchanged. No `.pbe` derivation here: the shares go in raw, so this
// file takes seconds; sc-hsm-tool's own share files are in sc-hsm-tool-shares.interop.test.ts.

import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shareCheckValue } from '../../../dkek/check-value';
import { SmartCardHsmClient, SmartCardHsmClientError, SmartCardHsmStatusError } from '../client';
import { pcscBinding } from '../pcsc/pcsc-binding';
import { PcscError } from '../pcsc/pcsc-sentences';
import { PcscTransport } from '../pcsc/pcsc-transport';
import { parseWrapFile } from '../protocol/wrap-file';
import { openWrappedKey } from '../protocol/wrapped-key';
import { SimulatedSmartCardHsm } from '../simulator/simulated-smartcard-hsm';
import type { VirtualCard } from '../simulator/virtual-card';
import type { ViccBridge } from '../vpcd/vicc-bridge';
import { PcscTestStack, type SimulatorProcess } from './pcsc-stack';
import { runTool } from './run-tool';
import { openscPkcs11Module, stackPrerequisites } from './stack-prerequisites';

const prerequisites = stackPrerequisites();
const binding = await pcscBinding();
const skipReason = !prerequisites.available
  ? prerequisites.reason
  : !binding.available
    ? `skipped: ${binding.reason}`
    : undefined;
if (skipReason) console.log(skipReason);

const SO_PIN = '3537363231383830';
const PIN = '648219';
const xor = (a: Uint8Array, b: Uint8Array) => Uint8Array.from(a, (byte, i) => byte ^ b[i]!);

describe.skipIf(skipReason !== undefined)(
  'sc-hsm-tool and Custos: wrap and unwrap across two simulated SmartCard-HSMs over pcscd + vpcd',
  () => {
    let stack: PcscTestStack;
    let deviceA: SimulatorProcess;
    let deviceB: SimulatorProcess;
    const shares = [new Uint8Array(randomBytes(32)), new Uint8Array(randomBytes(32))];
    const dkek = xor(shares[0]!, shares[1]!);
    const kcv = shareCheckValue(dkek);
    const publicKeys = new Map<number, Uint8Array>();

    /** Custos's client on a slot, through the PC/SC transport; closed after `use`. */
    async function withClient<T>(
      slot: 0 | 1,
      use: (client: SmartCardHsmClient) => Promise<T>,
    ): Promise<T> {
      const transport = await PcscTransport.open(stack.readerName(slot));
      try {
        const client = new SmartCardHsmClient(transport);
        await client.select();
        return await use(client);
      } finally {
        await transport.close();
      }
    }

    async function status(slot: 0 | 1): Promise<string> {
      const result = await stack.scHsmTool([], { slot });
      expect(result.code).toBe(0);
      return result.output;
    }

    beforeAll(async () => {
      stack = await PcscTestStack.start();
      deviceA = await stack.startSimulator(join(stack.folder, 'device-a.json'), 0);
      deviceB = await stack.startSimulator(join(stack.folder, 'device-b.json'), 1);
    }, 120_000);
    afterAll(async () => {
      shares.forEach((share) => share.fill(0));
      dkek.fill(0);
      await stack?.stop();
    }, 60_000);

    it('sc-hsm-tool initialises both devices, Custos imports the same two shares over PC/SC, and sc-hsm-tool prints the KCV Custos computes', async () => {
      for (const slot of [0, 1] as const) {
        expect(await status(slot)).toContain('SmartCard-HSM has never been initialized');
        const init = await stack.scHsmTool(
          ['--initialize', '--so-pin', SO_PIN, '--pin', PIN, '--dkek-shares', '2'],
          { slot },
        );
        expect(init.code).toBe(0);
        expect(await status(slot)).toContain('DKEK import pending, 2 share(s) still missing');
        await withClient(slot, async (client) => {
          expect(await client.importDkekShare(shares[0]!)).toEqual({
            state: 'pending',
            total: 2,
            outstanding: 1,
            imported: 1,
          });
          expect(await client.importDkekShare(shares[1]!)).toEqual({
            state: 'complete',
            total: 2,
            kcv,
            sameShareTwice: false,
          });
        });
        expect(await status(slot)).toContain(`DKEK key check value : ${kcv}`);
      }
    }, 60_000);

    it('keys Custos generates on A are wrapped by sc-hsm-tool, open in Custos under the DKEK, and unwrapped by sc-hsm-tool on B, where they sign', async () => {
      await withClient(0, async (client) => {
        await client.verifyPin(PIN);
        publicKeys.set(
          1,
          (await client.generateKeyPair(1, { algorithm: 'ec-p256', label: 'issuing CA' }))
            .publicKey,
        );
        publicKeys.set(
          2,
          (await client.generateKeyPair(2, { algorithm: 'rsa-2048', label: 'code signing' }))
            .publicKey,
        );
      });
      for (const ref of [1, 2]) {
        const file = join(stack.folder, `key-${ref}.wrapped`);
        const wrap = await stack.scHsmTool(
          ['--wrap-key', file, '--key-reference', String(ref), '--pin', PIN],
          { slot: 0 },
        );
        expect(wrap.code, wrap.output).toBe(0);

        // The file sc-hsm-tool made, read by Custos: blob under this DKEK (KCV, CMAC), PRKD, CV request.
        const parsed = parseWrapFile(new Uint8Array(await readFile(file)));
        expect(Buffer.from(parsed.blob.subarray(0, 8)).toString('hex').toUpperCase()).toBe(kcv);
        const content = openWrappedKey(parsed.blob, dkek);
        expect(parsed.prkd).toBeDefined();
        expect(parsed.certificate).toBeDefined();
        if (ref === 1) {
          expect(content.keyType).toBe(12);
          expect(content.keySize).toBe(256);
          expect(Buffer.from(content.fields[6]!).equals(Buffer.from(publicKeys.get(1)!))).toBe(
            true,
          );
        } else {
          expect(content.keyType).toBe(5);
          expect(content.keySize).toBe(2048);
          // RSA fields d, n, e: the modulus is the public key Custos read from the CV request.
          expect(Buffer.from(content.fields[1]!).equals(Buffer.from(publicKeys.get(2)!))).toBe(
            true,
          );
        }
        content.fields.forEach((field) => field.fill(0));

        const unwrap = await stack.scHsmTool(
          ['--unwrap-key', file, '--key-reference', String(ref + 10), '--pin', PIN],
          { slot: 1 },
        );
        expect(unwrap.code, unwrap.output).toBe(0);
        expect(unwrap.output).toContain('Key successfully imported');
      }

      const message = new Uint8Array(Buffer.from('rehearsal: the restored key signs', 'utf8'));
      await withClient(1, async (client) => {
        await client.verifyPin(PIN);
        const listed = await client.listKeys();
        expect(listed.map(({ keyReference, label }) => ({ keyReference, label }))).toEqual([
          { keyReference: 11, label: 'issuing CA' },
          { keyReference: 12, label: 'code signing' },
        ]);
        const ecSignature = await client.sign(11, message, 'ecdsa-sha256');
        const point = publicKeys.get(1)!;
        const ecKey = createPublicKey({
          key: {
            kty: 'EC',
            crv: 'P-256',
            x: Buffer.from(point.subarray(1, 33)).toString('base64url'),
            y: Buffer.from(point.subarray(33)).toString('base64url'),
          },
          format: 'jwk',
        });
        expect(verify('sha256', message, ecKey, ecSignature)).toBe(true);
        const rsaSignature = await client.sign(12, message, 'rsa-pkcs1-sha256');
        const rsaKey = createPublicKey({
          key: { kty: 'RSA', n: Buffer.from(publicKeys.get(2)!).toString('base64url'), e: 'AQAB' },
          format: 'jwk',
        });
        expect(verify('sha256', message, rsaKey, rsaSignature)).toBe(true);
      });
    }, 120_000);

    it("a key OpenSC's pkcs11-tool generates on A is wrapped by sc-hsm-tool and unwrapped on B", async () => {
      const module = openscPkcs11Module();
      const generated = await runTool(
        '/usr/bin/pkcs11-tool',
        [
          '--module',
          module,
          '--slot-index',
          '0',
          '--login',
          '--pin',
          PIN,
          '--keypairgen',
          '--key-type',
          'EC:prime256v1',
          '--label',
          'made by OpenSC',
        ],
        { timeoutMs: 60_000, env: stack.env },
      );
      expect(generated.code, generated.output).toBe(0);
      const ref = await withClient(0, async (client) => {
        await client.verifyPin(PIN);
        const key = (await client.listKeys()).find((listed) => listed.label === 'made by OpenSC');
        expect(key).toBeDefined();
        return key!.keyReference;
      });
      const file = join(stack.folder, 'opensc-key.wrapped');
      const wrap = await stack.scHsmTool(
        ['--wrap-key', file, '--key-reference', String(ref), '--pin', PIN],
        { slot: 0 },
      );
      expect(wrap.code, wrap.output).toBe(0);
      const unwrap = await stack.scHsmTool(
        ['--unwrap-key', file, '--key-reference', '13', '--pin', PIN],
        { slot: 1 },
      );
      expect(unwrap.output).toContain('Key successfully imported');
      await withClient(1, async (client) => {
        await client.verifyPin(PIN);
        expect((await client.listKeys()).find((listed) => listed.keyReference === 13)?.label).toBe(
          'made by OpenSC',
        );
      });
    }, 120_000);

    it("a wrap file Custos exports from A is unwrapped by sc-hsm-tool on B, and sc-hsm-tool's refusal to overwrite a key reference", async () => {
      const file = join(stack.folder, 'custos-export.wrapped');
      await withClient(0, async (client) => {
        await client.verifyPin(PIN);
        await writeFile(file, await client.exportKey(1));
      });
      const unwrap = await stack.scHsmTool(
        ['--unwrap-key', file, '--key-reference', '21', '--pin', PIN],
        { slot: 1 },
      );
      expect(unwrap.code, unwrap.output).toBe(0);
      expect(unwrap.output).toContain('Key successfully imported');
      const again = await stack.scHsmTool(
        ['--unwrap-key', file, '--key-reference', '21', '--pin', PIN],
        { slot: 1 },
      );
      expect(again.code).not.toBe(0);
      expect(again.output).toContain(
        'Please remove key first, select unused key reference or use --force',
      );
      // Custos refuses the taken reference itself, before the device is asked.
      await withClient(1, async (client) => {
        await client.verifyPin(PIN);
        const refused = await client
          .importKey(21, new Uint8Array(await readFile(file)))
          .catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(SmartCardHsmClientError);
        expect((refused as SmartCardHsmClientError).code).toBe('key-reference-taken');
      });
    }, 60_000);

    it('refusals over PC/SC: a share too many, a wrong SO-PIN with retries left, a key from another DKEK domain; each device unchanged', async () => {
      await withClient(0, async (client) => {
        const extra = await client
          .importDkekShare(new Uint8Array(32).fill(7))
          .catch((e: unknown) => e);
        expect(extra).toBeInstanceOf(SmartCardHsmStatusError);
        expect((extra as Error).message).toMatch(/^MANAGE KEY DOMAIN \(import DKEK share\): /);
      });
      expect(await status(0)).toContain(`DKEK key check value : ${kcv}`);

      const wrongSo = await stack.scHsmTool(
        ['--initialize', '--so-pin', '0000000000000001', '--pin', PIN, '--dkek-shares', '1'],
        { slot: 0 },
      );
      expect(wrongSo.output).toContain('PIN code or key incorrect');
      const afterWrongSo = await status(0);
      expect(afterWrongSo).toContain('SO-PIN tries left    : 14');
      expect(afterWrongSo).toContain(`DKEK key check value : ${kcv}`);

      // B joins another domain: re-initialised by sc-hsm-tool with one other share.
      const reinit = await stack.scHsmTool(
        ['--initialize', '--so-pin', SO_PIN, '--pin', PIN, '--dkek-shares', '1'],
        { slot: 1 },
      );
      expect(reinit.code).toBe(0);
      const otherShare = new Uint8Array(randomBytes(32));
      const otherKcv = shareCheckValue(otherShare);
      await withClient(1, async (client) => {
        expect(await client.importDkekShare(otherShare)).toMatchObject({
          state: 'complete',
          kcv: otherKcv,
        });
      });
      const file = join(stack.folder, 'key-1.wrapped');
      await withClient(1, async (client) => {
        await client.verifyPin(PIN);
        const refused = await client
          .importKey(31, new Uint8Array(await readFile(file)))
          .catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(SmartCardHsmClientError);
        expect((refused as SmartCardHsmClientError).code).toBe('other-domain');
        expect((refused as Error).message).toContain(
          `made under the DKEK with check value ${kcv}, but the device's DKEK has check value ${otherKcv}`,
        );
        expect(await client.listKeys()).toEqual([]);
      });
      const tool = await stack.scHsmTool(
        ['--unwrap-key', file, '--key-reference', '31', '--pin', PIN],
        { slot: 1 },
      );
      expect(tool.output).not.toContain('Key successfully imported');
      await withClient(1, async (client) => {
        await client.verifyPin(PIN);
        expect(await client.listKeys()).toEqual([]);
      });
    }, 60_000);

    it('a blocked user PIN: Custos counts the tries down, then sc-hsm-tool cannot wrap with the right PIN', async () => {
      await withClient(0, async (client) => {
        for (const left of [2, 1]) {
          const wrong = (await client
            .verifyPin('000000')
            .catch((e: unknown) => e)) as SmartCardHsmStatusError;
          expect(wrong).toBeInstanceOf(SmartCardHsmStatusError);
          expect(wrong.triesLeft).toBe(left);
        }
        await client.verifyPin('000000').catch(() => undefined);
        expect(await client.pinStatus()).toEqual({ verified: false, blocked: true, triesLeft: 0 });
        const blocked = (await client.verifyPin(PIN).catch((e: unknown) => e)) as Error;
        expect(blocked).toBeInstanceOf(SmartCardHsmStatusError);
        expect(blocked.message).toMatch(/^VERIFY \(user PIN\): /);
      });
      const wrap = await stack.scHsmTool(
        ['--wrap-key', join(stack.folder, 'blocked.wrapped'), '--key-reference', '1', '--pin', PIN],
        { slot: 0 },
      );
      expect(wrap.output).not.toBe('');
      expect(wrap.code).not.toBe(0);
    }, 60_000);

    it('the card pulled out of the reader mid-import: a sentence within the time limit, and the import did not happen', async () => {
      // Slot 1 now gets an in-process card that leaves the reader the moment a share arrives.
      await deviceB.stop();
      const simulated = await SimulatedSmartCardHsm.open();
      let pullOnImport = false;
      // The card pulls itself out through its own bridge, known once it is in the reader.
      const inReader: { bridge?: ViccBridge } = {};
      const card: VirtualCard = {
        atr: simulated.atr,
        reset: () => simulated.reset(),
        transmit: (apdu) => {
          if (pullOnImport && apdu[1] === 0x52 && apdu.length > 5) {
            pullOnImport = false;
            void inReader.bridge!.removeCard();
            return Uint8Array.of(0x6f, 0x00);
          }
          return simulated.transmit(apdu);
        },
      };
      const bridge = await stack.insertCard(card, 1);
      inReader.bridge = bridge;
      await withClient(1, async (client) => {
        await client.initialize({ userPin: PIN, soPin: SO_PIN, dkekShares: 2 });
        await client.importDkekShare(shares[0]!);
      });
      const transport = await PcscTransport.open(stack.readerName(1), { timeoutMs: 5000 });
      const client = new SmartCardHsmClient(transport);
      await client.select();
      pullOnImport = true;
      const started = Date.now();
      const failure = (await client
        .importDkekShare(shares[1]!)
        .catch((e: unknown) => e)) as PcscError;
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(failure).toBeInstanceOf(PcscError);
      expect(failure.message).toMatch(/insert it again/);
      await transport.close();

      bridge.insertCard();
      await bridge.whenInReader(15_000);
      // vpcd has the card a moment before pcscd's next look at the reader says so.
      await stack.waitForCard(1, true);
      await withClient(1, async (again) => {
        expect(await again.dkekStatus()).toEqual({
          state: 'pending',
          total: 2,
          outstanding: 1,
          imported: 1,
        });
      });
      await bridge.stop();
      await simulated.close();
      await deviceA.stop();
    }, 60_000);
  },
);
