import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decodeWrappedFile,
  encodeWrappedFile,
  parseWrappedFileName,
  wrappedFileName,
} from './wrapped-file';

// Spec yubihsm2-protocol.md §9 V7: a real-shaped 100-byte export blob.
const V7_BASE64 =
  'AAECAwQFBgcICQoLDG93p2/MsRJ2uEWDo1cmaE4owrfeab78vHB3lno4UTCZU9mQn7CyGuYcHI07xbhxNvqFsom5jDszzEcWvFliKMMx0CYBlQBbjTdSb2hPOKoAlnTu3hb24A==';

describe('.yhw files', () => {
  it('are named like yubihsm-setup dump names them', () => {
    expect(wrappedFileName(3, 'authentication-key')).toBe('0x0003-authentication-key.yhw');
    expect(wrappedFileName(0xabcd, 'asymmetric-key')).toBe('0xabcd-asymmetric-key.yhw');
    expect(parseWrappedFileName('0x0003-authentication-key.yhw')).toEqual({
      objectId: 3,
      typeName: 'authentication-key',
    });
    expect(parseWrappedFileName('0x0003.yhw')).toEqual({ objectId: 3 });
    expect(parseWrappedFileName('notes.txt')).toBeUndefined();
  });

  it('are written as padded base64 on one line with no newline', () => {
    const blob = Buffer.from(V7_BASE64, 'base64');
    const text = encodeWrappedFile(blob);
    expect(text).toBe(V7_BASE64);
    expect(text).not.toMatch(/\s/);
  });

  it('read base64 with an editor-added newline, and raw binary as yubihsm-manager writes it', () => {
    const fromText = decodeWrappedFile(Buffer.from(`${V7_BASE64}\n`));
    expect(fromText).toMatchObject({ ok: true, encoding: 'base64' });
    const binary = new Uint8Array(Buffer.from(V7_BASE64, 'base64'));
    const fromBinary = decodeWrappedFile(binary);
    expect(fromBinary).toEqual({ ok: true, blob: binary, encoding: 'binary' });
    if (fromText.ok) expect(Buffer.from(fromText.blob)).toEqual(Buffer.from(binary));
  });

  it('never trims a binary blob whose edges are whitespace bytes', () => {
    const blob = new Uint8Array(randomBytes(120));
    blob[0] = 0x0a;
    blob[119] = 0x20;
    blob[5] = 0x00;
    const read = decodeWrappedFile(blob);
    expect(read.ok && Buffer.from(read.blob).equals(Buffer.from(blob))).toBe(true);
  });

  it('reports corrupted and truncated files with a reason instead of failing the restore', () => {
    expect(decodeWrappedFile(Buffer.from('AAEC!!notbase64'))).toMatchObject({
      ok: false,
      problem: expect.stringContaining('not valid base64'),
    });
    expect(decodeWrappedFile(Buffer.from('AAECAwQF'))).toMatchObject({
      ok: false,
      problem: expect.stringContaining('only 6 bytes'),
    });
    expect(decodeWrappedFile(new Uint8Array([0x00, 0xff, 0x10]))).toMatchObject({
      ok: false,
      problem: expect.stringContaining('only 3 bytes'),
    });
    expect(decodeWrappedFile(new Uint8Array(0))).toMatchObject({ ok: false });
  });
});
