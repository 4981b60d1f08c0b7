// Simulated SmartCard-HSMs for the DKEK key ceremonies' tests: a primary initialised with DKEK
// shares and holding an EC P-256 and an RSA-2048 key, as `dkek init` leaves a rehearsal primary,
// and a CardAccess over state files whose cards a test can pull out mid-step.

import { randomBytes } from 'node:crypto';
import { SmartCardHsmClient } from '../../../hsm/smartcard-hsm/client';
import { SimulatedSmartCardHsm } from '../../../hsm/smartcard-hsm/simulator';
import { SimulatorCardTransport } from '../../../hsm/smartcard-hsm/transport/simulator-transport';
import type { CardAccess } from '../card-access';

export const PIN = '648219';
export const SO_PIN = '3537363231383830';

export function randomShares(count: number): Uint8Array[] {
  return Array.from({ length: count }, () => new Uint8Array(randomBytes(32)));
}

/** Runs `use` with a client on the card in `statePath`, then writes its state. */
export async function onCard<T>(
  statePath: string,
  use: (client: SmartCardHsmClient) => Promise<T>,
): Promise<T> {
  const card = await SimulatedSmartCardHsm.open({ statePath });
  try {
    const client = new SmartCardHsmClient(new SimulatorCardTransport(card));
    await client.select();
    return await use(client);
  } finally {
    await card.close();
  }
}

/** A primary with the DKEK of `shares` and two labelled keys (1: EC P-256, 2: RSA-2048). */
export async function makePrimary(
  statePath: string,
  shares: readonly Uint8Array[],
  keys: readonly { ref: number; algorithm: 'ec-p256' | 'rsa-2048'; label: string }[] = [
    { ref: 1, algorithm: 'ec-p256', label: 'Issuing CA 2026' },
    { ref: 2, algorithm: 'rsa-2048', label: 'code signing' },
  ],
): Promise<void> {
  await onCard(statePath, async (client) => {
    await client.initialize({ userPin: PIN, soPin: SO_PIN, dkekShares: shares.length });
    for (const share of shares) await client.importDkekShare(share);
    await client.verifyPin(PIN);
    for (const key of keys)
      await client.generateKeyPair(key.ref, { algorithm: key.algorithm, label: key.label });
  });
}

/**
 * Cards by state file, as the CLI opens them; `pullAfter(n)` makes the next session's card leave
 * the reader after n more commands, as a person pulling it out mid-step.
 */
export class TestCards implements CardAccess {
  private pullAfter: number | undefined;
  private pullOn: { ins: number; skip: number; minLength: number } | undefined;
  opened = 0;

  pullAfterCommands(count: number): void {
    this.pullAfter = count;
  }

  /** The card leaves the reader as the command with this INS arrives, after `skip` of them. */
  pullOnInstruction(ins: number, skip = 0, minLength = 0): void {
    this.pullOn = { ins, skip, minLength };
  }

  async open(statePath: string) {
    const card = await SimulatedSmartCardHsm.open({ statePath });
    const transport = new SimulatorCardTransport(card, `simulated SmartCard-HSM (${statePath})`);
    let left = this.pullAfter;
    const pullOn = this.pullOn;
    this.pullAfter = undefined;
    this.pullOn = undefined;
    this.opened += 1;
    const counting = {
      description: transport.description,
      transmit: async (apdu: Uint8Array) => {
        if (left !== undefined) {
          if (left === 0) transport.remove();
          left -= 1;
        }
        if (pullOn && apdu[1] === pullOn.ins && apdu.length >= pullOn.minLength) {
          if (pullOn.skip === 0) transport.remove();
          pullOn.skip -= 1;
        }
        return transport.transmit(apdu);
      },
      close: () => transport.close(),
    };
    return {
      transport: counting,
      simulated: true,
      close: async () => {
        await transport.close();
        await card.close();
      },
    };
  }
}

/**
 * What `dkek init --rehearsal-shares-dir` leaves for `shares`: share 1 under a typed password
 * (`share-1/password.txt`), every later share under a 2-of-3 password split (`share-n/<id>-<name>.txt`,
 * two of the three kept so the restore needs the threshold), each `.pbe` in the ceremony folder as
 * `dkek-share-<n>.pbe`. `iterations` 1 keeps unit tests fast (spec §8 V2); the CLI test uses 10^7.
 */
