// One HTTP request/response with node:http. Measured on loopback against our connector server:
// about 0.4 ms per frame with a new connection each time, where the global fetch took about
// 7 ms; profiling 1000 authenticated commands showed the client spending most of its time in
// connect() and the first write. So connections are kept alive, but only for IDLE_REUSE_MS
// after a response: yubihsm-connector drops idle connections after its 5 s read timeout
// (spec §2.2), and a frame sent on a socket the server is just closing fails without telling
// whether the device received it. A connection idle for a second is closed by us, long before
// the server would close it; a server that says less in Keep-Alive: timeout is believed.

import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface HttpAnswer {
  status: number;
  body: Buffer;
}

export type HttpFailure = { kind: 'timeout' } | { kind: 'network'; cause: unknown };

export class HttpExchangeError extends Error {
  constructor(readonly failure: HttpFailure) {
    super(
      failure.kind === 'timeout' ? 'timed out' : 'network failure',
      failure.kind === 'network' ? { cause: failure.cause } : undefined,
    );
    this.name = 'HttpExchangeError';
  }
}

/** How long an idle connection may be reused: far inside the connector's 5 s read timeout. */
const IDLE_REUSE_MS = 1_000;
const httpAgent = new HttpAgent({ keepAlive: true, timeout: IDLE_REUSE_MS, maxFreeSockets: 4 });
const httpsAgent = new HttpsAgent({ keepAlive: true, timeout: IDLE_REUSE_MS, maxFreeSockets: 4 });

/** Sends one request; resolves with any status, rejects only with HttpExchangeError. */
export function httpExchange(
  url: string,
  init: {
    method: 'GET' | 'POST';
    headers?: Record<string, string>;
    body?: Uint8Array;
    timeoutMs: number;
  },
): Promise<HttpAnswer> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (failure: HttpFailure) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      reject(new HttpExchangeError(failure));
    };
    const headers: Record<string, string | number> = { ...init.headers };
    if (init.body) headers['Content-Length'] = init.body.length;
    const request = send(
      target,
      { method: init.method, headers, agent: secure ? httpsAgent : httpAgent },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) });
        });
        response.on('error', (cause) => fail({ kind: 'network', cause }));
      },
    );
    const timer = setTimeout(() => fail({ kind: 'timeout' }), init.timeoutMs);
    request.on('error', (cause) => fail({ kind: 'network', cause }));
    request.end(init.body);
  });
}
