// The browser host's gatekeeping, as pure functions (DESIGN.md: "It must never be reachable off
// loopback"). A request must come from a loopback address, name exactly our host:port (a DNS
// rebinding page names its own host), and carry the per-launch token or the cookie it set. A
// WebSocket must also come from exactly our own origin, so no other page can drive main.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

export const LOOPBACK_HOST = '127.0.0.1';

export function newLaunchToken(): string {
  return randomBytes(32).toString('hex');
}

/** 127.0.0.0/8, ::1, and IPv4-mapped loopback. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(plain) === 4) return plain.split('.')[0] === '127';
  return plain === '::1';
}

/** The Host header must be exactly ours: `127.0.0.1:<port>`. */
export function isOurHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `${LOOPBACK_HOST}:${port}`;
}

export function originOf(port: number): string {
  return `http://${LOOPBACK_HOST}:${port}`;
}

/** The Origin header must be exactly our origin (no "null", no other port, no other host). */
export function isOurOrigin(originHeader: string | undefined, port: number): boolean {
  return originHeader === originOf(port);
}

/** Constant-time comparison so the token cannot be guessed a character at a time. */
export function tokenMatches(given: string | undefined | null, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Cookie name carries the port so two running hosts in one browser never share a cookie. */
export function cookieName(port: number): string {
  return `custos_session_${port}`;
}

/**
 * The cookie's value is bound to the host and port it was issued for: an HMAC of
 * `127.0.0.1:<port>` under the session secret. Browsers send a cookie to every port of a host,
 * so a value seen by another loopback port is of no use at any other; the Chromium Custos opens
 * also binds cookies to their port (open-chromium.ts).
 */
export function boundSessionValue(port: number, secret: string): string {
  return createHmac('sha256', secret).update(`${LOOPBACK_HOST}:${port}`).digest('hex');
}

export function sessionCookie(port: number, secret: string): string {
  return `${cookieName(port)}=${boundSessionValue(port, secret)}; HttpOnly; SameSite=Strict; Path=/`;
}

export function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

export type Refusal = { refused: false } | { refused: true; reason: string };

export interface RequestFacts {
  remoteAddress: string | undefined;
  host: string | undefined;
  cookie: string | undefined;
}

/** Checks every request and upgrade share: loopback peer, exact Host, valid session cookie. */
export function checkSession(facts: RequestFacts, port: number, token: string): Refusal {
  if (!isLoopbackAddress(facts.remoteAddress))
    return { refused: true, reason: 'client is not on loopback' };
  if (!isOurHost(facts.host, port))
    return { refused: true, reason: 'Host header is not this host' };
  if (!tokenMatches(cookieValue(facts.cookie, cookieName(port)), boundSessionValue(port, token)))
    return { refused: true, reason: 'no valid session cookie' };
  return { refused: false };
}
