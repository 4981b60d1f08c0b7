// The client against the simulated YubiHSM 2 (another team's device-side implementation of
// the same spec) over the simulator transport: every client method at least once, with the
// results checked by independent means where possible (signatures verified with node:crypto,
// audit log checked with the chain verifier, objects read back).

import {
  createHash,
  createPublicKey,
  constants,
  randomBytes,
  verify,
  type KeyObject,
} from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { Algorithm } from '../protocol/algorithms';
import { ALL_CAPABILITIES, capabilities } from '../protocol/capabilities';
import { Command } from '../protocol/commands';
import { YubiHsmDeviceError, YubiHsmTransportError } from '../protocol/device-errors';
import { ObjectType } from '../protocol/object-types';
import {
  YubiHsmAuthenticationError,
  YubiHsmSessionExpiredError,
  YubiHsmSessionUnusableError,
} from '../session/errors';
import { SimulatedYubiHsm } from '../simulator/simulated-yubihsm';
import { SimulatorTransport } from '../transport/simulator-transport';
import { verifyAuditChain } from './audit-chain';
import { OptionTag } from './options';
import { YubiHsmClient } from './yubihsm-client';
import type { YubiHsmSession } from './yubihsm-session';

const FACTORY = { password: 'password' };
const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());

let clock = 1_000_000;
let device: SimulatedYubiHsm;
let transport: SimulatorTransport;
let client: YubiHsmClient;

beforeEach(async () => {
  clock = 1_000_000;
  device = await SimulatedYubiHsm.create({ serial: 12345678, now: () => clock });
  transport = new SimulatorTransport(device, { name: 'test' });
  client = new YubiHsmClient(transport);
});

async function factorySession(): Promise<YubiHsmSession> {
  return client.openSession(1, FACTORY);
}

async function expectDeviceError(
  promise: Promise<unknown>,
  name: string,
  command: number,
): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(YubiHsmDeviceError);
  expect((error as YubiHsmDeviceError).errorName).toBe(name);
  expect((error as YubiHsmDeviceError).command).toBe(command);
}

describe('client <-> simulated YubiHSM 2: a factory-fresh device', () => {
  it('reports device info and echoes in the clear', async () => {
    const info = await client.deviceInfo();
    expect(info.firmwareText).toBe('2.4.0');
    expect(info.serial).toBe(12345678);
    expect(info.logTotal).toBe(62);
    expect(info.algorithms).toContain(Algorithm.Aes128YubicoAuthentication);
    expect(Buffer.from(await client.echo(Uint8Array.of(1, 2, 3)))).toEqual(Buffer.from([1, 2, 3]));
  });

  it('opens a session with the factory key and sees only that key (spec §7)', async () => {
    const session = await factorySession();
    expect(await session.listObjects()).toEqual([
      { id: 1, type: ObjectType.AuthenticationKey, sequence: 0 },
    ]);
    expect(await session.getObjectInfo(1, ObjectType.AuthenticationKey)).toEqual({
      id: 1,
      type: ObjectType.AuthenticationKey,
      algorithm: Algorithm.Aes128YubicoAuthentication,
      capabilities: ALL_CAPABILITIES,
      delegatedCapabilities: ALL_CAPABILITIES,
      domains: 0xffff,
      length: 40,
      sequence: 0,
      origin: 0x02,
      label: 'DEFAULT AUTHKEY CHANGE THIS ASAP',
    });
    expect(await session.storageInfo()).toEqual({
      totalRecords: 256,
      freeRecords: 255,
      totalPages: 1024,
      freePages: 1023,
      pageSize: 126,
    });
    const echoed = randomBytes(100);
    expect(Buffer.from(await session.echo(echoed))).toEqual(echoed);
    await session.close();
    await session.close();
    expect(session.isOpen).toBe(false);
  });

  it('refuses a wrong password with the typed error, and frees the half-open slot each time', async () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const error = await client
        .openSession(1, { password: 'not the password' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(YubiHsmAuthenticationError);
      expect((error as Error).message).toBe(
        'authentication failed: the password does not match authentication key 0x0001; check the password and try again',
      );
    }
    // 20 failures > 16 slots: had the slots stayed half-open, this would be SESSIONS_FULL.
    const session = await factorySession();
    expect(session.isOpen).toBe(true);
  });

  it('names an unknown authentication key', async () => {
    await expectDeviceError(
      client.openSession(9, FACTORY),
      'OBJECT_NOT_FOUND',
      Command.CreateSession,
    );
  });

  it('runs sessions side by side on one transport', async () => {
    const sessions = await Promise.all([factorySession(), factorySession(), factorySession()]);
    expect(new Set(sessions.map((s) => s.id)).size).toBe(3);
    const results = await Promise.all(
      sessions.flatMap((s) => [s.pseudoRandom(32), s.storageInfo(), s.pseudoRandom(8)]),
    );
    expect(results).toHaveLength(9);
  });
});

