// Test support: the strongest proof that a ceremony's shares are right — recombine M of them,
// put the recovered wrap key on a second, factory-fresh simulator with the recovered policy (as
// yubihsm-setup restore does, interop §4), import every .yhw the ceremony wrote, and log in
// there with the application key's password.

import type { ImportedObject } from '../../../hsm/yubihsm/client/wrap';
import { YubiHsmClient } from '../../../hsm/yubihsm/client/yubihsm-client';
import { Algorithm } from '../../../hsm/yubihsm/protocol/algorithms';
import { SimulatedYubiHsm } from '../../../hsm/yubihsm/simulator';
import { SimulatorTransport } from '../../../hsm/yubihsm/transport/simulator-transport';
import { readWrappedFolder } from '../../../records/ceremony-folder';
import { analyzeShareSet } from '../../../secrets/share-set';
import type { WrapSecret } from '../../../secrets/wrap-secret';

/** Recombines exactly these shares (no record to lean on). The caller wipes `secret.key`. */
export async function recombine(
  shares: readonly string[],
): Promise<{ secret: WrapSecret; kcv: string }> {
  const result = await analyzeShareSet(shares);
  if (!result.ok)
    throw new Error(
      `the shares do not recombine: ${result.problems.map((problem) => problem.message).join(' ')}`,
    );
  return { secret: result.secret, kcv: result.kcv };
}

export interface SecondaryProof {
  imported: ImportedObject[];
  /** What the application key sees on the secondary after the import. */
  visibleToApplicationKey: { id: number; type: number }[];
}

export async function restoreOnSecondary(
  folder: string,
  secret: WrapSecret,
  applicationKeyId: number,
  applicationPassword: string,
): Promise<SecondaryProof> {
  const secondary = await SimulatedYubiHsm.create({ serial: 87_654_321 });
  const client = new YubiHsmClient(new SimulatorTransport(secondary, { name: 'secondary' }));
  try {
    const factory = await client.openSession(1, { password: 'password' });
    await factory.putWrapKey({
      id: secret.wrapKeyId,
      label: 'Wrap key',
      domains: secret.domains,
      capabilities: secret.capabilities,
      delegatedCapabilities: secret.delegatedCapabilities,
      algorithm: Algorithm.Aes256CcmWrap,
      key: secret.key,
    });
    const imported: ImportedObject[] = [];
    for (const entry of await readWrappedFolder(folder)) {
      if (!entry.content.ok) throw new Error(`${entry.file}: ${entry.content.problem}`);
      imported.push(await factory.importWrapped(secret.wrapKeyId, entry.content.blob));
    }
    await factory.close();
    const application = await client.openSession(applicationKeyId, {
      password: applicationPassword,
    });
    const visibleToApplicationKey = (await application.listObjects()).map(({ id, type }) => ({
      id,
      type,
    }));
    await application.close();
    return { imported, visibleToApplicationKey };
  } finally {
    await client.close();
  }
}
