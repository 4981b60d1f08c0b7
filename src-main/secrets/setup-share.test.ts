import { describe, expect, it } from 'vitest';
import { checkCharacter, readTypedLine } from '../../shared/shares/checked-lines';
import {
  SETUP_RESTORE_PATTERN,
  formatSetupShare,
  parseSetupShare,
  recoverLikeSetup,
  splitForSetup,
} from './setup-share';
import {
  IMMORAL_SECRET,
  IMMORAL_SHARES,
  MY_SECRET,
  MY_SECRET_SHARES,
  SETUP_2_OF_3,
  SETUP_3_OF_5,
  THRESHOLD_ONE_LINE,
  WRAP_SECRET_HEX,
  fromHex,
  hex,
  seededBytes,
  specRandomStream,
  subsets,
} from './spec-vectors';

const example = SETUP_2_OF_3[0]!;
const payloadOf = (line: string) => line.slice(4);

function parsed(text: string, mode: 'strict' | 'lenient' = 'lenient') {
  const result = parseSetupShare(text, { mode });
  if (!result.ok) throw new Error(result.problem.message);
  return result;
}

function problem(text: string, mode: 'strict' | 'lenient' = 'lenient') {
  const result = parseSetupShare(text, { mode });
  if (result.ok) throw new Error('expected a rejection');
  return result.problem;
}

describe('writing yubihsm-setup shares', () => {
  it('reproduces the spec vectors from the spec random stream, in both set shapes', () => {
    const stream = specRandomStream();
    expect(splitForSetup(fromHex(WRAP_SECRET_HEX), 2, 3, stream)).toEqual(SETUP_2_OF_3);
    expect(splitForSetup(fromHex(WRAP_SECRET_HEX), 3, 5, stream)).toEqual(SETUP_3_OF_5);
  });

  it('writes the threshold-1 example line of §3.4', () => {
    expect(splitForSetup(fromHex(WRAP_SECRET_HEX), 1, 1)).toEqual([THRESHOLD_ONE_LINE]);
  });

  it('always writes 74 characters that restore accepts, ending in A, Q, g or w', () => {
    const random = seededBytes(3);
    for (let round = 0; round < 50; round++) {
      for (const line of splitForSetup(random(52), 3, 9, random)) {
        expect(line).toMatch(SETUP_RESTORE_PATTERN);
        expect('AQgw').toContain(line.at(-1));
      }
    }
  });

  it('refuses thresholds and share numbers yubihsm-setup restore cannot type', () => {
    expect(() => splitForSetup(new Uint8Array(52), 2, 10)).toThrow(/at most 9 shares/);
    expect(() => formatSetupShare(10, 1, new Uint8Array(52))).toThrow(/single digit/);
  });
});

