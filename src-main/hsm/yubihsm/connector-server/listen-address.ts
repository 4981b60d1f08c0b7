// Where the connector server may listen: loopback only. A served device answers anyone who can
// reach the port, so it must never be reachable off this computer (DESIGN.md, browser host).

import { isIPv4 } from 'node:net';

export class ConnectorServerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConnectorServerError';
  }
}

export interface ListenAddress {
  /** As given, without IPv6 brackets: "127.0.0.1", "localhost", "::1". */
  host: string;
  port: number;
}

/** "127.0.0.1:12345", "localhost:0", "[::1]:12345" -> host and port; anything else is refused. */
export function parseListenAddress(text: string): ListenAddress {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim());
  if (!match) {
    throw new ConnectorServerError(
      `"${text}" is not a listen address; write it as host:port, like 127.0.0.1:12345`,
    );
  }
  const host = match[1] ?? match[2]!;
  const port = Number.parseInt(match[3]!, 10);
  if (port > 65535)
    throw new ConnectorServerError(
      `port ${port} in "${text}" is out of range; use a port from 1 to 65535 (or 0 for any free port)`,
    );
  assertLoopback(host);
  return { host, port };
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === 'localhost.' || bare === '::1') return true;
  if (bare === '::ffff:127.0.0.1') return true;
  return isIPv4(bare) && bare.startsWith('127.');
}

export function assertLoopback(host: string): void {
  if (!isLoopbackHost(host)) {
    throw new ConnectorServerError(
      `refusing to listen on ${host}: a served device must stay on this computer, so only loopback addresses (127.0.0.1, ::1, localhost) are allowed`,
    );
  }
}
