import { describe, expect, it } from 'vitest';
import { isSecretFieldName, redact, redactText, REDACTED } from './redact';

// Shares from the interop spec §3.5 (yubihsm-setup shaped and the public RustySecrets vectors).
const SETUP_SHARE = '2-1-KXC7BU2W3yhxujNMld4ncLgHcmTdJ227BU+V2y1nvQtFn9UrfaftW4XPNXut512LxT91qw';
const SHORT_SHARE = '2-5-j0P4PHsw4lW+rg';
// yubihsm-manager 1.0 form: T-X-<104 lowercase hex> for a 32-byte key (spec §7).
const MANAGER_SHARE = `3-2-${'a1b2c3d4e5f60718'.repeat(6)}9f8e7d6c`;

describe('secret field names', () => {
  it('redacts fields whose name says they hold a secret', () => {
    for (const name of [
      'password',
      'authPassword',
      'share',
      'shareText',
      'wrap_key',
      'wrapKey',
      'pin',
      'soPin',
      'token',
      'sessionToken',
      'secret',
      'dkek-password',
      'key',
      'Cookie',
    ]) {
      expect(isSecretFieldName(name), name).toBe(true);
    }
  });

  it('keeps fields that only describe a secret, so logs stay useful', () => {
    for (const name of [
      'keyId',
      'shareIndex',
      'shareCount',
      'threshold',
      'channel',
      'serial',
      'wrapKeyLabel',
      'keyType',
      'pinned',
      'monkey',
    ]) {
      expect(isSecretFieldName(name), name).toBe(false);
    }
  });
});

describe('secret-looking values', () => {
  it('masks yubihsm-setup shares, even short ones, wherever they sit in text', () => {
    const text = redactText(`custodian entered ${SETUP_SHARE} then ${SHORT_SHARE}.`);
    expect(text).not.toContain('KXC7BU2W');
    expect(text).not.toContain('j0P4PHsw');
    expect(text).toContain('[redacted share]');
  });

  it('masks yubihsm-manager hex shares', () => {
    expect(redactText(`share ${MANAGER_SHARE}`)).toBe('share [redacted share]');
  });

  it('masks long hex, contiguous or written as spaced byte pairs', () => {
    const key = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
    const spaced = key.match(/../g)!.join(' ');
    expect(redactText(`wrap key ${key}`)).toBe('wrap key [redacted hex]');
    expect(redactText(`bytes ${spaced} end`)).toBe('bytes [redacted hex] end');
    expect(redactText(`0x${key}`)).toBe('[redacted hex]');
  });

  it('masks base64 runs of 24 characters or more', () => {
    const b64 = 'q83vEjRWeJq83vEjRWeJq83v+/E=';
    expect(redactText(`value ${b64};`)).toBe('value [redacted base64];');
    // Named as a token, it goes by its name (whatever it looks like).
    expect(redactText(`token=${b64};`)).toBe('token=[redacted];');
  });

  it('leaves ordinary text, short numbers, ids and paths readable', () => {
    const text =
      'opened session 3 on device usb:0012345678 at /work/main/src-main/services/device-service.ts:42';
    expect(redactText(text)).toBe(text);
    expect(redactText('object 0x0002 of type wrap-key')).toBe('object 0x0002 of type wrap-key');
    expect(redactText('2026-04-28T10:00:00.000Z')).toBe('2026-04-28T10:00:00.000Z');
  });
});

describe('redact', () => {
  it('walks nested objects and arrays, dropping secret fields and byte arrays', () => {
    const input = {
      step: 'reveal-share',
      custodian: { name: 'Alice', share: SETUP_SHARE, shareIndex: 1 },
      attempts: [{ password: 'correct horse battery staple' }],
      wrapKeyBytes: new Uint8Array(32).fill(7),
      blob: new Uint8Array([1, 2, 3]),
      note: `pasted ${SHORT_SHARE}`,
    };
    expect(redact(input)).toEqual({
      step: 'reveal-share',
      custodian: { name: 'Alice', share: REDACTED, shareIndex: 1 },
      attempts: [{ password: REDACTED }],
      wrapKeyBytes: REDACTED,
      blob: '[redacted bytes]',
      note: 'pasted [redacted share]',
    });
  });

  it('reduces errors to name, masked message and stack, and their own fields', () => {
    const error = Object.assign(new Error(`bad share ${SETUP_SHARE}`), {
      code: 'EBAD',
      password: 'hunter2-hunter2',
    });
    const out = redact(error) as Record<string, unknown>;
    expect(out.name).toBe('Error');
    expect(out.message).toBe('bad share [redacted share]');
    expect(String(out.stack)).not.toContain('KXC7BU2W');
    expect(out.code).toBe('EBAD');
    expect(out.password).toBe(REDACTED);
  });

  it('survives cycles, bigints and deep nesting', () => {
    const a: Record<string, unknown> = { capabilities: 0x7fffn };
    a.self = a;
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 20; i += 1) deep = { deep };
    expect(redact(a)).toEqual({ capabilities: '32767', self: '[circular]' });
    expect(JSON.stringify(redact(deep))).toContain('[nested too deep]');
  });
});
