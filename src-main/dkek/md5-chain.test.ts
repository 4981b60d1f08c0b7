import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestToWords, md5Rehash, wordsToDigest } from './md5-chain';

/** The reference: node:crypto (OpenSSL) MD5, one call per round. */
function md5Repeated(start: Uint8Array, rounds: number): Buffer {
  let digest = Buffer.from(start);
  for (let i = 0; i < rounds; i += 1) digest = createHash('md5').update(digest).digest();
  return digest;
}

function rehash(start: Uint8Array, rounds: number): Buffer {
  const words = digestToWords(start);
  md5Rehash(words, rounds);
  const out = Buffer.alloc(16);
  wordsToDigest(words, out);
  return out;
}

describe('single-block MD5 re-hash', () => {
  it('is MD5 of the 16 bytes, on 500 random digests (property against node:crypto)', () => {
    for (let i = 0; i < 500; i += 1) {
      const input = randomBytes(16);
      expect(rehash(input, 1).toString('hex'), input.toString('hex')).toBe(
        md5Repeated(input, 1).toString('hex'),
      );
    }
  });

  it('chains: 1000 rounds equal 1000 node:crypto calls, from random and edge digests', () => {
    const starts = [randomBytes(16), randomBytes(16), Buffer.alloc(16), Buffer.alloc(16, 0xff)];
    for (const start of starts) {
      expect(rehash(start, 1000).toString('hex')).toBe(md5Repeated(start, 1000).toString('hex'));
    }
  });

  it('leaves the digest as it was for zero rounds', () => {
    const start = randomBytes(16);
    expect(rehash(start, 0).toString('hex')).toBe(start.toString('hex'));
  });

  it('known answer: MD5 of 16 zero bytes (RFC 1321 arithmetic, independent of OpenSSL)', () => {
    expect(rehash(Buffer.alloc(16), 1).toString('hex')).toBe('4ae71336e44bf9bf79d2752e234818a5');
  });

  it('refuses a digest that is not 16 bytes', () => {
    expect(() => digestToWords(new Uint8Array(15))).toThrow(/16 bytes, not 15/);
  });
});
