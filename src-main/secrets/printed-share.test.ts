// Property tests: shares of both formats, from random secrets of every wrap key size, written in
// every form a person or a screen writes them, must be masked in logs and refused in records;
// ceremony ids and the words Custos logs must not be.

import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toCheckedLines } from '../../shared/shares/checked-lines';
import { redact, redactText } from '../log/redact';
import { assertNoSecretMaterial } from '../records/secret-guard';
import { splitForManager } from './manager-share';
import { holdsPrintedShare } from './printed-share';
import { splitForSetup } from './setup-share';

/** A small seeded generator (xorshift32), so a failure names its seed and can be replayed. */
function rng(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  return {
    int: (below: number) => Math.floor(next() * below),
    bytes: (length: number) => Uint8Array.from({ length }, () => Math.floor(next() * 256)),
  };
}

interface Form {
  name: string;
  text: string;
  /** The pieces that must not survive redaction. */
  pieces: string[];
  /** A line on its own (the guard lets these through in human-text fields). */
  lone?: boolean;
}

/** Every printed form of one share. */
function formsOf(canonical: string): Form[] {
  const lines = toCheckedLines(canonical);
  const long = lines.filter((line) => line.text.length >= 12);
  const texts = long.map((line) => line.text);
  const forms: Form[] = [
    { name: 'canonical (and QR text)', text: canonical, pieces: [canonical, ...texts] },
    {
      name: 'grouped and spaced',
      text: lines.flatMap((line) => line.groups).join(' '),
      pieces: long.map((line) => line.groups.join(' ')),
    },
    {
      name: 'grouped lines, each with its check character',
      text: lines.map((line) => `${line.groups.join(' ')}  ${line.check}`).join('\n'),
      pieces: long.map((line) => line.groups.join(' ')),
    },
  ];
  for (const line of long) {
    forms.push({ name: 'a single line', text: line.text, pieces: [line.text], lone: true });
    forms.push({
      name: 'a line with its check character',
      text: `${line.text} ${line.check}`,
      pieces: [line.text],
      lone: true,
    });
    forms.push({
      name: 'a line run into its check character',
      text: `${line.text}${line.check}`,
      pieces: [line.text],
      lone: true,
    });
  }
  return forms;
}

function sharesFor(seed: number): string[] {
  const random = rng(seed);
  const size = [36, 44, 52][random.int(3)]!;
  const secret = random.bytes(size);
  const threshold = 2 + random.int(3);
  const count = threshold + random.int(3);
  const draw = (length: number) => random.bytes(length);
  return [
    ...(size === 52 ? splitForSetup(secret, threshold, count, draw) : []),
    ...splitForManager(secret, threshold, count, draw),
  ];
}

const SEEDS = Array.from({ length: 60 }, (_, index) => 0x5eed + index * 7919);

describe('every printed form of every share', () => {
  it('is masked in log text and in log fields with innocent names', () => {
    for (const seed of SEEDS) {
      for (const share of sharesFor(seed)) {
        for (const form of formsOf(share)) {
          const line = redactText(`custodian typed ${form.text} at the confirm step`);
          const fields = JSON.stringify(redact({ note: form.text, detail: [form.text] }));
          for (const piece of form.pieces) {
            expect(line, `seed ${seed}, ${form.name}`).not.toContain(piece);
            expect(fields, `seed ${seed}, ${form.name}`).not.toContain(piece);
          }
        }
      }
    }
  });

  it('is refused by the guard on records; a lone line only outside label and name fields', () => {
    for (const seed of SEEDS) {
      for (const share of sharesFor(seed)) {
        for (const form of formsOf(share)) {
          expect(holdsPrintedShare(form.text), `seed ${seed}, ${form.name}`).toBe(true);
          expect(() =>
            assertNoSecretMaterial({ event: { note: form.text } }, 'the record'),
          ).toThrow(/looks like secret material/);
          if (!form.lone)
            expect(() => assertNoSecretMaterial({ label: form.text }, 'the record')).toThrow();
        }
      }
    }
  });

  it('masks the secret itself written as base64 or hex', () => {
    for (const seed of SEEDS.slice(0, 10)) {
      const secret = Buffer.from(rng(seed).bytes(52));
      for (const text of [secret.toString('base64'), secret.toString('hex')])
        expect(redactText(`secret ${text}`)).toMatch(/^secret \[redacted (base64|hex|share)\]$/);
    }
  });
});

