// Frames to a YubiHSM 2 through yubihsm-connector's HTTP API (spec §2.2): POST the raw frame
// to /connector/api and read the raw response frame back; GET /connector/status says whether
// the connector has a device. Any non-200 answer or network failure is a transport error.

import { YubiHsmTransportError } from '../protocol/device-errors';
import { parseConnectorStatus, type ConnectorStatus } from './connector-status';
import { httpExchange, HttpExchangeError, type HttpAnswer } from './http-exchange';
import { OneAtATime } from '../../../concurrency/one-at-a-time';
import type { YubiHsmTransport } from './transport';

/** RSA-4096 generation takes tens of seconds (spec §2.1 "Timeouts"); allow three minutes. */
const DEFAULT_REQUEST_TIMEOUT_MS = 180_000;
const DEFAULT_STATUS_TIMEOUT_MS = 5_000;

export interface ConnectorTransportOptions {
  requestTimeoutMs?: number;
  statusTimeoutMs?: number;
}

export class ConnectorTransport implements YubiHsmTransport {
  readonly kind = 'connector' as const;
  readonly address: string;
  private readonly queue = new OneAtATime();
  private readonly requestTimeoutMs: number;
  private readonly statusTimeoutMs: number;
  private closed = false;

  constructor(url: string, options: ConnectorTransportOptions = {}) {
    this.address = normalizeConnectorUrl(url);
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.statusTimeoutMs = options.statusTimeoutMs ?? DEFAULT_STATUS_TIMEOUT_MS;
  }

  /** A transport to a connector that has its device: status=OK, or a transport error saying why not. */
  static async connect(
    url: string,
    options: ConnectorTransportOptions = {},
  ): Promise<ConnectorTransport> {
    const transport = new ConnectorTransport(url, options);
    const status = await transport.status();
    if (status.status !== 'OK') {
      throw new YubiHsmTransportError(
        `the connector at ${transport.address} is running but reports status=${status.status || 'nothing'}: it cannot reach a YubiHSM 2; insert the device or restart yubihsm-connector`,
      );
    }
    return transport;
  }

  async status(): Promise<ConnectorStatus> {
    const answer = await this.request('/connector/status', {
      method: 'GET',
      timeoutMs: this.statusTimeoutMs,
    });
    return parseConnectorStatus(answer.body.toString('utf8'));
  }

  transceive(frame: Uint8Array): Promise<Uint8Array> {
    return this.queue.run(async () => {
      if (this.closed)
        throw new YubiHsmTransportError(
          `the connection to the connector at ${this.address} is closed; reconnect to the device`,
        );
      const answer = await this.request('/connector/api', {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream' },
        body: frame,
        timeoutMs: this.requestTimeoutMs,
      });
      return new Uint8Array(answer.body);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue.run(async () => undefined);
  }

  private async request(
    path: string,
    init: Parameters<typeof httpExchange>[1],
  ): Promise<HttpAnswer> {
    let answer: HttpAnswer;
    try {
      answer = await httpExchange(`${this.address}${path}`, init);
    } catch (error) {
      if (error instanceof HttpExchangeError && error.failure.kind === 'timeout') {
        throw new YubiHsmTransportError(
          `the connector at ${this.address} did not answer within ${duration(init.timeoutMs)}; check that the YubiHSM 2 is inserted and yubihsm-connector is healthy`,
          { cause: error },
        );
      }
      throw new YubiHsmTransportError(
        `the connector at ${this.address} is not answering: is yubihsm-connector running?`,
        { cause: error },
      );
    }
    if (answer.status !== 200) {
      const text = answer.body.toString('utf8').trim().split('\n')[0]?.slice(0, 200) ?? '';
      throw new YubiHsmTransportError(
        `the connector at ${this.address} answered HTTP ${answer.status}${text ? ` (${text})` : ''}; check that the YubiHSM 2 is inserted and look at yubihsm-connector's log`,
      );
    }
    return answer;
  }
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} seconds`;
}

/** "http://127.0.0.1:12345/" -> "http://127.0.0.1:12345"; anything not http(s) is refused. */
export function normalizeConnectorUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new YubiHsmTransportError(
      `"${url}" is not a connector address; write it like http://127.0.0.1:12345`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new YubiHsmTransportError(
      `"${url}" is not a connector address: it must start with http:// or https://, like http://127.0.0.1:12345`,
    );
  }
  // Credentials in the URL would travel into `address`, which is shown and logged; so they are
  // refused, and the refusal does not repeat them.
  if (parsed.username || parsed.password) {
    throw new YubiHsmTransportError(
      `a connector address must not carry a user name or password; give only the scheme, host and port, like http://${parsed.host}`,
    );
  }
  if (parsed.search || parsed.hash) {
    throw new YubiHsmTransportError(
      `"${url}" is not a connector address: give only the scheme, host and port, like http://127.0.0.1:12345`,
    );
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  return `${parsed.protocol}//${parsed.host}${path}`;
}
