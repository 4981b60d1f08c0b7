// The browser host's way to print a share sheet: the sheet's HTML is offered once at a
// token-protected loopback URL, the renderer opens it, and the browser's own print dialog does
// the rest. The URL works for one fetch or one minute, whichever comes first, and tells the
// browser to keep no copy (brief §3). The shell's loopback server mounts `handle`.

import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SHEET_CSP } from './sheet-policy';

export const SHEET_PATH_PREFIX = '/print/sheet/';
export const SHEET_LIFETIME_MS = 60_000;

export interface SheetServerOptions {
  /** Milliseconds since the epoch; injected so tests need no waiting. */
  now?: () => number;
  lifetimeMs?: number;
  /** A fresh unguessable token per sheet (default: 32 random bytes, base64url). */
  newToken?: () => string;
}

export interface SheetOffer {
  /** Path to open on the host's loopback origin, e.g. /print/sheet/<token>. */
  path: string;
  /** When the path stops working if nobody fetched it, in milliseconds since the epoch. */
  expiresAt: number;
}

export interface SheetServer {
  /** Holds one sheet for one fetch. The sheet's HTML is dropped once fetched or expired. */
  offer(html: string): SheetOffer;
  /**
   * Answers a request whose path starts with /print/sheet/ and returns true; returns false
   * for any other path so the host can go on routing it.
   */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
  /** Sheets offered and neither fetched nor expired. */
  readonly pending: number;
  /** Drops every sheet not yet fetched (on quit, or when the ceremony leaves the step). */
  close(): void;
}

interface HeldSheet {
  html: string;
  expiresAt: number;
  timer: ReturnType<typeof setTimeout>;
}

/** Held sheets are keyed by a hash of the token, so a lookup's timing says nothing about it. */
function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function createSheetServer(options: SheetServerOptions = {}): SheetServer {
  const now = options.now ?? Date.now;
  const lifetime = options.lifetimeMs ?? SHEET_LIFETIME_MS;
  const newToken = options.newToken ?? (() => randomBytes(32).toString('base64url'));
  const held = new Map<string, HeldSheet>();

  function drop(key: string): void {
    const sheet = held.get(key);
    if (!sheet) return;
    clearTimeout(sheet.timer);
    held.delete(key);
  }

  function refuse(response: ServerResponse, status: number, sentence: string, extra: Record<string, string> = {}): void {
    response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
    response.end(`${sentence}\n`);
  }

  return {
    offer(html) {
      const token = newToken();
      if (!/^[A-Za-z0-9_-]{32,}$/.test(token)) throw new Error('a sheet token must be at least 32 URL-safe characters');
      const key = tokenKey(token);
      const expiresAt = now() + lifetime;
      // The timer only frees memory; expiry itself is decided by the clock at fetch time.
      const timer = setTimeout(() => drop(key), lifetime);
      timer.unref?.();
      held.set(key, { html, expiresAt, timer });
      return { path: `${SHEET_PATH_PREFIX}${token}`, expiresAt };
    },

    handle(request, response) {
      const path = (request.url ?? '').split('?')[0]!;
      if (!path.startsWith(SHEET_PATH_PREFIX)) return false;
      if (request.method !== 'GET') {
        // HEAD or anything else must not use up the one fetch.
        refuse(response, 405, 'A share sheet is fetched with GET only.', { Allow: 'GET' });
        return true;
      }
      const key = tokenKey(path.slice(SHEET_PATH_PREFIX.length));
      const sheet = held.get(key);
      drop(key);
      if (!sheet || now() >= sheet.expiresAt) {
        refuse(response, 404, 'This share sheet link has been used or has expired. Print the sheet again from the custodian\'s step in Custos.');
        return true;
      }
      response.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': Buffer.byteLength(sheet.html),
        'Cache-Control': 'no-store, max-age=0',
        Pragma: 'no-cache',
        Expires: '0',
        'Content-Security-Policy': `${SHEET_CSP}; frame-ancestors 'self'`,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cross-Origin-Resource-Policy': 'same-origin',
      });
      response.end(sheet.html);
      return true;
    },

    get pending() {
      const at = now();
      return [...held.values()].filter((sheet) => at < sheet.expiresAt).length;
    },

    close() {
      for (const key of [...held.keys()]) drop(key);
    },
  };
}
