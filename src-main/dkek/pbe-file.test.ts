import { createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { shareCheckValue } from './check-value';
import { DkekShareError } from './dkek-share-error';
import { createShareFile, decryptShare, openShareFile, parsePbeFile, sealShare } from './pbe-file';
import { interpolateAtZero, reconstructPassword, shamirValues } from './password-shares';
import { V2, V5, V8, hex } from './spec-vectors';

const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const fast = { iterations: 1 };

describe('.pbe DKEK share file (c = 1 for speed; full cost in pbe-file.full-cost.test.ts)', () => {
  it('V2: seals the share into the exact bytes openssl enc -md md5 writes', async () => {
    expect(hexOf(await sealShare(V2.share, V2.salt, V2.password, fast))).toBe(V2.file);
  });

  it('V2: opens the file back to the share', async () => {
    const share = await openShareFile(hex(V2.file), V2.password, { ...fast, name: 'v2.pbe' });
    expect(hexOf(share)).toBe(hexOf(V2.share));
  });

  it('ignores bytes after the first 64, as sc-hsm-tool does', async () => {
    const longer = Buffer.concat([hex(V2.file), Buffer.from('\n# trailing\n')]);
    expect(parsePbeFile(longer, 'x.pbe').ignoredBytes).toBe(12);
    const share = await openShareFile(longer, V2.password, { ...fast, name: 'x.pbe' });
    expect(hexOf(share)).toBe(hexOf(V2.share));
  });

  it('refuses a wrong password with a sentence, never a share', async () => {
    const opening = openShareFile(hex(V2.file), Buffer.from('testpW'), { ...fast, name: 'v2.pbe' });
    await expect(opening).rejects.toThrow(DkekShareError);
    await expect(opening).rejects.toThrow(/The password does not open v2\.pbe/);
  });

  it('refuses a 63-byte file and one without "Salted__", naming the file', () => {
    expect(() => parsePbeFile(hex(V2.file).subarray(0, 63), 'short.pbe')).toThrow(
      /short\.pbe is 63 bytes long, but a DKEK share file is 64: it is truncated/,
    );
    const foreign = hex(V2.file);
    foreign[0] = 0x73;
    expect(() => parsePbeFile(foreign, 'foreign.pbe')).toThrow(
      /foreign\.pbe does not begin with "Salted__"/,
    );
  });

  it('checks all 16 padding bytes: 4000 wrong keys give no share, where PKCS#7 lets ~1/256 through', () => {
    const { ciphertext } = parsePbeFile(hex(V2.file), 'v2.pbe');
    let opensslWouldAccept = 0;
    for (let i = 0; i < 4000; i += 1) {
      const wrong = randomBytes(48);
      expect(decryptShare(ciphertext, wrong)).toBeUndefined();
      try {
        const d = createDecipheriv('aes-256-cbc', wrong.subarray(0, 32), wrong.subarray(32));
        d.update(ciphertext);
        d.final();
        opensslWouldAccept += 1;
      } catch {
        // bad padding: OpenSSL refuses this one too
      }
    }
    // sc-hsm-tool's check accepts about 4000/256 ≈ 16 of these; the chance of none is e^-16.
    expect(opensslWouldAccept).toBeGreaterThan(0);
  });

  it('creates a random share under the password, the file opening to the check value it reports', async () => {
    const password = Buffer.from('correct horse');
    const first = await createShareFile(password, fast);
    const second = await createShareFile(password, fast);
    expect(first.file).toHaveLength(64);
    expect(Buffer.from(first.file.subarray(0, 8)).toString()).toBe('Salted__');
    expect(hexOf(first.file.subarray(8, 16))).not.toBe(hexOf(second.file.subarray(8, 16)));
    expect(first.checkValue).not.toBe(second.checkValue);
    const share = await openShareFile(first.file, password, { ...fast, name: 'new.pbe' });
    expect(shareCheckValue(share)).toBe(first.checkValue);
  });

  it('V8: a leading-zero password opens only as 8 bytes; the 7 sc-hsm-tool uses do not', async () => {
    const password = hex(V8.password);
    const file = await sealShare(V2.share, V2.salt, password, fast);
    const prime = BigInt(`0x${V5.prime.replace(/:/g, '')}`);
    const shares = shamirValues(BigInt(`0x${V8.password}`), [0x0123456789abcdefn], prime, 3).map(
      (value, index) => ({ prime, id: index + 1, value, source: `${index + 1}.txt` }),
    );
    const rebuilt = reconstructPassword([shares[0]!, shares[2]!]);
    expect(hexOf(rebuilt)).toBe(V8.password);
    const share = await openShareFile(file, rebuilt, { ...fast, name: 'v8.pbe' });
    expect(hexOf(share)).toBe(hexOf(V2.share));
    // sc-hsm-tool's import: the number's minimal bytes, the leading 00 dropped.
    const stripped = hex(interpolateAtZero([shares[0]!, shares[2]!], prime).toString(16));
    expect(stripped).toHaveLength(7);
    await expect(
      openShareFile(file, stripped, { ...fast, name: 'v8.pbe', secretKind: 'password shares' }),
    ).rejects.toThrow(/The password shares do not open v8\.pbe: one is mistyped/);
  });
});
