// The YubiHSM 2 layer (issue "YubiHSM 2 core"): authenticated commands per second in process and
// over the loopback connector, PBKDF2 per derivation, and export + import wrapped per object
// over the connector — all against the real simulator, through the real client.

import { randomBytes } from 'node:crypto';
import { YubiHsmClient, type YubiHsmSession } from '../src-main/hsm/yubihsm/client';
import { startConnectorServer } from '../src-main/hsm/yubihsm/connector-server/connector-server';
import { deriveAuthenticationKeys } from '../src-main/hsm/yubihsm/crypto/password-keys';
import { Algorithm, capabilities, ObjectType } from '../src-main/hsm/yubihsm/protocol';
import { SimulatedYubiHsm } from '../src-main/hsm/yubihsm/simulator';
import { ConnectorTransport } from '../src-main/hsm/yubihsm/transport/connector-transport';
import { SimulatorTransport } from '../src-main/hsm/yubihsm/transport/simulator-transport';
import type { YubiHsmTransport } from '../src-main/hsm/yubihsm/transport/transport';
import { heapGrowth, millisecondsPerRun, operationsPerSecond, type Measurement } from './measure';

const FACTORY = { password: 'password' };
const SECONDS = 3;

async function openFactorySession(
  transport: YubiHsmTransport,
): Promise<{ client: YubiHsmClient; session: YubiHsmSession }> {
  const client = new YubiHsmClient(transport);
  await client.deviceInfo();
  return { client, session: await client.openSession(1, FACTORY) };
}

async function echoRate(transport: YubiHsmTransport, bytes: number): Promise<number> {
  const { client, session } = await openFactorySession(transport);
  const data = randomBytes(bytes);
  const { rate } = await operationsPerSecond(() => session.echo(data), SECONDS);
  await session.close();
  await client.close();
  return rate;
}

/** Puts a wrap key and `count` EC P-256 keys, then times export + delete + import per object. */
async function exportImportPerObject(transport: YubiHsmTransport, count: number): Promise<number> {
  const { client, session } = await openFactorySession(transport);
  const wrapKeyId = await session.putWrapKey({
    id: 0x0200,
    label: 'bench wrap key',
    domains: 1,
    capabilities: capabilities('export-wrapped', 'import-wrapped'),
    delegatedCapabilities: capabilities('sign-ecdsa', 'exportable-under-wrap'),
    algorithm: Algorithm.Aes256CcmWrap,
    key: randomBytes(32),
  });
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(
      await session.generateAsymmetricKey({
        id: 0x0300 + i,
        label: `bench key ${i}`,
        domains: 1,
        capabilities: capabilities('sign-ecdsa', 'exportable-under-wrap'),
        algorithm: Algorithm.EcP256,
      }),
    );
  }
  let next = 0;
  const { median } = await millisecondsPerRun(
    async () => {
      const id = ids[next++ % ids.length]!;
      const blob = await session.exportWrapped(wrapKeyId, ObjectType.AsymmetricKey, id);
      await session.deleteObject(id, ObjectType.AsymmetricKey);
      await session.importWrapped(wrapKeyId, blob);
    },
    count * 3,
    2,
  );
  await session.close();
  await client.close();
  return median;
}

export async function benchYubiHsmLayer(): Promise<Measurement[]> {
  const rows: Measurement[] = [];

  const pbkdf2 = await millisecondsPerRun(
    () => deriveAuthenticationKeys('correct horse battery staple'),
    30,
    3,
  );
  rows.push({
    name: 'PBKDF2-SHA256 password -> keys (10 000 iterations)',
    value: pbkdf2.median,
    unit: 'ms',
    detail: `min ${pbkdf2.min.toFixed(2)}`,
  });

  const inProcess = await SimulatedYubiHsm.create({ serial: 10000001 });
  rows.push({
    name: 'authenticated echo, 16 B, in process',
    value: await echoRate(new SimulatorTransport(inProcess), 16),
    unit: 'cmd/s',
  });
  rows.push({
    name: 'authenticated echo, 1 KiB, in process',
    value: await echoRate(new SimulatorTransport(inProcess), 1024),
    unit: 'cmd/s',
  });

  const served = await SimulatedYubiHsm.create({ serial: 10000002 });
  const connector = await startConnectorServer({ device: served, host: '127.0.0.1', port: 0 });
  try {
    rows.push({
      name: 'authenticated echo, 16 B, loopback connector',
      value: await echoRate(await ConnectorTransport.connect(connector.url), 16),
      unit: 'cmd/s',
    });
    rows.push({
      name: 'authenticated echo, 1 KiB, loopback connector',
      value: await echoRate(await ConnectorTransport.connect(connector.url), 1024),
      unit: 'cmd/s',
    });
    const perObject = await exportImportPerObject(
      await ConnectorTransport.connect(connector.url),
      20,
    );
    rows.push({
      name: 'export + delete + import wrapped, EC P-256, connector',
      value: perObject,
      unit: 'ms/object',
    });
  } finally {
    await connector.close();
  }

  const full = await heapGrowth(async () => {
    const device = await SimulatedYubiHsm.create({ serial: 10000003 });
    const { client, session } = await openFactorySession(new SimulatorTransport(device));
    for (let i = 0; i < 255; i++) {
      await session.putOpaque({
        id: 0x0400 + i,
        label: `opaque ${i}`,
        domains: 1,
        capabilities: 0n,
        algorithm: Algorithm.OpaqueData,
        data: randomBytes(400),
      });
    }
    await session.close();
    await client.close();
    return device;
  });
  rows.push({
    name: 'simulator memory, all 256 object slots used (400 B opaques)',
    value: full.bytes / 1024 / 1024,
    unit: 'MiB',
  });
  return rows;
}
