import { describe, expect, it } from 'vitest';
import { Algorithm } from '../protocol/algorithms';
import { capabilities } from '../protocol/capabilities';
import { Command } from '../protocol/commands';
import {
  YubiHsmDeviceError,
  YubiHsmProtocolError,
  YubiHsmTransportError,
} from '../protocol/device-errors';
import { ObjectType } from '../protocol/object-types';
import { YubiHsmArgumentError } from '../session/errors';
import type { InnerRequest } from '../session/test-support/channel-peer';
import { V1, fromHex, toHex } from '../session/test-support/vectors';
import { fails, ok, peerSession } from './test-support/peer-session';

const label40 = (text: string) => toHex(new TextEncoder().encode(text)).padEnd(80, '0');

/** Opens a session whose device answers the one command under test with `answer`. */
async function answering(answer: (request: InnerRequest) => Uint8Array) {
  return peerSession(answer);
}

describe('YubiHsmSession requests and responses (spec §4.3)', () => {
  it('storageInfo reads the five counters', async () => {
    const { session, requests } = await answering((r) =>
      ok(r.command, fromHex('0100 00ff 0400 03ff 007e')),
    );
    expect(await session.storageInfo()).toEqual({
      totalRecords: 256,
      freeRecords: 255,
      totalPages: 1024,
      freePages: 1023,
      pageSize: 126,
    });
    expect(requests.map((r) => r.command)).toEqual([Command.GetStorageInfo]);
  });

  it('listObjects sends the filters and parses the entries', async () => {
    const { session, requests } = await answering((r) =>
      ok(r.command, fromHex('0001 02 00 0064 04 03')),
    );
    const list = await session.listObjects({ type: ObjectType.WrapKey, domains: 0x0001 });
    expect(toHex(requests[0]!.payload)).toBe('0204030001');
    expect(list).toEqual([
      { id: 1, type: 2, sequence: 0 },
      { id: 0x64, type: 4, sequence: 3 },
    ]);
  });

  it('getObjectInfo asks by id and type', async () => {
    const info = `${'00'.repeat(8)}0064 0028 0001 04 1d 00 01 ${label40('wrap')} ${'00'.repeat(8)}`;
    const { session, requests } = await answering((r) => ok(r.command, fromHex(info)));
    const parsed = await session.getObjectInfo(0x64, ObjectType.WrapKey);
    expect(toHex(requests[0]!.payload)).toBe('006404');
    expect(parsed).toMatchObject({
      id: 0x64,
      type: 4,
      algorithm: 29,
      label: 'wrap',
      origin: 1,
      length: 40,
    });
  });

  it('deleteObject sends id and type and expects nothing back', async () => {
    const { session, requests } = await answering((r) => ok(r.command));
    await session.deleteObject(1, ObjectType.AuthenticationKey);
    expect(requests[0]).toEqual({ command: Command.DeleteObject, payload: fromHex('000102') });
  });

  it('putOpaque builds the creation prefix and getOpaque reads the data back', async () => {
    const stored = new Map<number, Uint8Array>();
    const { session, requests } = await answering((r) => {
      if (r.command === Command.PutOpaque) {
        stored.set(0x0102, r.payload.subarray(53));
        return ok(r.command, fromHex('0102'));
      }
      return ok(r.command, stored.get(0x0102));
    });
    const id = await session.putOpaque({
      id: 0x0102,
      label: 'cert',
      domains: 0x0003,
      capabilities: capabilities('exportable-under-wrap'),
      data: fromHex('cafe'),
    });
    expect(id).toBe(0x0102);
    expect(toHex(requests[0]!.payload)).toBe(
      `0102${label40('cert')}0003 0000000000010000 1e cafe`.replace(/ /g, ''),
    );
    expect(toHex(await session.getOpaque(0x0102))).toBe('cafe');
    expect(toHex(requests[1]!.payload)).toBe('0102');
  });

  it('putWrapKey sends prefix, delegated capabilities and the key', async () => {
    const { session, requests } = await answering((r) => ok(r.command, fromHex('0064')));
    const key = fromHex('00112233445566778899aabbccddeeff');
    const id = await session.putWrapKey({
      id: 0x64,
      label: 'wrap',
      domains: 1,
      algorithm: Algorithm.Aes128CcmWrap,
      capabilities: capabilities('export-wrapped', 'import-wrapped'),
      delegatedCapabilities: capabilities('exportable-under-wrap', 'sign-ecdsa'),
      key,
    });
    expect(id).toBe(0x64);
    expect(toHex(requests[0]!.payload)).toBe(
      `0064${label40('wrap')}0001 0000000000003000 1d 0000000000010080 00112233445566778899aabbccddeeff`.replace(
        / /g,
        '',
      ),
    );
  });

  it('generateWrapKey lets the device pick the id when asked with 0', async () => {
    const { session, requests } = await answering((r) => ok(r.command, fromHex('aff7')));
    const id = await session.generateWrapKey({
      id: 0,
      label: '',
      domains: 0xffff,
      algorithm: Algorithm.Aes256CcmWrap,
      capabilities: 0n,
      delegatedCapabilities: 0n,
    });
    expect(id).toBe(0xaff7);
    expect(requests[0]!.payload.length).toBe(53 + 8);
    expect(requests[0]!.payload[52]).toBe(42);
  });

  it('refuses an id other than the one asked for', async () => {
    const { session } = await answering((r) => ok(r.command, fromHex('0065')));
    await expect(
      session.generateWrapKey({
        id: 0x64,
        label: 'w',
        domains: 1,
        algorithm: 29,
        capabilities: 0n,
        delegatedCapabilities: 0n,
      }),
    ).rejects.toThrow(
      /^GENERATE WRAP KEY: the device stored the object as 0x0065 instead of the requested 0x0064/,
    );
  });

  it('putAuthenticationKey derives K-ENC || K-MAC from the password (V1)', async () => {
    const { session, requests } = await answering((r) => ok(r.command, fromHex('0002')));
    await session.putAuthenticationKey({
      id: 2,
      label: 'application',
      domains: 1,
      capabilities: capabilities('sign-ecdsa'),
      delegatedCapabilities: 0n,
      credential: { password: 'password' },
    });
    const payload = requests[0]!.payload;
    expect(payload[52]).toBe(Algorithm.Aes128YubicoAuthentication);
    expect(toHex(payload.subarray(61))).toBe(toHex(V1.encryptionKey) + toHex(V1.macKey));
  });

  it('changeAuthenticationKey changes the session key itself', async () => {
    const { session, requests } = await answering((r) => ok(r.command, fromHex('0001')));
    const keys = { encryptionKey: new Uint8Array(16).fill(1), macKey: new Uint8Array(16).fill(2) };
    expect(await session.changeAuthenticationKey({ keys })).toBe(1);
    expect(toHex(requests[0]!.payload)).toBe(
      `0001 26 ${'01'.repeat(16)}${'02'.repeat(16)}`.replace(/ /g, ''),
    );
    // Keys the caller handed in are the caller's to zeroize.
    expect(keys.encryptionKey[0]).toBe(1);
  });

  it('generateAsymmetricKey passes any algorithm code through, and getPublicKey splits algorithm and key', async () => {
    const { session, requests } = await answering((r) =>
      r.command === Command.GenerateAsymmetricKey
        ? ok(r.command, r.payload.subarray(0, 2))
        : ok(r.command, fromHex(`2e ${'ab'.repeat(32)}`)),
    );
    for (const algorithm of [Algorithm.EcP256, Algorithm.Ed25519, Algorithm.Rsa2048, 0xfe]) {
      await session.generateAsymmetricKey({
        id: 5,
        label: 'signer',
        domains: 1,
        capabilities: capabilities('sign-eddsa'),
        algorithm,
      });
    }
    expect(requests.map((r) => r.payload[52])).toEqual([12, 46, 9, 0xfe]);
    const publicKey = await session.getPublicKey(5);
    expect(toHex(requests[4]!.payload)).toBe('0005');
    expect(publicKey.algorithm).toBe(46);
    expect(publicKey.key.length).toBe(32);
  });

  it('exportWrapped and importWrapped carry the blob unchanged', async () => {
    const blob = Uint8Array.from({ length: 100 }, (_, i) => i);
    const { session, requests } = await answering((r) =>
      r.command === Command.ExportWrapped ? ok(r.command, blob) : ok(r.command, fromHex('03 0005')),
    );
    expect(toHex(await session.exportWrapped(0x64, ObjectType.AsymmetricKey, 5))).toBe(toHex(blob));
    expect(toHex(requests[0]!.payload)).toBe('0064030005');
    expect(await session.importWrapped(0x64, blob)).toEqual({ type: 3, id: 5 });
    expect(toHex(requests[1]!.payload)).toBe(`0064${toHex(blob)}`);
  });

  it('refuses a wrapped blob too short to be one', async () => {
    const { session } = await answering((r) => ok(r.command, new Uint8Array(40)));
    await expect(session.exportWrapped(0x64, 3, 5)).rejects.toThrow(
      /^EXPORT WRAPPED: a 40-byte wrapped object is too short/,
    );
    await expect(session.importWrapped(0x64, new Uint8Array(40))).rejects.toThrow(
      /check the \.yhw file/,
    );
  });

  it('signs with ECDSA, EdDSA, PKCS#1 and PSS in the request layouts of §4.3', async () => {
    const { session, requests } = await answering((r) => {
      if (r.command === Command.SignEcdsa)
        return ok(r.command, fromHex('3008 0202 00ff 0202 0102'));
      if (r.command === Command.SignEddsa) return ok(r.command, new Uint8Array(64));
      return ok(r.command, new Uint8Array(256));
    });
    const digest = new Uint8Array(32).fill(0xdd);
    expect(toHex(await session.signEcdsa(5, digest))).toBe(
      '30080202 00ff02020102'.replace(/ /g, ''),
    );
    expect(toHex(requests[0]!.payload)).toBe(`0005${'dd'.repeat(32)}`);
    expect((await session.signEddsa(6, fromHex('68656c6c6f'))).length).toBe(64);
    expect(toHex(requests[1]!.payload)).toBe('000668656c6c6f');
    expect((await session.signPkcs1(7, digest)).length).toBe(256);
    expect(toHex(requests[2]!.payload)).toBe(`0007${'dd'.repeat(32)}`);
    await session.signPss(7, Algorithm.Mgf1Sha256, 32, digest);
    expect(toHex(requests[3]!.payload)).toBe(`0007 21 0020 ${'dd'.repeat(32)}`.replace(/ /g, ''));
  });

  it('refuses an ECDSA signature that is not DER', async () => {
    const { session } = await answering((r) => ok(r.command, new Uint8Array(64).fill(1)));
    await expect(session.signEcdsa(5, new Uint8Array(32))).rejects.toThrow(
      /^SIGN ECDSA: the 64-byte signature is not a DER SEQUENCE/,
    );
  });

  it('reads the audit log and sets the log index', async () => {
    const entry = fromHex(
      '0003 03 000a ffff 0001 ffff 83 00000023 2264d451b5eff5dfa94c544f33b787a9',
    );
    const { session, requests } = await answering((r) =>
      r.command === Command.GetLogEntries
        ? ok(r.command, new Uint8Array([0, 0, 0, 1, 1, ...entry]))
        : ok(r.command),
    );
    const log = await session.getLogEntries();
    expect(log.unloggedAuthentications).toBe(1);
    expect(log.entries[0]!.targetKey).toBe(1);
    await session.setLogIndex(3);
    expect(requests[1]).toEqual({ command: Command.SetLogIndex, payload: fromHex('0003') });
  });

  it('sets and gets options as tag || length || value', async () => {
    const { session, requests } = await answering((r) =>
      r.command === Command.GetOption ? ok(r.command, fromHex('01')) : ok(r.command),
    );
    await session.setOption(0x01, fromHex('01'));
    expect(toHex(requests[0]!.payload)).toBe('01000101');
    expect(toHex(await session.getOption(0x01))).toBe('01');
    expect(toHex(requests[1]!.payload)).toBe('01');
  });

  it('reads random bytes, blinks, and echoes inside the session', async () => {
    const { session, requests } = await answering((r) => {
      if (r.command === Command.GetPseudoRandom) return ok(r.command, new Uint8Array(16).fill(7));
      if (r.command === Command.Echo) return ok(r.command, r.payload);
      return ok(r.command);
    });
    expect((await session.pseudoRandom(16)).length).toBe(16);
    expect(toHex(requests[0]!.payload)).toBe('0010');
    await session.blink(5);
    expect(toHex(requests[1]!.payload)).toBe('05');
    expect(toHex(await session.echo(fromHex('0102')))).toBe('0102');
  });

  it('refuses random bytes of the wrong count', async () => {
    const { session } = await answering((r) => ok(r.command, new Uint8Array(15)));
    await expect(session.pseudoRandom(16)).rejects.toThrow(
      /^GET PSEUDO RANDOM: expected a 16-byte response, got 15 bytes/,
    );
  });

  it('resetDevice counts a broken connection after sending as success and ends the session', async () => {
    const { session, transport } = await peerSession();
    transport.answer(new YubiHsmTransportError('the device rebooted'));
    await session.resetDevice();
    expect(session.isOpen).toBe(false);
    await session.close();
    expect(transport.sent).toHaveLength(3);
  });

  it('resetDevice reports a refusal and keeps the session', async () => {
    const { session } = await answering(() => fails(0x09));
    const error = await session.resetDevice().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(YubiHsmDeviceError);
    expect((error as YubiHsmDeviceError).errorName).toBe('INSUFFICIENT_PERMISSIONS');
    expect((error as Error).message).toMatch(/^RESET DEVICE failed with INSUFFICIENT_PERMISSIONS/);
    expect(session.isOpen).toBe(true);
  });

  it('refuses data where an empty response is due', async () => {
    const { session } = await answering((r) => ok(r.command, fromHex('00')));
    await expect(session.deleteObject(1, 2)).rejects.toThrow(YubiHsmProtocolError);
    await expect(session.deleteObject(1, 2)).rejects.toThrow(
      /^DELETE OBJECT: expected an empty response, got 1 bytes/,
    );
  });
});

