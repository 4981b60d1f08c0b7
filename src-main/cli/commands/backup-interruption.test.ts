import { describe, expect, it } from 'vitest';
import { RECORD_FORMAT, type CeremonyRecord } from '../../../shared/records/ceremony-record';
import { describeInterruption } from './backup-interruption';

const device = {
  serial: 7550001,
  firmware: '2.4.0',
  transport: 'simulator' as const,
  simulated: true,
};

function recordWith(backups: CeremonyRecord['backups']): CeremonyRecord {
  return {
    format: RECORD_FORMAT,
    id: '6f1c1f5e-2b7a-4c1e-9a35-3f0f3b1d2a10',
    name: 'Root CA',
    kind: 'yubihsm2-initialize',
    rehearsal: true,
    status: 'completed',
    stage: 'finished',
    startedAt: '2026-11-22T10:00:00.000Z',
    tool: { name: 'Custos', version: '0.1.0' },
    plan: {},
    primary: device,
    custodians: [],
    inventory: [],
    files: [],
    backups,
  };
}

const interrupted = {
  at: '2026-11-22T12:00:00.000Z',
  device,
  authKeyId: 3,
  wrapKeyId: 2,
  exported: [
    {
      file: '0x0003-authentication-key.yhw',
      objectId: 3,
      type: 'authentication-key',
      label: 'Application auth key',
      replaced: false,
    },
  ],
  kept: [],
  notExported: [
    {
      objectId: 2,
      type: 'wrap-key',
      label: 'Wrap key',
      reason: 'The wrap key itself cannot be exported under itself.',
    },
    {
      objectId: 0x64,
      type: 'asymmetric-key',
      label: 'CA signing key',
      reason: 'The back-up stopped before it reached this object.',
    },
  ],
  interrupted:
    'The back-up stopped part-way: the primary stopped answering (it was unplugged, or its connection dropped).',
};

describe('what custos dump says after the primary dropped out', () => {
  it('names the files written before it stopped and the objects not reached, not the ones that can never be exported', () => {
    const lines = describeInterruption(
      recordWith([interrupted]),
      new Date('2026-11-22T11:59:00.000Z'),
    );
    expect(lines).toEqual([
      interrupted.interrupted,
      'Written before it stopped (kept in the folder and in the record):',
      '  0x0003-authentication-key.yhw  authentication-key 0x0003 "Application auth key"',
      'Not reached (run the back-up again once the primary is back):',
      '  asymmetric-key 0x0064 "CA signing key"',
    ]);
  });

  it('says nothing about an earlier run or a back-up that finished', () => {
    expect(
      describeInterruption(recordWith([interrupted]), new Date('2026-11-22T12:30:00.000Z')),
    ).toEqual([]);
    const { interrupted: _, ...finished } = interrupted;
    expect(
      describeInterruption(recordWith([finished]), new Date('2026-11-22T11:00:00.000Z')),
    ).toEqual([]);
    expect(describeInterruption(recordWith(undefined), new Date(0))).toEqual([]);
  });
});
