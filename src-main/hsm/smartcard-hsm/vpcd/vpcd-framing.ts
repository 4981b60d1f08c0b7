// The vpcd wire format (spec §7.2): every message in either direction is a 2-byte big-endian
// length followed by that many bytes. From vpcd, a 1-byte message is a control code (power off,
// power on, reset, get ATR); anything longer is a command APDU. The virtual card answers an APDU
// with the response APDU and "get ATR" with the ATR; the power controls get no answer.

export const VPCD_CONTROL = {
  powerOff: 0x00,
  powerOn: 0x01,
  reset: 0x02,
  getAtr: 0x04,
} as const;

export type VpcdMessage =
  { kind: 'control'; code: number } | { kind: 'apdu'; apdu: Uint8Array } | { kind: 'empty' };

/** One message for vpcd: length ‖ payload. */
export function vpcdFrame(payload: Uint8Array): Uint8Array {
  if (payload.length > 0xffff) {
    throw new RangeError(`a vpcd message holds at most 65535 bytes, not ${payload.length}`);
  }
  const frame = new Uint8Array(2 + payload.length);
  frame[0] = payload.length >> 8;
  frame[1] = payload.length & 0xff;
  frame.set(payload, 2);
  return frame;
}

/** Splits the byte stream from vpcd into messages, however TCP cut it. */
export class VpcdReader {
  private pending = new Uint8Array(0);

  /** Adds bytes as they arrived; returns every message now complete, in order. */
  push(chunk: Uint8Array): VpcdMessage[] {
    const joined = new Uint8Array(this.pending.length + chunk.length);
    joined.set(this.pending);
    joined.set(chunk, this.pending.length);
    const messages: VpcdMessage[] = [];
    let at = 0;
    while (joined.length - at >= 2) {
      const length = (joined[at]! << 8) | joined[at + 1]!;
      if (joined.length - at - 2 < length) break;
      const payload = joined.slice(at + 2, at + 2 + length);
      at += 2 + length;
      if (length === 0) messages.push({ kind: 'empty' });
      else if (length === 1) messages.push({ kind: 'control', code: payload[0]! });
      else messages.push({ kind: 'apdu', apdu: payload });
    }
    this.pending = joined.slice(at);
    return messages;
  }

  /** Forgets a half-received message (the connection it came on is gone). */
  clear(): void {
    this.pending = new Uint8Array(0);
  }
}
