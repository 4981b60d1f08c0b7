import { describe, expect, it } from 'vitest';
import { checkScannedShare } from './scan-back';

// spec/yubihsm-setup-interop.md §3.5, yubihsm-setup-shaped vectors.
const SHARE_3 = '3-3-WRG84kPE+1kj9MtDBONBI8XWYvSDWDnH59YahMwq1ujvOZXLU9Xp8BDGylQc+uEf/+lFGw';
const SHARE_2 = '3-2-4kb3rYgzIOZ4g4CMzzT6fL6BqTtI72K4vGHRSwd9rbdU7l4EGKKyT8sxARtXrVrABD4OVA';
const TWO_OF_THREE_1 = '2-1-KXC7BU2W3yhxujNMld4ncLgHcmTdJ227BU+V2y1nvQtFn9UrfaftW4XPNXut512LxT91qw';

function withCharacter(text: string, position: number, replacement: string): string {
  return text.slice(0, position - 1) + replacement + text.slice(position);
}

/** Every message is checked for leaks: no run of 4 share characters may appear in it. */
function expectNoShareText(message: string, ...shares: string[]): void {
  for (const share of shares) {
    for (let i = 4; i + 4 <= share.length; i++)
      expect(message).not.toContain(share.slice(i, i + 4));
  }
}

describe('checkScannedShare', () => {
  it('accepts the exact share, with what a scanner adds around it or a person adds inside it', () => {
    expect(checkScannedShare(SHARE_3, SHARE_3).verdict).toBe('matches');
    expect(checkScannedShare(`${SHARE_3}\r\n`, SHARE_3).verdict).toBe('matches');
    const grouped = SHARE_3.match(/.{1,4}/g)!
      .join(' ')
      .replace(/(.{19}) /g, '$1\n');
    expect(grouped).toContain('\n');
    const result = checkScannedShare(`  ${grouped}  `, SHARE_3);
    expect(result).toEqual({ verdict: 'matches', message: 'The scanned text matches your share.' });
  });

  it('names the first character that differs, counting from 1 in the share as printed', () => {
    const result = checkScannedShare(
      withCharacter(SHARE_3, 37, SHARE_3[36] === 'A' ? 'B' : 'A'),
      SHARE_3,
    );
    expect(result).toMatchObject({ verdict: 'differs', position: 37 });
    expect(result.message).toBe(
      'The scanned text differs from your share at character 37: compare that character on your sheet.',
    );
    expectNoShareText(result.message, SHARE_3);
  });

  it('treats a change of letter case as a difference (base64 is case-sensitive)', () => {
    const position = [...SHARE_3].findIndex((c, i) => i > 4 && /[a-z]/.test(c)) + 1;
    const result = checkScannedShare(
      withCharacter(SHARE_3, position, SHARE_3[position - 1]!.toUpperCase()),
      SHARE_3,
    );
    expect(result).toMatchObject({ verdict: 'differs', position });
  });

  it('says when the scanned text stops early or runs on', () => {
    expect(checkScannedShare(SHARE_3.slice(0, 60), SHARE_3)).toMatchObject({
      verdict: 'too-short',
      position: 60,
    });
    const long = checkScannedShare(`${SHARE_3}Q`, SHARE_3);
    expect(long).toMatchObject({ verdict: 'too-long', position: 75 });
    expect(long.message).toContain('character 75');
  });

  it("recognises another custodian's share and says whose, without quoting it", () => {
    const result = checkScannedShare(SHARE_2, SHARE_3);
    expect(result).toEqual({
      verdict: 'other-custodian',
      message:
        'The scanned text is a share for custodian 2, not 3: scan the sheet that carries your own name.',
      scannedNumber: 2,
      yourNumber: 3,
    });
    expectNoShareText(result.message, SHARE_2, SHARE_3);
  });

  it('reads a slip in the share number as a difference at that character, not as another share', () => {
    expect(checkScannedShare(withCharacter(SHARE_3, 3, '2'), SHARE_3)).toMatchObject({
      verdict: 'differs',
      position: 3,
    });
  });

  it('recognises a share from a different split', () => {
    expect(checkScannedShare(TWO_OF_THREE_1, SHARE_3)).toMatchObject({
      verdict: 'other-split',
      scannedThreshold: 2,
      yourThreshold: 3,
    });
  });

  it('says when the text is not a share at all, or empty', () => {
    expect(checkScannedShare('https://example.org/', SHARE_3)).toMatchObject({
      verdict: 'not-a-share',
    });
    expect(checkScannedShare('hello', SHARE_3).message).toMatch(/^This is not a share/);
    expect(checkScannedShare(' \n ', SHARE_3)).toMatchObject({ verdict: 'empty' });
  });

  it('still points at the character when a typo makes the text unreadable as a share', () => {
    const result = checkScannedShare(withCharacter(SHARE_3, 50, '@'), SHARE_3);
    expect(result).toMatchObject({ verdict: 'differs', position: 50 });
  });

  it('refuses to compare with something that is not a canonical share', () => {
    expect(() => checkScannedShare(SHARE_3, ` ${SHARE_3}`)).toThrow(/not a canonical share/);
    expect(() => checkScannedShare(SHARE_3, 'hello')).toThrow(/not a canonical share/);
  });
});
