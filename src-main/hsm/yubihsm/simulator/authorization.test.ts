// The authorization model (spec §5.3, §10.4–§10.5), each denial with the device's error code.

import { describe, expect, it } from 'vitest';
import { Algorithm } from '../protocol/algorithms';
import { capabilities, type CapabilityName } from '../protocol/capabilities';
import { Command } from '../protocol/commands';
import { DeviceErrorCode } from '../protocol/device-errors';
import { concatBytes } from '../protocol/bytes';
import { SimulatedYubiHsm } from './simulated-yubihsm';
import {
  capabilityBytes,
  creationPrefix,
  hex,
  openRawSession,
  toHex,
  type RawSession,
} from './test-support';

const { INSUFFICIENT_PERMISSIONS, OBJECT_NOT_FOUND } = DeviceErrorCode;

interface Restricted {
  capabilities: CapabilityName[];
  delegated?: CapabilityName[];
  domains?: number;
}

/** A device with a second authentication key (id 2) and a session on each. */
async function twoSessions(
  restricted: Restricted,
): Promise<{ admin: RawSession; user: RawSession }> {
  const device = await SimulatedYubiHsm.create();
  const admin = await openRawSession(device);
  const keys = {
    encryptionKey: new Uint8Array(16).fill(0xa1),
    macKey: new Uint8Array(16).fill(0xb2),
  };
  await admin.ok(
    Command.PutAuthenticationKey,
    concatBytes(
      creationPrefix(
        2,
        'restricted',
        restricted.domains ?? 0xffff,
        capabilities(...restricted.capabilities),
        Algorithm.Aes128YubicoAuthentication,
      ),
      capabilityBytes(capabilities(...(restricted.delegated ?? []))),
      keys.encryptionKey,
      keys.macKey,
    ),
  );
  return { admin, user: await openRawSession(device, { authKeyId: 2, keys }) };
}

const opaque = (id: number, domains: number, caps: CapabilityName[] = []) =>
  concatBytes(
    creationPrefix(id, 'data', domains, capabilities(...caps), Algorithm.OpaqueData),
    hex('0102'),
  );
const ecKey = (id: number, domains: number, caps: CapabilityName[]) =>
  creationPrefix(id, 'ec', domains, capabilities(...caps), Algorithm.EcP256);

describe('session capabilities', () => {
  it('refuses a command whose capability the session key lacks with INSUFFICIENT_PERMISSIONS', async () => {
    const { user } = await twoSessions({ capabilities: ['get-opaque'], delegated: ['get-opaque'] });
    expect(await user.error(Command.PutOpaque, opaque(0x10, 1))).toBe(INSUFFICIENT_PERMISSIONS);
    expect(await user.error(Command.GetPseudoRandom, hex('0010'))).toBe(INSUFFICIENT_PERMISSIONS);
    expect(await user.error(Command.GenerateAsymmetricKey, ecKey(0x11, 1, []))).toBe(
      INSUFFICIENT_PERMISSIONS,
    );
    expect(await user.error(Command.ResetDevice)).toBe(INSUFFICIENT_PERMISSIONS);
    expect(await user.error(Command.GetLogEntries)).toBe(INSUFFICIENT_PERMISSIONS);
    expect(await user.error(Command.SetOption, hex('01 0001 01'))).toBe(INSUFFICIENT_PERMISSIONS);
    expect(await user.error(Command.ExportWrapped, hex('0001 01 0010'))).toBe(
      INSUFFICIENT_PERMISSIONS,
    );
  });

  it('refuses DELETE without the type’s delete capability', async () => {
    const { admin, user } = await twoSessions({ capabilities: ['delete-asymmetric-key'] });
    await admin.ok(Command.PutOpaque, opaque(0x10, 1));
    expect(await user.error(Command.DeleteObject, hex('0010 01'))).toBe(INSUFFICIENT_PERMISSIONS);
  });
});

describe('object capabilities', () => {
  it('refuses to use a key for an operation the key does not allow', async () => {
    const { admin, user } = await twoSessions({ capabilities: ['sign-ecdsa', 'sign-pkcs'] });
    await admin.ok(Command.GenerateAsymmetricKey, ecKey(0x20, 1, ['derive-ecdh']));
    expect(await user.error(Command.SignEcdsa, concatBytes(hex('0020'), new Uint8Array(32)))).toBe(
      INSUFFICIENT_PERMISSIONS,
    );
    await admin.ok(Command.GenerateAsymmetricKey, ecKey(0x21, 1, ['sign-ecdsa']));
    expect(
      (await user.ok(Command.SignEcdsa, concatBytes(hex('0021'), new Uint8Array(32).fill(3))))[0],
    ).toBe(0x30);
  });
});

