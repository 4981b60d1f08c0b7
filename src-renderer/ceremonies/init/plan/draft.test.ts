import { describe, expect, it } from 'vitest';
import {
  capabilityList,
  moveItem,
  parseObjectId,
  parseWhole,
  readNumber,
  readPath,
  readStrings,
  withValue,
} from './draft';
import { problemsAt, unplaced } from './field-problems';

const DRAFT = {
  ceremony: 'Root CA',
  custodians: ['Alice', 'Bob', 'Carol'],
  threshold: 2,
  applicationKey: { id: 0, label: 'App' },
};

describe('editing the plan draft', () => {
  it('reads values by dotted path, list items included', () => {
    expect(readPath(DRAFT, 'applicationKey.label')).toBe('App');
    expect(readPath(DRAFT, 'custodians.1')).toBe('Bob');
    expect(readNumber(DRAFT, 'threshold')).toBe(2);
    expect(readStrings(DRAFT, 'custodians')).toEqual(['Alice', 'Bob', 'Carol']);
    expect(readPath(DRAFT, 'auditKey.id')).toBeUndefined();
  });

  it('replaces a nested value in a copy, leaving the draft it came from as it was', () => {
    const next = withValue(DRAFT, 'applicationKey.id', 3);
    expect(next).toEqual({ ...DRAFT, applicationKey: { id: 3, label: 'App' } });
    expect(DRAFT.applicationKey.id).toBe(0);
  });

  it('replaces one custodian in the list, keeping it a list', () => {
    const next = withValue(DRAFT, 'custodians.1', 'Bert');
    expect(next.custodians).toEqual(['Alice', 'Bert', 'Carol']);
    expect(DRAFT.custodians[1]).toBe('Bob');
    expect(Object.keys(next)).toEqual(Object.keys(DRAFT));
  });

  it('creates a missing parent and removes a key set to undefined', () => {
    const withAudit = withValue(DRAFT, 'auditKey.id', 0);
    expect(withAudit.auditKey).toEqual({ id: 0 });
    expect('auditKey' in withValue(withAudit, 'auditKey', undefined)).toBe(false);
  });

  it('reads object ids in decimal or in hex, and nothing else', () => {
    expect(parseObjectId('2')).toBe(2);
    expect(parseObjectId(' 0x0002 ')).toBe(2);
    expect(parseObjectId('0XfFfE')).toBe(0xfffe);
    expect(parseObjectId('0x')).toBeUndefined();
    expect(parseObjectId('two')).toBeUndefined();
    expect(parseObjectId('-1')).toBeUndefined();
    expect(parseWhole('60')).toBe(60);
    expect(parseWhole('6.5')).toBeUndefined();
  });

  it('moves a custodian up or down without losing anyone', () => {
    expect(moveItem(['Alice', 'Bob', 'Carol'], 2, 1)).toEqual(['Alice', 'Carol', 'Bob']);
    expect(moveItem(['Alice', 'Bob', 'Carol'], 0, 2)).toEqual(['Bob', 'Carol', 'Alice']);
  });

  it('splits capability names typed with commas, spaces or line breaks', () => {
    expect(capabilityList('export-wrapped, import-wrapped\nsign-ecdsa  ')).toEqual([
      'export-wrapped',
      'import-wrapped',
      'sign-ecdsa',
    ]);
    expect(capabilityList(' ')).toEqual([]);
  });
});

describe('placing main’s plan problems at their fields', () => {
  const problems = [
    { field: 'threshold', message: 'the threshold 4 is above the 3 custodians' },
    { field: 'custodians', message: 'name at least 2 custodians' },
    { field: 'custodians.2', message: 'every custodian needs a name' },
    {
      field: 'passwords.application.confirmation',
      message: 'the two application key passwords differ',
    },
    {
      field: 'capabilityProfile.custom.wrapKey.0',
      message: '"sing" is not a YubiHSM 2 capability',
    },
    { message: 'the plan is incomplete' },
  ];

  it('gives each field its own problems and those below it', () => {
    expect(problemsAt(problems, { field: 'threshold' }).map((p) => p.message)).toEqual([
      'the threshold 4 is above the 3 custodians',
    ]);
    expect(problemsAt(problems, { field: 'custodians', exact: true })).toHaveLength(1);
    expect(problemsAt(problems, { field: 'custodians.2' })).toHaveLength(1);
    expect(problemsAt(problems, { field: 'passwords.application' })).toHaveLength(1);
    expect(problemsAt(problems, { field: 'capabilityProfile' })).toHaveLength(1);
  });

  it('keeps every problem no field claims, so none is lost', () => {
    const spots = [
      { field: 'threshold' },
      { field: 'custodians', exact: true },
      { field: 'passwords.application' },
    ];
    expect(unplaced(problems, spots).map((p) => p.field)).toEqual([
      'custodians.2',
      'capabilityProfile.custom.wrapKey.0',
      undefined,
    ]);
  });
});
