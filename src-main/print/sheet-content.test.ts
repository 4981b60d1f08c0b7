import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CeremonyRecord } from '../../shared/records/ceremony-record';
import { ShareSheetError, shareSheetContent } from './sheet-content';
import {
  CUSTODIANS,
  createThreeOfFiveCeremony,
  type FixtureCeremony,
} from './testing/rehearsal-ceremony';

const scratch = mkdtempSync(join(tmpdir(), 'custos-sheet-content-'));
let ceremony: FixtureCeremony;

beforeAll(async () => {
  ceremony = await createThreeOfFiveCeremony(join(scratch, 'c'), {
    contact: '  Security desk, ext. 4410  ',
  });
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// A sheet is dated on the local calendar: these tests sit where the fixture ceremony was held.
const machineZone = process.env.TZ;
beforeEach(() => {
  process.env.TZ = 'Europe/Berlin';
});
afterEach(() => {
  if (machineZone === undefined) delete process.env.TZ;
  else process.env.TZ = machineZone;
});

function thrown(action: () => unknown): ShareSheetError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ShareSheetError);
    return error as ShareSheetError;
  }
  throw new Error('expected a ShareSheetError');
}

describe('shareSheetContent', () => {
  it("takes the custodian's own name, the policy, the check value and the device from the record", () => {
    const content = shareSheetContent(ceremony.record, 4, ceremony.shares[3]!);
    expect(content).toEqual({
      ceremonyName: 'Payments HSM rehearsal',
      ceremonyId: ceremony.record.id,
      ceremonyDate: '2026-05-14',
      custodianName: 'Radia Perlman',
      shareNumber: 4,
      shareCount: 5,
      threshold: 3,
      share: ceremony.shares[3],
      shareFormat: 'yubihsm-setup',
      wrapKeyId: 2,
      kcv: ceremony.kcv,
      deviceSerial: 12345678,
      simulatedDevice: true,
      rehearsal: true,
      contact: 'Security desk, ext. 4410',
      toolVersion: '0.1.0',
    });
    const otherNames = CUSTODIANS.filter((name) => name !== 'Radia Perlman');
    expect(otherNames.some((name) => JSON.stringify(content).includes(name))).toBe(false);
  });

  it('dates the sheet with the local day the ceremony started, not the UTC day', () => {
    // 19:30 on 14 May in California is already 15 May in UTC.
    const evening = { ...ceremony.record, startedAt: '2026-05-15T02:30:00.000Z' };
    process.env.TZ = 'America/Los_Angeles';
    expect(shareSheetContent(evening, 4, ceremony.shares[3]!).ceremonyDate).toBe('2026-05-14');
    process.env.TZ = 'UTC';
    expect(shareSheetContent(evening, 4, ceremony.shares[3]!).ceremonyDate).toBe('2026-05-15');
    // 23:30 UTC on 14 May is the morning of 15 May in Tokyo.
    process.env.TZ = 'Asia/Tokyo';
    expect(
      shareSheetContent(
        { ...ceremony.record, startedAt: '2026-05-14T23:30:00Z' },
        4,
        ceremony.shares[3]!,
      ).ceremonyDate,
    ).toBe('2026-05-15');
  });

  it("refuses another custodian's share, naming the custodian and never quoting the share", () => {
    const error = thrown(() => shareSheetContent(ceremony.record, 3, ceremony.shares[1]!));
    expect(error.message).toBe(
      'the share given for Katherine Johnson is share 2 with threshold 3, but Katherine Johnson holds share 3 of this 3-of-5 ceremony',
    );
    expect(error.message).not.toContain(ceremony.shares[1]!.slice(4, 12));
  });

  it('refuses a share with the right number that the record did not commit to', () => {
    // One character changed: still a well-formed share 3 of 3, but not the one committed to.
    const forged = `${ceremony.shares[2]!.slice(0, 10)}${ceremony.shares[2]![10] === 'A' ? 'B' : 'A'}${ceremony.shares[2]!.slice(11)}`;
    const error = thrown(() => shareSheetContent(ceremony.record, 3, forged));
    expect(error.message).toBe(
      'the share given for Katherine Johnson (share 3) does not match the commitment in the ceremony record; it is not the share this ceremony gave Katherine Johnson',
    );
  });

  it('refuses text that is not the canonical share, since the QR code must hold exactly that', () => {
    expect(
      thrown(() => shareSheetContent(ceremony.record, 3, `${ceremony.shares[2]} `)).message,
    ).toMatch(/Katherine Johnson \(share 3\) is not written in its canonical form/);
    expect(thrown(() => shareSheetContent(ceremony.record, 3, 'hello')).message).toMatch(
      /is not a canonical yubihsm-setup share/,
    );
  });

  it('refuses a share number the record does not have, and a record without a wrap key', () => {
    expect(thrown(() => shareSheetContent(ceremony.record, 6, ceremony.shares[0]!)).message).toBe(
      'the ceremony record has no custodian holding share 6; it lists shares 1, 2, 3, 4, 5',
    );
    const { wrapKey: _dropped, ...withoutWrapKey } = ceremony.record;
    expect(
      thrown(() => shareSheetContent(withoutWrapKey as CeremonyRecord, 1, ceremony.shares[0]!))
        .message,
    ).toMatch(/has no wrap key yet/);
  });

  it('leaves the contact out when the plan has none, so the sheet prints a line to write on', () => {
    const record: CeremonyRecord = { ...ceremony.record, plan: { contact: '   ' } };
    expect(shareSheetContent(record, 1, ceremony.shares[0]!)).not.toHaveProperty('contact');
  });
});
