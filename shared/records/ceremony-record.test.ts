import { describe, expect, it } from 'vitest';
import { CeremonyRecordSchema, type CeremonyRecord } from './ceremony-record';

const device = {
  serial: 7550002,
  firmware: '2.4.0',
  transport: 'simulator',
  simulated: true,
} as const;

/** A record as the initialization ceremony wrote it before back-up, restore and verify existed. */
const initialized: CeremonyRecord = {
  format: 'custos-ceremony/1',
  id: '6f1c2c55-3a4e-4a8e-9d55-0c2a1e0b7a11',
  name: 'Payments HSM',
  kind: 'yubihsm2-initialize',
  rehearsal: true,
  status: 'completed',
  stage: 'finished',
  startedAt: '2026-05-14T09:30:00.000+02:00',
  tool: { name: 'Custos', version: '0.1.0' },
  plan: {},
  primary: { serial: 7550001, firmware: '2.4.0', transport: 'simulator', simulated: true },
  custodians: [],
  inventory: [],
  files: [],
};

describe('the ceremony record', () => {
  it('still reads a record written before the back-up, restore and verify sections existed', () => {
    const parsed = CeremonyRecordSchema.parse(JSON.parse(JSON.stringify(initialized)));
    expect(parsed.backups).toBeUndefined();
    expect(parsed.restores).toBeUndefined();
    expect(parsed.verifications).toBeUndefined();
  });

  it('reads a record carrying one back-up, one restore and one verification', () => {
    const record = {
      ...initialized,
      backups: [
        {
          at: '2026-05-15T10:00:00.000Z',
          device: initialized.primary,
          authKeyId: 3,
          wrapKeyId: 2,
          exported: [
            {
              file: '0x0010-asymmetric-key.yhw',
              objectId: 16,
              type: 'asymmetric-key',
              label: 'Signing key',
              replaced: false,
            },
          ],
          kept: [
            { file: '0x0003-authentication-key.yhw', objectId: 3, type: 'authentication-key' },
          ],
          notExported: [
            {
              objectId: 2,
              type: 'wrap-key',
              label: 'Wrap key',
              reason: 'The wrap key is never exported under itself; the shares restore it.',
            },
          ],
        },
      ],
      restores: [
        {
          startedAt: '2026-06-01T10:00:00.000Z',
          finishedAt: '2026-06-01T10:05:00.000Z',
          device,
          status: 'completed',
          shareNumbers: [1, 3],
          kcv: 'A1B2C3',
          wrapKeyId: 2,
          resumed: false,
          files: [
            {
              file: '0x0003-authentication-key.yhw',
              outcome: 'imported',
              objectId: 3,
              type: 'authentication-key',
              label: 'Application auth key',
            },
          ],
          factoryKey: 'deleted',
          factoryKeyReason: 'The application key was imported and opened a session.',
          applicationKeyProven: true,
        },
      ],
      verifications: [
        {
          at: '2026-06-01T10:10:00.000Z',
          device,
          against: 'record',
          primarySerial: 7550001,
          authKeyId: 3,
          allMatch: true,
          objects: [
            {
              objectId: 3,
              type: 'authentication-key',
              label: 'Application auth key',
              status: 'match',
              differences: [],
            },
          ],
          signatures: [
            { objectId: 16, algorithm: 'ecp256', status: 'verified', detail: 'ECDSA with SHA-256' },
          ],
          report: 'verification-20260601-101000-7550002.html',
        },
      ],
    };
    const parsed = CeremonyRecordSchema.parse(record);
    expect(parsed.restores?.[0]?.shareNumbers).toEqual([1, 3]);
    expect(parsed.verifications?.[0]?.allMatch).toBe(true);
  });

  it('reads the fields added later: an interrupted back-up and the primary’s values in a comparison', () => {
    const record = {
      ...initialized,
      backups: [
        {
          at: '2026-05-15T10:00:00.000Z',
          device: initialized.primary,
          authKeyId: 3,
          wrapKeyId: 2,
          exported: [
            {
              file: '0x0010-asymmetric-key.yhw',
              objectId: 16,
              type: 'asymmetric-key',
              label: 'Signing key',
              replaced: false,
            },
          ],
          kept: [],
          notExported: [
            {
              objectId: 17,
              type: 'asymmetric-key',
              label: 'Other key',
              reason: 'The back-up stopped before it reached this object.',
            },
          ],
          interrupted:
            'The back-up stopped part-way: the primary stopped answering (it was unplugged, or its connection dropped).',
        },
      ],
      verifications: [
        {
          at: '2026-06-01T10:10:00.000Z',
          device,
          against: 'record',
          primarySerial: 7550001,
          authKeyId: 3,
          allMatch: true,
          objects: [
            {
              objectId: 16,
              type: 'asymmetric-key',
              label: 'Signing key',
              status: 'match',
              differences: [],
              expected: [
                { field: 'algorithm', value: 'ed25519' },
                {
                  field: 'capabilities',
                  value: '0x0000000000010100',
                  names: ['sign-eddsa', 'exportable-under-wrap'],
                },
              ],
            },
          ],
          signatures: [],
          report: 'verification-20260601-101000-7550002.html',
        },
      ],
    };
    const parsed = CeremonyRecordSchema.parse(record);
    expect(parsed.backups?.[0]?.interrupted).toMatch(/^The back-up stopped part-way/);
    expect(parsed.verifications?.[0]?.objects[0]?.expected?.[1]?.names).toEqual([
      'sign-eddsa',
      'exportable-under-wrap',
    ]);
  });

  it('refuses a restore entry whose check value is not six hex digits', () => {
    const bad = {
      ...initialized,
      restores: [
        {
          startedAt: '2026-06-01T10:00:00.000Z',
          finishedAt: '2026-06-01T10:05:00.000Z',
          device,
          status: 'failed',
          shareNumbers: [],
          kcv: 'nope',
          wrapKeyId: 2,
          resumed: false,
          files: [],
          factoryKey: 'kept',
          factoryKeyReason: 'x',
          applicationKeyProven: false,
        },
      ],
    };
    expect(CeremonyRecordSchema.safeParse(bad).success).toBe(false);
  });
});
