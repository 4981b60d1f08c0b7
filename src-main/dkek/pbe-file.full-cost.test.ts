// The spec's full-cost vectors (c = 10^7, seconds each): slow on purpose, once each. They are
// what proves Custos and sc-hsm-tool derive the same keys.

import { describe, expect, it } from 'vitest';
import { shareCheckValue } from './check-value';
import { openShareFile, sealShare } from './pbe-file';
import { reconstructPassword } from './password-shares';
import { parsePasswordShareText } from './password-share-text';
import { V3, V4, V6, hex } from './spec-vectors';

const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const SLOW = { timeout: 240_000 };

describe('.pbe at sc-hsm-tool cost (slow)', () => {
  it('V3: the typed password "testpw" seals to sc-hsm-tool\'s bytes', SLOW, async () => {
    expect(hexOf(await sealShare(V3.share, V3.salt, V3.password))).toBe(V3.file);
  });

  it("V4: a binary 8-byte password seals to sc-hsm-tool's bytes", SLOW, async () => {
    expect(hexOf(await sealShare(V4.share, V4.salt, V4.password))).toBe(V4.file);
  });

  it('V6: a 2-of-3 file sc-hsm-tool made opens with its shares 1 and 3', SLOW, async () => {
    const shares = [1, 3].map((id) =>
      parsePasswordShareText(
        `Prime       : ${V6.prime}\nShare ID    : ${id}\nShare value : ${V6.shares[id - 1]}\n`,
        `${id}.txt`,
      ),
    );
    const password = reconstructPassword(shares);
    expect(hexOf(password)).toBe(V6.password);
    const share = await openShareFile(hex(V6.file), password, { name: 'v6.pbe' });
    expect(hexOf(share)).toBe(V6.share);
    expect(shareCheckValue(share)).toBe(V6.checkValue);
  });
});
