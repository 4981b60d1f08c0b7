import { describe, expect, it } from 'vitest';
import { hexObjectId, readObjectId } from './object-id';

describe('an object id typed in a form', () => {
  it('reads decimal and 0x-prefixed hex, as yubihsm-shell prints them', () => {
    expect(readObjectId('3')).toEqual({ ok: true, id: 3 });
    expect(readObjectId(' 0x0003 ')).toEqual({ ok: true, id: 3 });
    expect(readObjectId('0xFFFE')).toEqual({ ok: true, id: 0xfffe });
    expect(hexObjectId(3)).toBe('0x0003');
  });

  it('leaves an empty field to the record’s application key', () => {
    expect(readObjectId('  ')).toEqual({ ok: true, id: undefined });
  });

  it('says what to type for anything that is not an id', () => {
    for (const typed of ['0', '65535', '0x10000', 'three', '3.5', '-1']) {
      const read = readObjectId(typed);
      expect(read.ok, typed).toBe(false);
      if (!read.ok) expect(read.message).toMatch(/type a number from 1 to 65534/);
    }
  });
});