export async function writeRehearsalShares(options: {
  folder: string;
  sharesDir: string;
  shares: readonly Uint8Array[];
  iterations?: number;
}): Promise<void> {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const { sealShare } = await import('../../../dkek/pbe-file');
  const { newSharePassword, splitPassword } = await import('../../../dkek/password-shares');
  const { formatPasswordShareText } = await import('../../../dkek/password-share-text');
  const derive = options.iterations === undefined ? {} : { iterations: options.iterations };
  for (const [index, share] of options.shares.entries()) {
    const n = index + 1;
    const dir = join(options.sharesDir, `share-${n}`);
    await mkdir(dir, { recursive: true });
    const file = `dkek-share-${n}.pbe`;
    if (n === 1) {
      const password = new Uint8Array(Buffer.from(`rehearsal-password-${n}`, 'ascii'));
      await writeFile(join(dir, 'password.txt'), `rehearsal-password-${n}\n`);
      await writeFile(
        join(options.folder, file),
        await sealShare(share, new Uint8Array(randomBytes(8)), password, derive),
      );
      continue;
    }
    const password = newSharePassword();
    await writeFile(
      join(options.folder, file),
      await sealShare(share, new Uint8Array(randomBytes(8)), password, derive),
    );
    const split = splitPassword(password, { threshold: 2, total: 3 });
    for (const [i, name] of ['alice', 'carol'].entries()) {
      const one = split[i === 0 ? 0 : 2]!;
      await writeFile(
        join(dir, `${one.id}-${name}.txt`),
        formatPasswordShareText(one, { threshold: 2, total: 3, fileName: file }),
      );
    }
  }
}

/**
 * The ceremony folder `dkek init` leaves after a rehearsal: ceremony.json (record.ts) for the
 * primary in `primaryState`, its DKEK made of `shares` whose `.pbe` files are
 * `<folder>/dkek-share-<n>.pbe` (writeRehearsalShares), complete, with its transcript.
 */
export async function makeCeremonyFolder(options: {
  folder: string;
  primaryState: string;
  shares: readonly Uint8Array[];
  mode?: 'shares' | 'random' | 'none';
  /** How each share opens; by default share 1 with a password, the others with a 2-of-3 split. */
  holders?: readonly ('password' | 'password-split')[];
}): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const { createHash, randomUUID } = await import('node:crypto');
  const { join } = await import('node:path');
  const { DkekCeremonyFolder } = await import('../record');
  const { readCardIdentity } = await import('../device-identity');
  const { shareCheckValue } = await import('../../../dkek/check-value');
  const { combineShares, dkekCheckValue } =
    await import('../../../hsm/smartcard-hsm/protocol/dkek-keys');
  const identity = await onCard(options.primaryState, readCardIdentity);
  const at = new Date().toISOString();
  const shareFiles = [];
  for (const [index, share] of options.shares.entries()) {
    const file = join(options.folder, `dkek-share-${index + 1}.pbe`);
    const bytes = await readFile(file).catch(() => Buffer.alloc(64));
    shareFiles.push({
      number: index + 1,
      holders:
        (options.holders?.[index] ?? (index === 0 ? 'password' : 'password-split')) === 'password'
          ? { kind: 'password' as const, custodian: index === 0 ? 'Alice' : `Holder ${index + 1}` }
          : {
              kind: 'password-split' as const,
              custodians: ['Bob', 'Carol', 'Dan'],
              threshold: 2,
            },
      file,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      shareKcv: shareCheckValue(share),
      createdAt: at,
    });
  }
  const mode = options.mode ?? 'shares';
  await DkekCeremonyFolder.create(options.folder, {
    format: 'custos-dkek-ceremony/1',
    kind: 'smartcard-hsm-dkek',
    ceremonyId: randomUUID(),
    name: 'HSM backup domain 2026',
    rehearsal: true,
    status: 'complete',
    stage: 'finished',
    startedAt: at,
    finishedAt: at,
    tool: { name: 'Custos', version: 'test' },
    device: {
      reader: 'simulated SmartCard-HSM (a.json)',
      family: 'smartcard-hsm',
      serial: identity.serial!,
      version: identity.version,
      simulated: true,
    },
    pinRetries: 3,
    dkek: {
      mode,
      shareCount: mode === 'shares' ? options.shares.length : 0,
      shareFiles: mode === 'shares' ? shareFiles : [],
      ...(mode === 'none' ? {} : { kcv: dkekCheckValue(combineShares(options.shares)) }),
    },
    imports: options.shares.map((_, index) => ({
      shareNumber: index + 1,
      deviceSerial: identity.serial!,
      at,
      session: 'ceremony' as const,
      outstandingAfter: options.shares.length - index - 1,
    })),
  });
}