describe('client <-> simulated YubiHSM 2: objects and keys', () => {
  it('puts, reads back, exports, deletes and re-imports objects under a wrap key', async () => {
    const session = await factorySession();
    const wrapKey = randomBytes(32);
    const wrapId = await session.putWrapKey({
      id: 0x0100,
      label: 'ceremony wrap key',
      domains: 0x0001,
      algorithm: Algorithm.Aes256CcmWrap,
      capabilities: capabilities('export-wrapped', 'import-wrapped'),
      delegatedCapabilities: capabilities(
        'exportable-under-wrap',
        'get-opaque',
        'sign-ecdsa',
        'sign-eddsa',
        'sign-pkcs',
        'sign-pss',
      ),
      key: wrapKey,
    });
    expect(wrapId).toBe(0x0100);
    expect(await session.getObjectInfo(0x0100, ObjectType.WrapKey)).toMatchObject({
      algorithm: 42,
      length: 40,
      origin: 0x02,
      label: 'ceremony wrap key',
    });

    const opaqueId = await session.putOpaque({
      id: 0x0200,
      label: 'note',
      domains: 1,
      capabilities: capabilities('exportable-under-wrap'),
      data: Buffer.from('hello world!'),
    });
    expect(Buffer.from(await session.getOpaque(opaqueId)).toString()).toBe('hello world!');

    const blob = await session.exportWrapped(wrapId, ObjectType.Opaque, opaqueId);
    const second = await session.exportWrapped(wrapId, ObjectType.Opaque, opaqueId);
    expect(Buffer.from(blob.subarray(0, 13))).not.toEqual(Buffer.from(second.subarray(0, 13)));
    await expectDeviceError(
      session.importWrapped(wrapId, blob),
      'OBJECT_EXISTS',
      Command.ImportWrapped,
    );
    await session.deleteObject(opaqueId, ObjectType.Opaque);
    await expectDeviceError(session.getOpaque(opaqueId), 'OBJECT_NOT_FOUND', Command.GetOpaque);
    expect(await session.importWrapped(wrapId, blob)).toEqual({
      type: ObjectType.Opaque,
      id: 0x0200,
    });
    expect((await session.getObjectInfo(0x0200, ObjectType.Opaque)).origin).toBe(0x12);
    expect(Buffer.from(await session.getOpaque(0x0200)).toString()).toBe('hello world!');

    const generated = await session.generateWrapKey({
      id: 0,
      label: 'generated',
      domains: 1,
      algorithm: Algorithm.Aes128CcmWrap,
      capabilities: capabilities('export-wrapped'),
      delegatedCapabilities: 0n,
    });
    expect(generated).toBeGreaterThan(0);
    expect(await session.listObjects({ type: ObjectType.WrapKey })).toHaveLength(2);
    expect((await session.getObjectInfo(generated, ObjectType.WrapKey)).origin).toBe(0x01);
  });

  it('generates EC P-256, Ed25519 and RSA-2048 keys whose signatures verify outside the device', async () => {
    const session = await factorySession();
    const message = Buffer.from('custos ceremony record');
    const digest = sha256(message);

    const ecId = await session.generateAsymmetricKey({
      id: 0x10,
      label: 'ec',
      domains: 1,
      capabilities: capabilities('sign-ecdsa'),
      algorithm: Algorithm.EcP256,
    });
    const ec = await session.getPublicKey(ecId);
    expect(ec.algorithm).toBe(Algorithm.EcP256);
    const ecKey = createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: b64url(ec.key.subarray(0, 32)),
        y: b64url(ec.key.subarray(32)),
      },
      format: 'jwk',
    });
    const ecdsa = await session.signEcdsa(ecId, digest);
    expect(verify('sha256', message, { key: ecKey, dsaEncoding: 'der' }, ecdsa)).toBe(true);

    const edId = await session.generateAsymmetricKey({
      id: 0x11,
      label: 'ed',
      domains: 1,
      capabilities: capabilities('sign-eddsa'),
      algorithm: Algorithm.Ed25519,
    });
    const ed = await session.getPublicKey(edId);
    const edKey = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: b64url(ed.key) },
      format: 'jwk',
    });
    expect(verify(null, message, edKey, await session.signEddsa(edId, message))).toBe(true);

    const rsaId = await session.generateAsymmetricKey({
      id: 0x12,
      label: 'rsa',
      domains: 1,
      capabilities: capabilities('sign-pkcs', 'sign-pss'),
      algorithm: Algorithm.Rsa2048,
    });
    const rsa = await session.getPublicKey(rsaId);
    expect(rsa.key.length).toBe(256);
    const rsaKey: KeyObject = createPublicKey({
      key: { kty: 'RSA', n: b64url(rsa.key), e: 'AQAB' },
      format: 'jwk',
    });
    expect(verify('sha256', message, rsaKey, await session.signPkcs1(rsaId, digest))).toBe(true);
    const pss = await session.signPss(rsaId, Algorithm.Mgf1Sha256, 32, digest);
    expect(
      verify(
        'sha256',
        message,
        { key: rsaKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
        pss,
      ),
    ).toBe(true);

    await expectDeviceError(
      session.signEcdsa(edId, digest),
      'INSUFFICIENT_PERMISSIONS',
      Command.SignEcdsa,
    );
  });

  it('creates an authentication key, opens a session with it, and lets it change its own secret', async () => {
    const admin = await factorySession();
    await admin.putAuthenticationKey({
      id: 2,
      label: 'application',
      domains: 1,
      capabilities: capabilities('change-authentication-key', 'get-pseudo-random'),
      delegatedCapabilities: 0n,
      credential: { password: 'first secret' },
    });
    const application = await client.openSession(2, { password: 'first secret' });
    expect(await application.changeAuthenticationKey({ password: 'second secret' })).toBe(2);
    await application.close();
    await expect(client.openSession(2, { password: 'first secret' })).rejects.toBeInstanceOf(
      YubiHsmAuthenticationError,
    );
    const again = await client.openSession(2, { password: 'second secret' });
    expect((await again.pseudoRandom(16)).length).toBe(16);
  });

  it('refuses a command the session key lacks the capability for, and the session carries on', async () => {
    const admin = await factorySession();
    await admin.putAuthenticationKey({
      id: 3,
      label: 'reader',
      domains: 1,
      capabilities: capabilities('get-opaque'),
      delegatedCapabilities: 0n,
      credential: { password: 'reader' },
    });
    const reader = await client.openSession(3, { password: 'reader' });
    await expectDeviceError(
      reader.generateWrapKey({
        id: 0x300,
        label: 'w',
        domains: 1,
        algorithm: 29,
        capabilities: 0n,
        delegatedCapabilities: 0n,
      }),
      'INSUFFICIENT_PERMISSIONS',
      Command.GenerateWrapKey,
    );
    await expectDeviceError(
      reader.deleteObject(1, ObjectType.AuthenticationKey),
      'INSUFFICIENT_PERMISSIONS',
      Command.DeleteObject,
    );
    expect(reader.isOpen).toBe(true);
    expect(await reader.listObjects()).toEqual(
      expect.arrayContaining([{ id: 3, type: 2, sequence: 0 }]),
    );
  });
});

