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
  /** Schedules the drop of an unfetched sheet; injected so tests fire it by hand. */
  setTimer?: (callback: () => void, ms: number) => () => void;
  /** Where the pages live (default /print/sheet/); the verify report's server uses its own. */
  pathPrefix?: string;
  /** The sentence for a used or expired link (default: the share sheet's). */
  goneSentence?: string;
}

/** What the offerer hears about its sheet. Neither callback is given the sheet. */
export interface SheetOfferEvents {
  /** The one fetch happened: the browser has the sheet now, to show and print. */
  onFetched?: () => void;
  /** Nobody fetched the sheet in time, so it is gone. */
  onExpired?: () => void;
}

export interface SheetOffer {
  /** Path to open on the host's loopback origin, e.g. /print/sheet/<token>. */
  path: string;
  /** When the path stops working if nobody fetched it, in milliseconds since the epoch. */
  expiresAt: number;
}

export interface SheetServer {
  /** Holds one sheet for one fetch. The sheet's HTML is dropped once fetched or expired. */
  offer(html: string, events?: SheetOfferEvents): SheetOffer;
  /** Drops one offered sheet before anyone fetched it (its custodian's share left the screen). */
  withdraw(path: string): void;
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
  cancelTimer: () => void;
  events: SheetOfferEvents;
}

/** Held sheets are keyed by a hash of the token, so a lookup's timing says nothing about it. */
function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function createSheetServer(options: SheetServerOptions = {}): SheetServer {
  const now = options.now ?? Date.now;
  const lifetime = options.lifetimeMs ?? SHEET_LIFETIME_MS;
  const newToken = options.newToken ?? (() => randomBytes(32).toString('base64url'));
  const setTimer =
    options.setTimer ??
    ((callback: () => void, ms: number) => {
      const timer = setTimeout(callback, ms);
      timer.unref?.();
      return () => clearTimeout(timer);
    });
  const prefix = options.pathPrefix ?? SHEET_PATH_PREFIX;
  if (!/^\/[a-z/-]+\/$/.test(prefix)) throw new Error('a page prefix is a /path/ of its own');
  const goneSentence =
    options.goneSentence ??
    "This share sheet link has been used or has expired. Print the sheet again from the custodian's step in Custos.";
  const held = new Map<string, HeldSheet>();

  function drop(key: string): HeldSheet | undefined {
    const sheet = held.get(key);
    if (!sheet) return undefined;
    sheet.cancelTimer();
    held.delete(key);
    return sheet;
  }

  /** Listeners belong to the offerer; one that throws must not break the host's answer. */
  function tell(listener: (() => void) | undefined): void {
    try {
      listener?.();
    } catch {
      // The offerer's own problem; the sheet is already answered or gone either way.
    }
  }

  function keyOfPath(path: string): string {
    return tokenKey(path.slice(prefix.length));
  }

  function refuse(
    response: ServerResponse,
    status: number,
    sentence: string,
    extra: Record<string, string> = {},
  ): void {
    response.writeHead(status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      ...extra,
    });
    response.end(`${sentence}\n`);
  }

  return {
    offer(html, events = {}) {
      const token = newToken();
      if (!/^[A-Za-z0-9_-]{32,}$/.test(token))
        throw new Error('a sheet token must be at least 32 URL-safe characters');
      const key = tokenKey(token);
      const expiresAt = now() + lifetime;
      // The timer frees memory and tells the offerer; whether a fetch is too late is decided
      // by the clock at fetch time.
      const cancelTimer = setTimer(() => {
        const dropped = drop(key);
        if (dropped) tell(dropped.events.onExpired);
      }, lifetime);
      held.set(key, { html, expiresAt, cancelTimer, events });
      return { path: `${prefix}${token}`, expiresAt };
    },

    withdraw(path) {
      if (path.startsWith(prefix)) drop(keyOfPath(path));
    },

    handle(request, response) {
      const path = (request.url ?? '').split('?')[0]!;
      if (!path.startsWith(prefix)) return false;
      if (request.method !== 'GET') {
        // HEAD or anything else must not use up the one fetch.
        refuse(response, 405, 'This page is fetched with GET only.', { Allow: 'GET' });
        return true;
      }
      const sheet = drop(keyOfPath(path));
      if (sheet && now() >= sheet.expiresAt) tell(sheet.events.onExpired);
      if (!sheet || now() >= sheet.expiresAt) {
        refuse(response, 404, goneSentence);
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
        // The renderer's page has the same opener policy, so the window it opened for the sheet
        // stays its own: it can close the sheet when the share leaves the screen.
        'Cross-Origin-Opener-Policy': 'same-origin',
      });
      response.end(sheet.html);
      tell(sheet.events.onFetched);
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