describe('the wrap secret and shares in the other spellings the e2e search looks for', () => {
  const utf16 = (text: string) => Buffer.from(text, 'utf16le').toString('latin1');

  it('refuses the secret of every wrap key size as hex, base64 (padded, bare, url-safe), and in UTF-16', () => {
    for (const seed of SEEDS) {
      const random = rng(seed);
      const secret = Buffer.from(random.bytes([36, 44, 52][random.int(3)]!));
      const forms = [
        secret.toString('hex'),
        secret.toString('hex').toUpperCase(),
        secret.toString('base64'),
        secret.toString('base64').replace(/=+$/, ''),
        secret.toString('base64url'),
      ];
      for (const form of [...forms, ...forms.map(utf16)]) {
        expect(
          () => assertNoSecretMaterial({ event: { data: `x ${form} y` } }, 'the record'),
          `seed ${seed}, ${form.length} characters`,
        ).toThrow(/looks like secret material/);
        expect(redactText(`x ${form.replaceAll('\u0000', '')} y`)).not.toContain(form);
      }
    }
  });

  it('refuses every printed form of a share spelt in UTF-16', () => {
    for (const seed of SEEDS.slice(0, 15))
      for (const share of sharesFor(seed))
        for (const form of formsOf(share).filter((f) => !f.lone))
          expect(() =>
            assertNoSecretMaterial({ event: { note: utf16(form.text) } }, 'the record'),
          ).toThrow(/looks like secret material/);
  });

  it('lets digests and public keys through', () => {
    for (const seed of SEEDS.slice(0, 15)) {
      const random = rng(seed);
      for (const size of [20, 32, 48, 64, 65, 96, 97, 256]) {
        const bytes = Buffer.from(random.bytes(size));
        for (const text of [bytes.toString('hex'), bytes.toString('base64')])
          expect(() =>
            assertNoSecretMaterial({ event: { publicKey: text, sha256: text } }, 'the record'),
          ).not.toThrow();
      }
    }
  });
});

describe('file names the ceremonies write', () => {
  it('takes a verification report named by serial and time as a file name, not as base64url', () => {
    const stem = 'verification-DECM010233-2026-12-06T09-37-12-345Z';
    // The stem alone has the length and mixed case of a 36-byte secret in base64url.
    expect(stem).toHaveLength(48);
    expect(() =>
      assertNoSecretMaterial({ clones: [{ report: `${stem}.html` }] }, 'the record'),
    ).not.toThrow();
    // A file name still may not carry the secret in hex.
    const hex = randomBytes(36).toString('hex');
    expect(() => assertNoSecretMaterial({ report: `${hex}.html` }, 'the record')).toThrow();
  });
});

describe('what is not a share', () => {
  it('keeps ceremony ids, whole, wherever they sit', () => {
    for (let i = 0; i < 200; i += 1) {
      const id = randomUUID();
      expect(redactText(`ceremony ${id} started`)).toBe(`ceremony ${id} started`);
      expect(redactText(`folder /tmp/ceremony-${id}/x`)).toBe(`folder /tmp/ceremony-${id}/x`);
      expect(holdsPrintedShare(id)).toBe(false);
    }
  });

  it('lets a record of real words, digests, labels and names through', () => {
    const record = {
      ceremonyId: randomUUID(),
      plan: {
        ceremony: 'Root CA 2026',
        custodians: ['Alice Andersen', 'Bob Brandt', 'Carol Cruz'],
        applicationKey: { id: 2, label: 'RootCA2026Signer' },
        shareConfirmation: 'spot-check',
      },
      kcv: '3fa94c',
      // A SHA-256 head, as transcript.ts makes it (72 hex characters would be a 36-byte secret).
      transcriptHead: 'a'.repeat(12) + '0123456789abcdef'.repeat(3) + 'ffff',
      files: [{ name: '0x0002-authentication-key.yhw', sha256: '09af'.repeat(16) }],
      primary: { serial: 7550001, firmware: '2.4.0' },
      note: 'Type your name here when the sheet is printed',
    };
    expect(() => assertNoSecretMaterial(record, 'the record')).not.toThrow();
  });

  it('leaves Custos sentences readable', () => {
    for (const sentence of [
      'Type your name here when done',
      'opened session 3 on device usb:0012345678',
      'the ceremony folder /work/main/src-main/services is empty',
      'CeremonyFolderError: no record, at CeremonyFolder.open',
    ])
      expect(redactText(sentence)).toBe(sentence);
  });
});