describe('client <-> simulated YubiHSM 2: options, audit, device', () => {
  it('sets and reads options, blinks and returns random bytes', async () => {
    const session = await factorySession();
    await session.setOption(OptionTag.ForceAudit, Uint8Array.of(1));
    expect(Array.from(await session.getOption(OptionTag.ForceAudit))).toEqual([1]);
    await session.setOption(OptionTag.ForceAudit, Uint8Array.of(0));
    await session.blink(1);
    const a = await session.pseudoRandom(3116);
    expect(a.length).toBe(3116);
    await expectDeviceError(session.getOption(0x7e), 'INVALID_DATA', Command.GetOption);
  });

  it('reads an audit log whose digest chain verifies, and releases it with SET LOG INDEX', async () => {
    const session = await factorySession();
    await session.setOption(
      OptionTag.CommandAudit,
      Uint8Array.of(Command.GetPseudoRandom, 1, Command.PutOpaque, 1),
    );
    await session.pseudoRandom(4);
    await session.putOpaque({
      id: 5,
      label: 'x',
      domains: 1,
      capabilities: 0n,
      data: Uint8Array.of(1),
    });
    const log = await session.getLogEntries();
    expect(log.entries.length).toBeGreaterThanOrEqual(2);
    expect(verifyAuditChain(log.entries)).toEqual({ valid: true, checked: log.entries.length - 1 });
    const last = log.entries[log.entries.length - 1]!;
    expect(last.command).toBe(Command.PutOpaque);
    expect(last.targetKey).toBe(5);
    expect(last.sessionKey).toBe(1);
    await session.setLogIndex(last.number);
    await session.pseudoRandom(4);
    const next = await session.getLogEntries();
    expect(next.entries[0]!.number).toBe(last.number + 1);
    expect(verifyAuditChain(next.entries, last)).toEqual({
      valid: true,
      checked: next.entries.length,
    });
  });

  it('resets the device: objects gone, factory key back, the old session over', async () => {
    const session = await factorySession();
    await session.putOpaque({
      id: 7,
      label: 'gone soon',
      domains: 1,
      capabilities: 0n,
      data: Uint8Array.of(1),
    });
    await session.resetDevice();
    expect(session.isOpen).toBe(false);
    await expect(session.storageInfo()).rejects.toBeInstanceOf(YubiHsmSessionUnusableError);
    const fresh = await factorySession();
    expect(await fresh.listObjects()).toEqual([{ id: 1, type: 2, sequence: 0 }]);
  });

  it('reports an expired session after 30 s idle and does not resend', async () => {
    const session = await factorySession();
    await session.putOpaque({
      id: 8,
      label: 'once',
      domains: 1,
      capabilities: 0n,
      data: Uint8Array.of(1),
    });
    clock += 31_000;
    const error = await session
      .putOpaque({ id: 9, label: 'never', domains: 1, capabilities: 0n, data: Uint8Array.of(1) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(YubiHsmSessionExpiredError);
    expect(session.isOpen).toBe(false);
    const fresh = await factorySession();
    expect((await fresh.listObjects({ type: ObjectType.Opaque })).map((o) => o.id)).toEqual([8]);
  });

  it('surfaces an unplugged device as a transport error and ends the session', async () => {
    const session = await factorySession();
    transport.unplug();
    await expect(session.storageInfo()).rejects.toBeInstanceOf(YubiHsmTransportError);
    transport.plugIn();
    await expect(session.storageInfo()).rejects.toBeInstanceOf(YubiHsmSessionUnusableError);
    expect((await (await factorySession()).storageInfo()).totalRecords).toBe(256);
  });

  it('closes its sessions and the transport on close', async () => {
    const session = await factorySession();
    await client.close();
    expect(session.isOpen).toBe(false);
    await expect(client.deviceInfo()).rejects.toBeInstanceOf(YubiHsmTransportError);
  });
});
