import { describe, expect, it } from 'vitest';
import type { ObjectRecord } from '../../../shared/records/ceremony-record';
import { compareInventories, expectedFromRecord } from './compare';

// The application key as yubihsm-setup 2.3.3+ makes it (spec/yubihsm-setup-interop.md §2.1);
// capability names by bit from spec/yubihsm2-protocol.md §5.3.
const APP_KEY: ObjectRecord = {
  id: 3,
  type: 'authentication-key',
  algorithm: 'aes128-yubico-authentication',
  label: 'Application auth key',
  domains: [1, 2],
  capabilities: '0x00000000000539f0',
  capabilityNames: [],
  delegatedCapabilities: '0x00000000000509f0',
  sequence: 0,
  origin: 'imported',
};
const SIGNING_KEY: ObjectRecord = {
  id: 0x100,
  type: 'asymmetric-key',
  algorithm: 'ed25519',
  label: 'Signing key',
  domains: [1],
  capabilities: '0x0000000000010100',
  capabilityNames: [],
  delegatedCapabilities: '0x0000000000000000',
  sequence: 0,
  origin: 'generated',
};
const expectedOf = (objects: ObjectRecord[]) =>
  expectedFromRecord({
    inventory: objects,
    files: objects.map((o) => ({ objectId: o.id, type: o.type })),
  });

describe('comparing the clone with the primary', () => {
  it('carries the primary’s value of every compared field on a matching row, capabilities also by name', () => {
    const [row] = compareInventories(expectedOf([APP_KEY]), [
      { ...APP_KEY, sequence: 1, origin: 'imported-wrapped' },
    ]);
    expect(row).toMatchObject({ status: 'match', differences: [] });
    expect(row!.expected).toEqual([
      { field: 'algorithm', value: 'aes128-yubico-authentication' },
      { field: 'label', value: 'Application auth key' },
      { field: 'domains', value: '1:2' },
      {
        field: 'capabilities',
        value: '0x00000000000539f0',
        names: [
          'generate-asymmetric-key',
          'sign-pkcs',
          'sign-pss',
          'sign-ecdsa',
          'sign-eddsa',
          'derive-ecdh',
          'export-wrapped',
          'import-wrapped',
          'exportable-under-wrap',
          'get-option',
        ],
      },
      {
        field: 'delegated capabilities',
        value: '0x00000000000509f0',
        names: [
          'generate-asymmetric-key',
          'sign-pkcs',
          'sign-pss',
          'sign-ecdsa',
          'sign-eddsa',
          'derive-ecdh',
          'exportable-under-wrap',
          'get-option',
        ],
      },
    ]);
  });

  it('still shows both sides of a difference, next to the primary’s values', () => {
    const [row] = compareInventories(expectedOf([SIGNING_KEY]), [
      { ...SIGNING_KEY, domains: [1, 2] },
    ]);
    expect(row).toMatchObject({
      status: 'mismatch',
      differences: [{ field: 'domains', expected: '1', actual: '1:2' }],
    });
    expect(row!.expected?.find((value) => value.field === 'domains')).toEqual({
      field: 'domains',
      value: '1',
    });
    expect(row!.expected?.find((value) => value.field === 'capabilities')?.names).toEqual([
      'sign-eddsa',
      'exportable-under-wrap',
    ]);
  });

  it('gives a missing object the primary’s values, and an object only on the clone none', () => {
    const rows = compareInventories(expectedOf([APP_KEY]), [SIGNING_KEY]);
    expect(rows.map((row) => [row.status, row.expected?.length])).toEqual([
      ['missing', 5],
      ['extra', undefined],
    ]);
  });
});
