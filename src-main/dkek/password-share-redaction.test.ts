// DKEK password shares and passwords in the logs and records (issue 14, Deliver "Redaction"):
// a password share in every form it is printed or typed in (sc-hsm-tool's Prime / Share ID /
// Share value lines, the value alone with colons, spaces or none) is masked by the log's
// redaction and refused by the guard on records, as is the 8-byte password itself. Seeded, so a
// failure names the set it came from. What records and logs legitimately hold beside them (the
// check value, fingerprints, the public prime, MAC addresses, ceremony ids) still passes.

import { describe, expect, it } from 'vitest';
import { redact, redactText } from '../log/redact';
import { assertNoSecretMaterial } from '../records/secret-guard';
import { bytesToBigint, formatHexBytes, newSharePassword, splitPassword } from './password-shares';
import { formatPasswordShareText } from './password-share-text';

const KCV = '8D4F2A61C0E9B375';
const FINGERPRINT = '3f8a1c0e9b2d4f6a7c5e1b3d9f0a2c4e6b8d0f1a3c5e7b9d2f4a6c8e0b1d3f5a';
const CEREMONY_ID = '5b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const MAC = 'a4:83:e7:1c:02:9f';
const IPV6 = 'fe80::a6:83:e7:1c:2:9f%wlan0';

function rng(seed: number) {
  let state = seed >>> 0 || 1;
  return (length: number) =>
    Uint8Array.from({ length }, () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) & 0xff;
    });
}

const SEEDS = Array.from({ length: 12 }, (_, index) => 0xd1ce + index * 7919);

/** Every spelling of some secret bytes a careless line might write. */
function spellings(value: bigint): string[] {
  const colon = formatHexBytes(value);
  return [colon, colon.replace(/:/g, ' '), colon.replace(/:/g, ''), colon.toUpperCase()];
}

describe('DKEK password shares and passwords', () => {
  it('are masked in log text and fields, and refused by the guard on records', () => {
    for (const seed of SEEDS) {
      const random = rng(seed);
      const password = newSharePassword(random);
      const shares = splitPassword(password, { threshold: 2, total: 3, random });
      for (const share of shares) {
        const text = formatPasswordShareText(share, { threshold: 2, total: 3, fileName: 'a.pbe' });
        const valueLine = text.split('\n').find((line) => line.startsWith('Share value'))!;
        const forms = [
          text,
          valueLine,
          ...spellings(share.value),
          ...spellings(bytesToBigint(password)),
        ];
        const secrets = [...spellings(share.value), ...spellings(bytesToBigint(password))].map(
          (s) => s.replace(/[\s:]/g, '').toLowerCase(),
        );
        for (const form of forms) {
          const where = `seed ${seed}, share ${share.id}: ${form.slice(0, 12)}…`;
          const logged = [
            redactText(`custodian typed ${form} at the import`),
            JSON.stringify(redact({ note: form, detail: [form] })),
          ];
          for (const line of logged)
            for (const secret of secrets)
              expect(line.replace(/[\s:]/g, '').toLowerCase(), where).not.toContain(secret);
          expect(
            () => assertNoSecretMaterial({ event: { note: form } }, 'the record'),
            where,
          ).toThrow(/looks like secret material/);
        }
      }
    }
  });

  it('are dropped from log fields named for them, whatever they hold', () => {
    const fields = redact({
      password: 'correct horse',
      dkekPassword: 'battery staple',
      passwordShares: [{ prime: 'f5:56', id: '1', value: '99:64' }],
      shareValue: '99:64:68:65',
    });
    expect(JSON.stringify(fields)).not.toMatch(/horse|staple|99:64/);
  });

  it('leave what records and logs hold beside them readable', () => {
    const prime = formatHexBytes(0xf55646c9a5a10187n);
    const record = {
      dkek: {
        kcv: KCV,
        shareFiles: [{ file: 'dkek-share-1.pbe', sha256: FINGERPRINT, shareKcv: KCV }],
      },
      ceremonyId: CEREMONY_ID,
      airGap: {
        interfaces: [
          { name: 'wlan0', mac: MAC, addresses: [IPV6] },
          { name: 'eth0', mac: MAC.toUpperCase() },
        ],
      },
      event: {
        message: `Password share set of 3 for dkek.pbe, Prime : ${prime}, check value ${KCV}`,
        at: '2026-12-06T12:14:00.000Z',
        usb: '1050:0407 Yubico YubiKey',
        summary: `DKEK check value ${KCV} after share 2`,
      },
    };
    expect(() => assertNoSecretMaterial(record, 'the record')).not.toThrow();
    const logged = redactText(
      `ceremony ${CEREMONY_ID} Prime : ${prime} mac ${MAC} ip ${IPV6} usb 1050:0407`,
    );
    for (const kept of [CEREMONY_ID, `Prime : ${prime}`, MAC, IPV6, '1050:0407'])
      expect(logged).toContain(kept);
  });

  it('refuse a value spelt short or with a word after it', () => {
    // sc-hsm-tool drops leading zero bytes, so a value may be short: its label still gives it away.
    expect(redactText('Share value : 0c:45:78')).not.toContain('0c:45:78');
    expect(() => assertNoSecretMaterial({ note: 'Share value : 0c:45:78' }, 'the record')).toThrow(
      /looks like secret material/,
    );
    // A hex-looking word after the value makes a 9-byte run, still below a digest's size.
    expect(() =>
      assertNoSecretMaterial({ note: '6c 45 78 ab df 12 45 aa be' }, 'the record'),
    ).toThrow(/looks like secret material/);
  });
});