describe('reading yubihsm-setup shares', () => {
  it('reads a genuine share in both modes, with no warnings', () => {
    for (const mode of ['strict', 'lenient'] as const) {
      const { share, warnings } = parsed(`  ${example}\n`, mode);
      expect(share).toMatchObject({
        format: 'yubihsm-setup',
        threshold: 2,
        number: 1,
        canonical: example,
      });
      expect(share.payload.length).toBe(52);
      expect(warnings).toEqual([]);
    }
  });

  it('names the length problem with the count it found', () => {
    const short = example.slice(0, -1);
    expect(problem(short).message).toBe(
      "The share has 69 characters after '2-1-'; a yubihsm-setup share has 70.",
    );
    expect(problem(short, 'strict').code).toBe('wrong-payload-length');
  });

  it('points at a character that is not base64, without repeating the share', () => {
    const bad = `2-1-${payloadOf(example).slice(0, 9)}*${payloadOf(example).slice(10)}`;
    const p = problem(bad);
    expect(p).toMatchObject({ code: 'bad-payload-character', position: 14 });
    expect(p.message).toBe(
      "Character 10 after '2-1-' is not a base64 letter (A–Z, a–z, 0–9, + or /).",
    );
    expect(p.message).not.toContain(payloadOf(example).slice(0, 9));
  });

  it('rejects the shapes rusty_secrets rejects, in sentences', () => {
    expect(problem('').code).toBe('empty');
    expect(problem(`2${payloadOf(example)}`).code).toBe('not-three-parts');
    expect(problem(`x-1-${payloadOf(example)}`).code).toBe('bad-threshold');
    expect(problem(`2-y-${payloadOf(example)}`).code).toBe('bad-share-number');
    expect(problem(`2-0-${payloadOf(example)}`).message).toMatch(/start at 1/);
    expect(problem(`0-1-${payloadOf(example)}`).code).toBe('bad-threshold');
  });

  it("strict mode accepts exactly what restore's regex accepts (plus K, X ≥ 1)", () => {
    const random = seededBytes(11);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_= \n0123';
    const variants = [
      example,
      `0-1-${payloadOf(example)}`,
      `12-1-${payloadOf(example)}`,
      `${example}=`,
      `2-1-${payloadOf(example)}A`,
    ];
    for (let i = 0; i < 3000; i++) {
      const chars = [...example];
      const at = random(1)[0]! % chars.length;
      const what = random(1)[0]! % 3;
      const c = alphabet[random(1)[0]! % alphabet.length]!;
      if (what === 0) chars[at] = c;
      else if (what === 1) chars.splice(at, 0, c);
      else chars.splice(at, 1);
      variants.push(chars.join(''));
    }
    for (const variant of variants) {
      const trimmed = variant.trim();
      const expected =
        SETUP_RESTORE_PATTERN.test(trimmed) && trimmed[0] !== '0' && trimmed[2] !== '0';
      expect(parseSetupShare(variant, { mode: 'strict' }).ok, variant).toBe(expected);
    }
  });

  it('strict mode refuses inner spaces and padding; lenient mode removes them and says so', () => {
    const spaced = `2-1-${payloadOf(example).slice(0, 16)} ${payloadOf(example).slice(16, 40)}\n${payloadOf(example).slice(40)}`;
    expect(problem(spaced, 'strict').code).toBe('inner-whitespace');
    const lenient = parsed(spaced);
    expect(lenient.share.canonical).toBe(example);
    expect(lenient.warnings.map((w) => w.code)).toEqual(['whitespace-removed']);
    expect(parsed(`${example}==`).warnings.map((w) => w.code)).toEqual(['padding-removed']);
  });

  it('lenient mode reads URL-safe "-" and "_" as "+" and "/", with a warning', () => {
    const line = SETUP_3_OF_5[2]!; // holds both '+' and '/'
    const urlSafe = line.slice(0, 4) + payloadOf(line).replace(/\+/g, '-').replace(/\//g, '_');
    const result = parsed(urlSafe);
    expect(result.share.canonical).toBe(line);
    expect(result.warnings.map((w) => w.code)).toEqual(['url-safe-characters']);
    expect(problem(urlSafe, 'strict').code).toBe('not-three-parts');
  });

  it("ignores the last character's unused bits like rustc-serialize, but warns and writes them as zero", () => {
    const odd = `${example.slice(0, -1)}x`; // 'w' → 'x': same top 2 bits, a low bit set
    for (const mode of ['strict', 'lenient'] as const) {
      const result = parsed(odd, mode);
      expect(result.share.canonical).toBe(example);
      expect(result.warnings.map((w) => w.code)).toEqual(['trailing-bits']);
    }
  });

  it('lenient mode reads share numbers above 9 (which yubihsm-setup ksp can print) and warns', () => {
    const result = parsed(`2-12-${payloadOf(example)}`);
    expect(result.share.number).toBe(12);
    expect(result.warnings.map((w) => w.code)).toEqual(['not-typeable-in-tool']);
    expect(problem(`2-12-${payloadOf(example)}`, 'strict').code).toBe('bad-share-number');
  });

  it('lenient mode reads pre-1.0 yubihsm-manager shares of AES-128 and AES-192 keys (48 and 59 characters)', () => {
    const secret = fromHex(WRAP_SECRET_HEX).slice(0, 36);
    const [line] = splitForSetup(secret, 2, 2, seededBytes(5));
    expect(line!.length).toBe(52);
    expect(parsed(line!).warnings.map((w) => w.code)).toEqual(['short-wrap-key']);
    expect(problem(line!, 'strict').code).toBe('wrong-payload-length');
  });

  it('warns that a threshold-1 share is the wrap key in plain text', () => {
    expect(parsed(THRESHOLD_ONE_LINE).warnings.map((w) => w.code)).toEqual(['threshold-one']);
  });

  it('a dash typed for a slash passes the line check but not the share format (checked-lines contract)', () => {
    const line = SETUP_3_OF_5[0]!; // u1VL…8j/Lt…: has a '/'
    const slash = line.indexOf('/');
    const typo = `${line.slice(0, slash)}-${line.slice(slash + 1)}`;
    const lineNumber = Math.floor(slash / 16) + 1;
    const text = line.slice((lineNumber - 1) * 16, lineNumber * 16);
    const typedText = typo.slice((lineNumber - 1) * 16, lineNumber * 16);
    expect(readTypedLine(lineNumber, typedText + checkCharacter(lineNumber, text), 16).ok).toBe(
      true,
    );
    expect(problem(typo, 'strict').code).toBe('not-three-parts');
  });
});

describe('recovering like yubihsm-setup (rusty_secrets rules, §3.4)', () => {
  const any = { anyLength: true };

  it('recovers every pair of the public 2-of-5 set and the K=5 set', () => {
    for (const pair of subsets(MY_SECRET_SHARES, 2)) {
      const result = recoverLikeSetup(pair, any);
      if (!result.ok) throw new Error(result.message);
      expect(new TextDecoder().decode(result.secret)).toBe(MY_SECRET);
    }
    const result = recoverLikeSetup(IMMORAL_SHARES, any);
    expect(result.ok && new TextDecoder().decode(result.secret)).toBe(IMMORAL_SECRET);
  });

  it('recovers the wrap secret from every pair and triple of the setup-shaped sets', () => {
    for (const set of [...subsets(SETUP_2_OF_3, 2), ...subsets(SETUP_3_OF_5, 3)]) {
      const result = recoverLikeSetup(set, { mode: 'strict' });
      expect(result.ok && hex(result.secret)).toBe(WRAP_SECRET_HEX);
    }
  });

  it('reproduces the negative cases of recovery-errors.rs as sentences', () => {
    expect(recoverLikeSetup(['2-1-1YAYwmOHqZ69jA'], any)).toMatchObject({
      ok: false,
      code: 'not-enough-shares',
      message: 'Not enough shares: 1 given, 2 needed.',
    });
    expect(recoverLikeSetup(['2-2-YJZQDGm22Y77Gw', '2-3-YJZQDGm22Y77Gw'], any)).toMatchObject({
      ok: false,
      code: 'duplicate-share-data',
      entry: 1,
    });
    expect(recoverLikeSetup(['2-1-1YAYwmOHqZ69jA', '2-1-j0P4PHsw4lW+rg'], any)).toMatchObject({
      ok: false,
      code: 'duplicate-share-number',
      entry: 1,
    });
    const illegal = recoverLikeSetup(['2-0-1YAYwmOHqZ69jA', '2-2-YJZQDGm22Y77Gw'], any);
    expect(illegal).toMatchObject({ ok: false, code: 'share-unreadable', entry: 0 });
    expect(!illegal.ok && illegal.message).toMatch(/^Share 1 could not be read: .*start at 1/);
  });

  it('calls shares with another threshold or length incompatible', () => {
    expect(recoverLikeSetup([SETUP_2_OF_3[0]!, SETUP_3_OF_5[1]!])).toMatchObject({
      ok: false,
      code: 'incompatible-shares',
      entry: 1,
    });
    expect(recoverLikeSetup([MY_SECRET_SHARES[0]!, SETUP_2_OF_3[1]!], any)).toMatchObject({
      ok: false,
      code: 'incompatible-shares',
    });
  });

  it('stops at K shares and ignores the rest, as the tool does (share-set.ts is what cross-checks)', () => {
    const wrongThird = `2-3-${payloadOf(SETUP_2_OF_3[1]!)}`;
    const result = recoverLikeSetup([SETUP_2_OF_3[0]!, SETUP_2_OF_3[2]!, wrongThird]);
    expect(result.ok && hex(result.secret)).toBe(WRAP_SECRET_HEX);
  });
});
