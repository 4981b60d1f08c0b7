import { describe, expect, it } from 'vitest';
import { custodianFileName } from './custodian-file-name';

describe('file names for a custodian', () => {
  it('leads with the share number and folds the name to lower-case letters, digits and dashes', () => {
    expect(custodianFileName(2, 'Grace Hopper', 'txt')).toBe('2-grace-hopper.txt');
    expect(custodianFileName(3, 'Zoë O’Brien-Ñúñez', 'html')).toBe('3-zoe-o-brien-nunez.html');
    expect(custodianFileName(10, '  ../etc/passwd  ', 'txt')).toBe('10-etc-passwd.txt');
  });

  it('keeps at most 40 characters of the name, never ending in a dash, and names a nameless custodian', () => {
    const long = custodianFileName(1, `${'a'.repeat(39)} b`, 'txt');
    expect(long).toBe(`1-${'a'.repeat(39)}.txt`);
    expect(custodianFileName(4, '***', 'html')).toBe('4-custodian.html');
  });
});
