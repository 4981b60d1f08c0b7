// Reads the body of POST /connector/api: one frame of 3..3139 bytes (spec §2.2; 3136 is the
// device buffer, +3 as the connector allows). Anything else is HTTP 400 without reading on.

import type { IncomingMessage } from 'node:http';

export const MIN_BODY_LENGTH = 3;
export const MAX_BODY_LENGTH = 3139;

export type FrameBody =
  { ok: true; frame: Uint8Array } | { ok: false; status: 400 | 408; problem: string };

const LENGTH_PROBLEM = `bad request: the body must be one frame of ${MIN_BODY_LENGTH} to ${MAX_BODY_LENGTH} bytes`;

export function readFrameBody(request: IncomingMessage, timeoutMs: number): Promise<FrameBody> {
  const declared = request.headers['content-length'];
  if (declared !== undefined) {
    const length = Number(declared);
    if (!Number.isInteger(length) || length < MIN_BODY_LENGTH || length > MAX_BODY_LENGTH) {
      request.resume();
      return Promise.resolve({ ok: false, status: 400, problem: LENGTH_PROBLEM });
    }
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const finish = (result: FrameBody) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.off('data', onData);
      if (!result.ok) request.resume();
      resolve(result);
    };
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          status: 408,
          problem: 'request timeout: the frame did not arrive in time',
        }),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > MAX_BODY_LENGTH) finish({ ok: false, status: 400, problem: LENGTH_PROBLEM });
      else chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => {
      if (total < MIN_BODY_LENGTH) finish({ ok: false, status: 400, problem: LENGTH_PROBLEM });
      else finish({ ok: true, frame: new Uint8Array(Buffer.concat(chunks)) });
    });
    request.once('error', () =>
      finish({ ok: false, status: 400, problem: 'bad request: the body could not be read' }),
    );
  });
}
