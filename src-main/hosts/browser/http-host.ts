// The browser host's endpoint: loopback HTTP serving the built renderer with the bridge script
// injected, and one WebSocket per page carrying calls and events. Every request passes the
// guards first (loopback peer, exact Host, token or session cookie); every refusal is logged
// without the token and answered 403 or a closed socket.

import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { Logger } from '../../log/logger';
import type { EventHub } from '../../ipc/events';
import type { IpcRouter } from '../../ipc/router';
import type { SheetServer } from '../../print/sheet-server';
import { contentSecurityPolicy, securityHeaders } from '../content-policy';
import { readStaticFile } from '../static-files';
import { encodeContractTable } from '../contract-table';
import { BRIDGE_PATH, parseCallMessage, SOCKET_PATH } from './bridge/messages';
import {
  checkSession,
  isLoopbackAddress,
  isOurHost,
  isOurOrigin,
  LOOPBACK_HOST,
  newLaunchToken,
  originOf,
  sessionCookie,
  tokenMatches,
} from './guards';

export interface BrowserHostOptions {
  rendererFolder: string;
  /** The bundled bridge script (dist/browser-host/bridge.js). */
  bridgeScript: string;
  router: IpcRouter;
  events: EventHub;
  logger: Logger;
  /** 0 (default) picks a free port. */
  port?: number;
  /**
   * Share sheets offered for printing (src-main/print/README.md "Browser host"): answered after
   * the session check, before the renderer's files, so only the session holder can fetch one.
   */
  sheets?: SheetServer;
  /** Verification reports offered the same way (print/report-viewer.ts). */
  reports?: SheetServer;
  token?: string;
}

export interface BrowserHost {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** The URL to open once: it carries the launch token and sets the session cookie. */
  readonly launchUrl: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Largest message a page may send: calls are small; this stops a runaway page, not a user. */
const MAX_MESSAGE_BYTES = 1 << 20;

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const log = options.logger.child({ module: 'browser-host' });
  const token = options.token ?? newLaunchToken();
  // The launch link reaches Chromium through a launch page only this user can read (never its
  // command line), and works once: it trades for a separate session secret, kept only in an
  // HttpOnly cookie bound to this host and port (guards.ts). Whoever uses it first holds the
  // session; a second user is refused, visibly.
  const sessionSecret = newLaunchToken();
  let launchUsed = false;
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  let port = 0;

  const headers = () =>
    securityHeaders(contentSecurityPolicy({ connect: [`ws://${LOOPBACK_HOST}:${port}`] }));

  function refuse(response: ServerResponse, request: IncomingMessage, reason: string): void {
    log.warn('browser host refused a request', {
      reason,
      method: request.method,
      path: pathOf(request),
    });
    response.writeHead(403, { ...headers(), 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('Forbidden. Open Custos with the link it printed when it started.\n');
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const remote = request.socket.remoteAddress;
    if (!isLoopbackAddress(remote)) return refuse(response, request, 'client is not on loopback');
    if (!isOurHost(request.headers.host, port))
      return refuse(response, request, 'Host header is not this host');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...headers(), Allow: 'GET, HEAD' });
      return void response.end();
    }
    const url = new URL(request.url ?? '/', originOf(port));
    const launchToken = url.searchParams.get('token');
    if (url.pathname === '/' && launchToken !== null) {
      const session = checkSession(
        { remoteAddress: remote, host: request.headers.host, cookie: request.headers.cookie },
        port,
        sessionSecret,
      );
      if (!session.refused) {
        // The holder of the session followed the link again (a reload): just show the app.
        response.writeHead(303, { ...headers(), Location: '/' });
        return void response.end();
      }
      if (!tokenMatches(launchToken, token)) return refuse(response, request, 'wrong launch token');
      if (launchUsed) return refuse(response, request, 'launch link already used');
      launchUsed = true;
      response.writeHead(303, {
        ...headers(),
        'Set-Cookie': sessionCookie(port, sessionSecret),
        Location: '/',
      });
      return void response.end();
    }
    const verdict = checkSession(
      { remoteAddress: remote, host: request.headers.host, cookie: request.headers.cookie },
      port,
      sessionSecret,
    );
    if (verdict.refused) return refuse(response, request, verdict.reason);
    if (options.sheets?.handle(request, response)) return;
    if (options.reports?.handle(request, response)) return;

    let body: Buffer;
    let contentType: string;
    if (url.pathname === BRIDGE_PATH) {
      body = Buffer.from(options.bridgeScript);
      contentType = 'text/javascript; charset=utf-8';
    } else {
      const file = await readStaticFile(options.rendererFolder, url.pathname);
      if (!file.found) {
        response.writeHead(file.status, {
          ...headers(),
          'Content-Type': 'text/plain; charset=utf-8',
        });
        return void response.end(file.status === 404 ? 'Not found.\n' : 'Bad request.\n');
      }
      contentType = file.contentType;
      body = file.path.endsWith('index.html')
        ? Buffer.from(injectBridge(file.body.toString('utf8')))
        : file.body;
    }
    response.writeHead(200, {
      ...headers(),
      'Content-Type': contentType,
      'Content-Length': body.length,
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const verdict = checkSession(
      {
        remoteAddress: request.socket.remoteAddress,
        host: request.headers.host,
        cookie: request.headers.cookie,
      },
      port,
      sessionSecret,
    );
    const reason = verdict.refused
      ? verdict.reason
      : !isOurOrigin(request.headers.origin, port)
        ? 'WebSocket Origin is not this host'
        : pathOf(request) !== SOCKET_PATH
          ? 'WebSocket path is not the bridge socket'
          : undefined;
    if (reason) {
      log.warn('browser host refused a WebSocket', { reason, path: pathOf(request) });
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => serveSocket(ws));
  }

  function serveSocket(ws: WebSocket): void {
    sockets.add(ws);
    log.info('page connected');
    ws.on('close', () => sockets.delete(ws));
    ws.on('error', (error) => log.warn('page socket error', { error }));
    ws.on('message', async (data, isBinary) => {
      const call = isBinary ? null : parseCallMessage(data.toString());
      if (!call) {
        log.warn('browser host closed a socket that sent something other than a call');
        ws.close(1008, 'not a call');
        return;
      }
      const result = await options.router.dispatch(call.channel, call.payload, {
        kind: 'socket',
        authenticated: true,
      });
      if (ws.readyState === ws.OPEN)
        ws.send(JSON.stringify({ type: 'result', id: call.id, result }));
    });
  }

  const unsubscribe = options.events.subscribe((event, payload) => {
    const text = JSON.stringify({ type: 'event', event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log.error('browser host failed to answer a request', { error, path: pathOf(request) });
      if (!response.headersSent) response.writeHead(500, headers());
      response.end();
    });
  });
  server.on('upgrade', handleUpgrade);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  log.info('browser host listening', { origin: originOf(port) });

  return {
    origin: originOf(port),
    launchUrl: `${originOf(port)}/?token=${token}`,
    port,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The path of a request without its query (the query may hold the launch token). */
function pathOf(request: IncomingMessage): string {
  return (request.url ?? '').split('?')[0]!.slice(0, 200);
}

/** Puts the bridge first in <head>, so `window.custos` exists before the renderer's module runs. */
export function injectBridge(html: string, contract: string = encodeContractTable()): string {
  const tag = `<script src="${BRIDGE_PATH}" data-contract="${contract}"></script>`;
  const head = /<head[^>]*>/i.exec(html);
  if (!head) return `${tag}${html}`;
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}${tag}${html.slice(at)}`;
}