describe('delegated capabilities and domains on create', () => {
  it('refuses capabilities outside the session key’s delegated capabilities', async () => {
    const { user } = await twoSessions({
      capabilities: ['generate-asymmetric-key', 'put-wrap-key'],
      delegated: ['sign-ecdsa'],
    });
    expect(
      await user.error(
        Command.GenerateAsymmetricKey,
        ecKey(0x30, 1, ['sign-ecdsa', 'exportable-under-wrap']),
      ),
    ).toBe(INSUFFICIENT_PERMISSIONS);
    expect(
      toHex(await user.ok(Command.GenerateAsymmetricKey, ecKey(0x30, 1, ['sign-ecdsa']))),
    ).toBe('0030');
    // A refused GENERATE is refused before any key is made, whatever the algorithm.
    const rsa4096 = (id: number, caps: CapabilityName[]) =>
      creationPrefix(id, 'rsa', 1, capabilities(...caps), Algorithm.Rsa4096);
    expect(await user.error(Command.GenerateAsymmetricKey, rsa4096(0x30, ['sign-ecdsa']))).toBe(
      DeviceErrorCode.OBJECT_EXISTS,
    );
    expect(await user.error(Command.GenerateAsymmetricKey, rsa4096(0x32, ['sign-pkcs']))).toBe(
      INSUFFICIENT_PERMISSIONS,
    );
    // A wrap key's own delegated capabilities must fit too.
    const wrap = (delegated: CapabilityName[]) =>
      concatBytes(
        creationPrefix(0x31, 'w', 1, 0n, Algorithm.Aes128CcmWrap),
        capabilityBytes(capabilities(...delegated)),
        new Uint8Array(16),
      );
    expect(await user.error(Command.PutWrapKey, wrap(['sign-ecdsa', 'sign-eddsa']))).toBe(
      INSUFFICIENT_PERMISSIONS,
    );
    expect(toHex(await user.ok(Command.PutWrapKey, wrap(['sign-ecdsa'])))).toBe('0031');
  });

  it('refuses domains outside the session key’s domains', async () => {
    const { user } = await twoSessions({ capabilities: ['put-opaque'], domains: 0x0003 });
    expect(await user.error(Command.PutOpaque, opaque(0x40, 0x0004))).toBe(
      INSUFFICIENT_PERMISSIONS,
    );
    expect(await user.error(Command.PutOpaque, opaque(0x40, 0x0005))).toBe(
      INSUFFICIENT_PERMISSIONS,
    );
    expect(toHex(await user.ok(Command.PutOpaque, opaque(0x40, 0x0002)))).toBe('0040');
  });
});

describe('domain hiding (spec §10.5)', () => {
  it('hides objects outside the session’s domains from list, info, use and delete', async () => {
    const { admin, user } = await twoSessions({
      capabilities: ['get-opaque', 'sign-ecdsa', 'delete-opaque', 'delete-asymmetric-key'],
      domains: 0x0002,
    });
    await admin.ok(Command.PutOpaque, opaque(0x50, 0x0001));
    await admin.ok(Command.PutOpaque, opaque(0x51, 0x0003));
    await admin.ok(Command.GenerateAsymmetricKey, ecKey(0x52, 0x0001, ['sign-ecdsa']));

    const listed = await user.ok(Command.ListObjects);
    expect(toHex(listed)).toBe('00010200' + '00020200' + '00510100');
    expect(await user.error(Command.GetObjectInfo, hex('0050 01'))).toBe(OBJECT_NOT_FOUND);
    expect(await user.error(Command.GetOpaque, hex('0050'))).toBe(OBJECT_NOT_FOUND);
    expect(await user.error(Command.SignEcdsa, concatBytes(hex('0052'), new Uint8Array(32)))).toBe(
      OBJECT_NOT_FOUND,
    );
    expect(await user.error(Command.GetPublicKey, hex('0052'))).toBe(OBJECT_NOT_FOUND);
    expect(await user.error(Command.DeleteObject, hex('0050 01'))).toBe(OBJECT_NOT_FOUND);
    expect(toHex(await user.ok(Command.GetOpaque, hex('0051')))).toBe('0102');
    // The hidden object is still there for a session that can see it.
    expect(toHex(await admin.ok(Command.GetOpaque, hex('0050')))).toBe('0102');
  });
});
