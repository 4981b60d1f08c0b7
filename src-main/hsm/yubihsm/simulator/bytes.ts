// Byte helpers of the simulated device alone: a bounds-checked reader for request payloads (a
// short read is the device's WRONG_LENGTH, never a crash) and big-endian big integers. The
// helpers the host side uses as well are in protocol/bytes.ts.

import { refuse } from './device-failure';

export class PayloadReader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  u8(): number {
    if (this.remaining < 1) refuse.wrongLength();
    return this.bytes[this.offset++]!;
  }

  u16(): number {
    return (this.u8() << 8) | this.u8();
  }

  u64(): bigint {
    const bytes = this.take(8);
    return new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0);
  }

  take(count: number): Uint8Array {
    if (this.remaining < count) refuse.wrongLength();
    const out = this.bytes.subarray(this.offset, this.offset + count);
    this.offset += count;
    return out;
  }

  rest(): Uint8Array {
    return this.take(this.remaining);
  }

  /** Fixed-layout commands: anything left over is a length error. */
  end(): void {
    if (this.remaining !== 0) refuse.wrongLength();
  }
}

/** Big-endian unsigned integer of a fixed width (RSA and EC components). */
export function bigintToBytes(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let rest = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  if (rest !== 0n) throw new RangeError(`value does not fit in ${length} bytes`);
  return out;
}

export function bytesToBigint(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}