describe('argument checks happen before anything is sent', () => {
  const cases: [
    string,
    (s: Awaited<ReturnType<typeof peerSession>>['session']) => Promise<unknown>,
    RegExp,
  ][] = [
    [
      'object id 0 where the device cannot pick',
      (s) => s.getObjectInfo(0, 2),
      /the object id 0 is not a valid object id; use 1\.\.0xfffe$/,
    ],
    ['object id 0xffff', (s) => s.deleteObject(0xffff, 2), /65535 is not a valid object id/],
    ['a fractional id', (s) => s.getOpaque(1.5), /1\.5 is not a valid object id/],
    [
      'an unknown object type',
      (s) => s.getObjectInfo(1, 0x83),
      /object type 131 is not one of the YubiHSM 2 object types/,
    ],
    [
      'a label over 40 UTF-8 bytes',
      (s) =>
        s.putOpaque({
          id: 1,
          label: 'é'.repeat(21),
          domains: 1,
          capabilities: 0n,
          data: fromHex('00'),
        }),
      /is 42 bytes in UTF-8; the device holds at most 40/,
    ],
    [
      'a label with a NUL',
      (s) =>
        s.putOpaque({ id: 1, label: 'a\0b', domains: 1, capabilities: 0n, data: fromHex('00') }),
      /NUL character/,
    ],
    [
      'no domain',
      (s) => s.putOpaque({ id: 1, label: 'a', domains: 0, capabilities: 0n, data: fromHex('00') }),
      /at least one domain/,
    ],
    [
      'empty opaque data',
      (s) =>
        s.putOpaque({ id: 1, label: 'a', domains: 1, capabilities: 0n, data: new Uint8Array(0) }),
      /the opaque data is empty/,
    ],
    [
      'a wrap key of the wrong length',
      (s) =>
        s.putWrapKey({
          id: 1,
          label: 'w',
          domains: 1,
          capabilities: 0n,
          delegatedCapabilities: 0n,
          algorithm: 42,
          key: new Uint8Array(16),
        }),
      /a 256-bit AES wrap key must be 32 bytes long, not 16 bytes/,
    ],
    [
      'a wrap key algorithm that is not one',
      (s) =>
        s.generateWrapKey({
          id: 1,
          label: 'w',
          domains: 1,
          capabilities: 0n,
          delegatedCapabilities: 0n,
          algorithm: Algorithm.EcP256,
        }),
      /ecp256 cannot be used for a wrap key; use one of aes128-ccm-wrap, aes192-ccm-wrap, aes256-ccm-wrap/,
    ],
    [
      'capabilities beyond 64 bits',
      (s) =>
        s.generateWrapKey({
          id: 1,
          label: 'w',
          domains: 1,
          capabilities: 1n << 64n,
          delegatedCapabilities: 0n,
          algorithm: 29,
        }),
      /capabilities must be a 64-bit capability mask/,
    ],
    [
      'an empty password',
      (s) => s.changeAuthenticationKey({ password: '' }),
      /the password is empty/,
    ],
    [
      'authentication keys of the wrong size',
      (s) =>
        s.changeAuthenticationKey({
          keys: { encryptionKey: new Uint8Array(16), macKey: new Uint8Array(15) },
        }),
      /wrong length/,
    ],
    [
      'an ECDSA digest of an odd length',
      (s) => s.signEcdsa(1, new Uint8Array(33)),
      /an ECDSA digest must be 20, 28, 32, 48, 64 or 66 bytes long, not 33 bytes/,
    ],
    [
      'a PKCS#1 digest of an odd length',
      (s) => s.signPkcs1(1, new Uint8Array(28)),
      /an RSA PKCS#1 digest must be 20, 32, 48 or 64 bytes long/,
    ],
    [
      'an MGF1 algorithm that is not one',
      (s) => s.signPss(1, 9, 32, new Uint8Array(32)),
      /MGF1 algorithm 9 is not one of/,
    ],
    [
      'a salt length over 16 bits',
      (s) => s.signPss(1, 33, 70000, new Uint8Array(32)),
      /the PSS salt length 70000 must be a whole number from 0 to 65535/,
    ],
    [
      'a blink of 300 s',
      (s) => s.blink(300),
      /the blink time in seconds 300 must be a whole number from 0 to 255/,
    ],
    [
      'zero random bytes',
      (s) => s.pseudoRandom(0),
      /ask for 1 to 3116 random bytes at a time, not 0/,
    ],
    ['a log index over 16 bits', (s) => s.setLogIndex(-1), /the log index -1/],
    [
      'an algorithm code over a byte',
      (s) =>
        s.generateAsymmetricKey({
          id: 1,
          label: 'k',
          domains: 1,
          capabilities: 0n,
          algorithm: 256,
        }),
      /algorithm 256 is not an algorithm code/,
    ],
  ];

  for (const [what, call, sentence] of cases) {
    it(`refuses ${what}`, async () => {
      const { session, requests } = await peerSession();
      const error = await call(session).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(YubiHsmArgumentError);
      expect((error as Error).message).toMatch(sentence);
      expect(requests).toHaveLength(0);
      expect(session.isOpen).toBe(true);
    });
  }
});
