// .yhw files (spec/yubihsm-setup-interop.md §5, yubihsm2-protocol.md §6.5): yubihsm-setup
// names them 0x%04x-<type>.yhw and writes standard padded base64 on one line with no newline;
// yubihsm-manager writes raw binary. We write setup's form exactly and read both.

/** nonce (13) + header (59) + at least one body byte + tag (16), spec §6.1–§6.2. */
export const MIN_WRAPPED_LENGTH = 13 + 59 + 1 + 16;

export function wrappedFileName(objectId: number, typeName: string): string {
  return `0x${objectId.toString(16).padStart(4, '0')}-${typeName}.yhw`;
}

/** Parses "0x0003-authentication-key.yhw" (and setup 2.0.0's "0x0003.yhw"). */
export function parseWrappedFileName(
  name: string,
): { objectId: number; typeName?: string } | undefined {
  const match = /^0x([0-9a-fA-F]{4})(?:-([a-z-]+))?\.yhw$/.exec(name);
  if (!match) return undefined;
  return { objectId: Number.parseInt(match[1]!, 16), ...(match[2] ? { typeName: match[2] } : {}) };
}

export function encodeWrappedFile(blob: Uint8Array): string {
  return Buffer.from(blob).toString('base64');
}

export type WrappedFileContent =
  { ok: true; blob: Uint8Array; encoding: 'base64' | 'binary' } | { ok: false; problem: string };

const BASE64_TEXT = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Reads a .yhw file's bytes: base64 text (whitespace around it forgiven), else raw binary.
 * A binary blob is never trimmed: its first or last byte may well be 0x20 or 0x0a.
 */
export function decodeWrappedFile(content: Uint8Array): WrappedFileContent {
  const text = Buffer.from(content).toString('latin1').trim();
  if (text.length > 0 && text.length % 4 === 0 && BASE64_TEXT.test(text)) {
    const blob = new Uint8Array(Buffer.from(text, 'base64'));
    if (blob.length < MIN_WRAPPED_LENGTH) {
      return {
        ok: false,
        problem: `holds only ${blob.length} bytes after base64 decoding; a wrapped object is at least ${MIN_WRAPPED_LENGTH}`,
      };
    }
    return { ok: true, blob, encoding: 'base64' };
  }
  if (looksLikeText(content)) {
    return {
      ok: false,
      problem:
        'is text but not valid base64 (it may have been edited or truncated); restore it from another copy',
    };
  }
  if (content.length < MIN_WRAPPED_LENGTH) {
    return {
      ok: false,
      problem: `holds only ${content.length} bytes; a wrapped object is at least ${MIN_WRAPPED_LENGTH}`,
    };
  }
  return { ok: true, blob: new Uint8Array(content), encoding: 'binary' };
}

/** Printable ASCII and whitespace only: a raw AES-CCM blob of 89+ random bytes never is. */
function looksLikeText(content: Uint8Array): boolean {
  return (
    content.length > 0 &&
    content.every(
      (byte) => byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte < 0x7f),
    )
  );
}
