// Redaction for everything that reaches a log line (STYLE.md §15). Two nets, because either
// alone misses something: fields whose *name* says they hold a secret are dropped whatever
// their value, and string values that *look* like a share or key material are masked wherever
// they appear (a message, an error, a field with an innocent name).

import {
  keepingCeremonyIds,
  maskCanonicalShares,
  maskPrintedShares,
} from '../secrets/printed-share';
import { maskPasswordShareHex } from '../secrets/printed-password-share';

export const REDACTED = '[redacted]';

/** Words that mark a field as secret when they appear in its name (camelCase, snake, kebab). */
const SECRET_WORDS = new Set([
  'password',
  'passwords',
  'passphrase',
  'passcode',
  'passwd',
  'pwd',
  'pass',
  'share',
  'shares',
  'secret',
  'secrets',
  'key',
  'keys',
  'pin',
  'pins',
  'puk',
  'token',
  'tokens',
  'cookie',
  'cookies',
  'otp',
  'seed',
  'mnemonic',
  'credential',
  'credentials',
  'dkek',
  'authorization',
  'plaintext',
  // init/set-password's second typing of the password, and any other confirmation typed twice.
  'confirmation',
]);

/**
 * A name whose last word is one of these describes a secret without holding it
 * (`keyId`, `shareIndex`, `shareCount`), so it stays readable in the logs.
 */
const DESCRIBING_WORDS = new Set([
  'id',
  'ids',
  'index',
  'count',
  'length',
  'size',
  'number',
  'kind',
  'type',
  'label',
  'name',
  'names',
  'total',
  'threshold',
  'algorithm',
  'present',
  'valid',
]);

function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}

/** True when a field with this name must never have its value logged. */
export function isSecretFieldName(name: string): boolean {
  const words = wordsOf(name);
  if (words.length === 0) return false;
  if (DESCRIBING_WORDS.has(words[words.length - 1]!)) return false;
  return words.some((word) => SECRET_WORDS.has(word));
}

// Key bytes written as hex: contiguous, or as byte pairs split by spaces, colons or dashes.
const LONG_HEX = /(?<![0-9A-Za-z])(?:0x)?[0-9a-fA-F]{32,}(?![0-9A-Za-z])/g;
const SPACED_HEX = /(?<![0-9A-Za-z])[0-9a-fA-F]{2}(?:[ :-][0-9a-fA-F]{2}){15,}(?![0-9A-Za-z])/g;
// Base64 (standard or url-safe) runs. A run made of only one character class is a word or a
// path segment (`/work/main/src-main/ipc`), not random bytes: 24 random base64 characters
// fall in a single class with odds below one in a billion, so sparing those costs no secret.
const BASE64_RUN = /[A-Za-z0-9+/_-]{24,}={0,2}/g;

function looksRandom(run: string): boolean {
  let classes = 0;
  if (/[A-Z]/.test(run)) classes += 1;
  if (/[a-z]/.test(run)) classes += 1;
  if (/[0-9]/.test(run)) classes += 1;
  return classes >= 2;
}

// A secret-named field written out inside text, as a careless error message does with a payload:
// JSON (`"password":"…"`), a query or an assignment (`pin=…`), or prose (`confirmation: "…"`).
// The value runs to its closing quote (JSON inside JSON: its escaped quote before a , } or ]),
// or unquoted to the next space, comma, semicolon, & or }.
const NAMED_VALUE =
  /((?:\\)?["']?)([A-Za-z_][A-Za-z0-9_-]*)\1(\s*[:=]\s*)(\\"[\s\S]*?\\"(?=\s*[,}\]]|$)|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,;&}\]]+)/g;

function maskNamedValues(text: string): string {
  return text.replace(NAMED_VALUE, (whole, quote: string, name: string, between: string) =>
    isSecretFieldName(name) ? `${quote}${name}${quote}${between}${REDACTED}` : whole,
  );
}

/**
 * Masks shares in every printed form (secrets/printed-share.ts: canonical, grouped, line by
 * line with or without check characters, hex lines), DKEK password shares and passwords in hex
 * bytes (secrets/printed-password-share.ts), long hex and base64 runs inside a string.
 * Ceremony ids stay readable: a log that cannot say which ceremony it is about is no use.
 */
export function redactText(text: string): string {
  return keepingCeremonyIds(text, (part) =>
    maskPrintedShares(
      maskCanonicalShares(maskPasswordShareHex(maskNamedValues(part)))
        .replace(SPACED_HEX, '[redacted hex]')
        .replace(LONG_HEX, '[redacted hex]')
        .replace(BASE64_RUN, (run) => (looksRandom(run) ? '[redacted base64]' : run)),
    ),
  );
}

const MAX_DEPTH = 6;

/**
 * A copy of `value` safe to log: secret-named fields replaced, strings masked, byte arrays
 * dropped (a log never needs raw bytes), errors reduced to name, message and stack, cycles cut.
 */
export function redact(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'function' || typeof value === 'symbol') return `[${typeof value}]`;
    return value;
  }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return '[redacted bytes]';
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  seen.add(value);
  if (value instanceof Error) return redactError(value, depth, seen);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
  if (value instanceof Map) return redact(Object.fromEntries(value), depth, seen);
  if (value instanceof Set) return redact([...value], depth, seen);
  if (value instanceof Date) return value.toISOString();
  return redactFields(value as Record<string, unknown>, depth, seen);
}

/** Redacts a record of fields by name first, then by value. */
export function redactFields(
  fields: Record<string, unknown>,
  depth = 0,
  seen: WeakSet<object> = new WeakSet(),
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    out[name] = isSecretFieldName(name) ? REDACTED : redact(field, depth + 1, seen);
  }
  return out;
}

function redactError(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: redactText(error.message) };
  if (error.stack) out.stack = redactText(error.stack);
  // Own enumerable fields (code, command, errorName…) help diagnosis; they go through the same nets.
  Object.assign(out, redactFields({ ...error } as Record<string, unknown>, depth, seen));
  if (error.cause !== undefined) out.cause = redact(error.cause, depth + 1, seen);
  return out;
}
