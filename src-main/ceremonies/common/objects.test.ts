import { describe, expect, it } from 'vitest';
import type { ObjectInfo } from '../../hsm/yubihsm/client/object-info';
import { Algorithm } from '../../hsm/yubihsm/protocol/algorithms';
import { capabilities } from '../../hsm/yubihsm/protocol/capabilities';
import { ObjectType } from '../../hsm/yubihsm/protocol/object-types';
import { describeObject, hexId, nameObject, originName, summarizeObjectInfo } from './objects';

const WRAP_KEY: ObjectInfo = {
  id: 2,
  type: ObjectType.WrapKey,
  algorithm: Algorithm.Aes256CcmWrap,
  capabilities: capabilities('export-wrapped', 'import-wrapped'),
  delegatedCapabilities: capabilities('exportable-under-wrap', 'sign-ecdsa'),
  domains: 0b101,
  length: 32,
  sequence: 0,
  origin: 0x12,
  label: 'Wrap key',
};

describe('objects as a ceremony describes them', () => {
  it('names the origin byte as yubihsm-shell does (spec §5.5), and an undefined one by its hex', () => {
    expect(originName(0x01)).toBe('generated');
    expect(originName(0x02)).toBe('imported');
    expect(originName(0x11)).toBe('generated:imported_wrapped');
    expect(originName(0x12)).toBe('imported:imported_wrapped');
    expect(originName(0x03)).toBe('0x03');
  });

  it('writes the record with masks as 0x + 16 hex digits and the screens with capability names', () => {
    const record = describeObject(WRAP_KEY);
    expect(record).toMatchObject({
      id: 2,
      type: 'wrap-key',
      algorithm: 'aes256-ccm-wrap',
      label: 'Wrap key',
      domains: [1, 3],
      capabilities: '0x0000000000003000',
      delegatedCapabilities: '0x0000000000010080',
      sequence: 0,
      origin: 'imported:imported_wrapped',
    });
    expect(record.publicKey).toBeUndefined();
    expect(summarizeObjectInfo(WRAP_KEY)).toEqual({
      id: 2,
      type: 'wrap-key',
      algorithm: 'aes256-ccm-wrap',
      label: 'Wrap key',
      domains: [1, 3],
      capabilities: ['export-wrapped', 'import-wrapped'],
    });
  });

  it('names an object in a sentence by type, four-digit hex id and label', () => {
    expect(hexId(0x10)).toBe('0x0010');
    expect(nameObject({ type: 'asymmetric-key', id: 0x10, label: 'Signing key' })).toBe(
      'asymmetric-key 0x0010 "Signing key"',
    );
  });
});
