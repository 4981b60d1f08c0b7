// Serves a device the way yubihsm-connector does (spec §2.2), so Yubico's own tools
// (yubihsm-shell, python-yubihsm, yubihsm-setup) and our ConnectorTransport can talk to a
// simulated YubiHSM 2 unchanged. Frames pass through verbatim; the server never parses them.

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatConnectorStatus } from '../transport/connector-status';
import { OneAtATime } from '../../../concurrency/one-at-a-time';
import { readFrameBody } from './frame-body';
import { assertLoopback, ConnectorServerError, isLoopbackHost } from './listen-address';

/** The connector version we report; libyubihsm reads it but needs no particular value. */
export const CONNECTOR_VERSION = '3.0.7';
/** yubihsm-connector's server read timeout (spec §2.2). */
const DEFAULT_READ_TIMEOUT_MS = 5_000;
const CLOSE_GRACE_MS = 2_000;

export interface ServedDevice {
  /** Reported as serial=<decimal>; undefined reports "*", as the connector does without one. */
  readonly serial?: number;
  process(frame: Uint8Array): Promise<Uint8Array>;
}

export interface ConnectorServerOptions {
  device: ServedDevice;
  /** Loopback only; anything else is refused with a ConnectorServerError. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  readTimeoutMs?: number;
}

export interface RunningConnectorServer {
  /** "http://127.0.0.1:12345" */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startConnectorServer(
  options: ConnectorServerOptions,
): Promise<RunningConnectorServer> {
  assertLoopback(options.host);
  const readTimeoutMs = options.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
  const queue = new OneAtATime();
  let port = options.port;
  const server = createServer(
    {
      requestTimeout: readTimeoutMs,
      headersTimeout: readTimeoutMs,
      connectionsCheckingInterval: 500,
    },
    (request, response) => {
      handle(request, response, {
        device: options.device,
        queue,
        host: options.host,
        port: () => port,
        readTimeoutMs,
      }).catch(() => {
        // Only a broken connection gets here (the client went away mid-answer): drop it, keep serving.
        response.destroy();
      });
    },
  );
  await listen(server, options.host, options.port);
  const address = server.address() as AddressInfo;
  // Belt and braces: "localhost" is a name, so check what it actually bound to.
  if (!isLoopbackHost(address.address)) {
    await closeServer(server);
    throw new ConnectorServerError(
      `refusing to serve on ${address.address}: ${options.host} did not resolve to a loopback address`,
    );
  }
  port = address.port;
  const urlHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${urlHost}:${port}`,
    host: options.host,
    port,
    close: () => closeServer(server, queue),
  };
}

interface Context {
  device: ServedDevice;
  queue: OneAtATime;
  host: string;
  port: () => number;
  readTimeoutMs: number;
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  context: Context,
): Promise<void> {
  response.setHeader('X-Request-ID', requestIdOf(request));
  const path = pathOf(request.url);
  if (!hostIsAllowed(request.headers.host))
    return sendText(response, 403, 'forbidden: the Host header is not a loopback name\n');
  if (path === '/connector/status') {
    if (request.method !== 'GET') return methodNotAllowed(response, 'GET');
    const body = formatConnectorStatus({
      status: 'OK',
      serial: context.device.serial,
      version: CONNECTOR_VERSION,
      pid: process.pid,
      address: context.host,
      port: context.port(),
    });
    return sendText(response, 200, body);
  }
  if (path === '/connector/api') {
    if (request.method !== 'POST') return methodNotAllowed(response, 'POST');
    const body = await readFrameBody(request, context.readTimeoutMs);
    if (!body.ok) return sendText(response, body.status, `${body.problem}\n`, { close: true });
    let answer: Uint8Array;
    try {
      answer = await context.queue.run(() => context.device.process(body.frame));
    } catch (error) {
      // The connector answers a USB failure with 500 and a text body (spec §2.2).
      const detail = error instanceof Error ? error.message : String(error);
      return sendText(response, 500, `the device could not be reached: ${detail}\n`);
    }
    response.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': answer.length,
    });
    response.end(answer);
    return;
  }
  sendText(response, 404, 'not found\n');
}

/**
 * The request's path without its query. The usual origin-form ("/connector/api?x") is cut
 * directly; anything else goes through the URL parser (a profile of plain ECHO traffic showed
 * the parser on every request).
 */
function pathOf(target: string | undefined): string {
  if (target && target.startsWith('/') && !target.startsWith('//')) {
    const end = target.search(/[?#]/);
    const raw = end < 0 ? target : target.slice(0, end);
    if (!raw.includes('%') && !raw.includes('/.')) return raw;
  }
  return new URL(target ?? '/', 'http://connector').pathname;
}

/**
 * Only loopback names in Host, like the connector's optional allowlist (spec §2.2). We turn it
 * on always: it stops a web page from reaching the served device through DNS rebinding, and
 * every Yubico client sends the loopback name it connected to.
 */
function hostIsAllowed(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  const name = hostHeader.startsWith('[')
    ? hostHeader.slice(0, hostHeader.indexOf(']') + 1)
    : hostHeader.replace(/:\d+$/, '');
  return isLoopbackHost(name);
}

function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  const value = Array.isArray(given) ? given[0] : given;
  return value && /^[\x21-\x7e]{1,200}$/.test(value) ? value : randomUUID();
}

function methodNotAllowed(response: ServerResponse, allow: string): void {
  response.setHeader('Allow', allow);
  sendText(response, 405, 'method not allowed\n');
}

function sendText(
  response: ServerResponse,
  status: number,
  body: string,
  options: { close?: boolean } = {},
): void {
  const headers: Record<string, string | number> = {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  };
  if (options.close) headers.Connection = 'close';
  response.writeHead(status, headers);
  response.end(body);
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(
          new ConnectorServerError(
            `port ${port} on ${host} is already in use (is yubihsm-connector or another simulator running?); choose another port`,
            { cause: error },
          ),
        );
      } else {
        reject(
          new ConnectorServerError(
            `cannot listen on ${host}:${port} (${error.code ?? error.message}); choose another address`,
            { cause: error },
          ),
        );
      }
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Stops taking requests and lets the frame in progress finish (the simulator writes its state
 * after each command), then closes the connections; stragglers are cut after a short grace.
 */
async function closeServer(server: Server, queue?: OneAtATime): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  if (queue) await queue.run(async () => undefined);
  server.closeIdleConnections();
  const grace = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
  grace.unref();
  await closed;
  clearTimeout(grace);
}
