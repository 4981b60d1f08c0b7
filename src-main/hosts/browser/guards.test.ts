import { describe, expect, it } from 'vitest';
import {
  boundSessionValue,
  checkSession,
  cookieValue,
  isLoopbackAddress,
  isOurOrigin,
  newLaunchToken,
  tokenMatches,
} from './guards';

describe('browser host guards', () => {
  it('accepts loopback peers only', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])
      expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of [
      '10.0.0.5',
      '192.168.1.2',
      '::ffff:10.0.0.5',
      'fe80::1',
      '0.0.0.0',
      '::',
      undefined,
      '',
      'localhost',
    ]) {
      expect(isLoopbackAddress(address), String(address)).toBe(false);
    }
  });

  it('accepts exactly its own origin', () => {
    expect(isOurOrigin('http://127.0.0.1:4100', 4100)).toBe(true);
    for (const origin of [
      'http://127.0.0.1:4101',
      'http://localhost:4100',
      'https://127.0.0.1:4100',
      'null',
      'http://127.0.0.1:4100/',
      undefined,
    ]) {
      expect(isOurOrigin(origin, 4100), String(origin)).toBe(false);
    }
  });

  it('makes a fresh 256-bit token per launch and compares tokens exactly', () => {
    const token = newLaunchToken();
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(newLaunchToken()).not.toBe(token);
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token.slice(0, -1), token)).toBe(false);
    expect(tokenMatches(`${token}0`, token)).toBe(false);
    expect(tokenMatches(undefined, token)).toBe(false);
  });

  it('reads the session cookie among others and names the reason for a refusal', () => {
    expect(cookieValue('a=1; custos_session_4100=abc; b=2', 'custos_session_4100')).toBe('abc');
    expect(cookieValue('xcustos_session_4100=abc', 'custos_session_4100')).toBeUndefined();
    const token = 'f'.repeat(64);
    const good = {
      remoteAddress: '127.0.0.1',
      host: '127.0.0.1:4100',
      cookie: `custos_session_4100=${boundSessionValue(4100, token)}`,
    };
    expect(checkSession(good, 4100, token)).toEqual({ refused: false });
    // The secret itself, or the value bound to another port, opens nothing.
    expect(checkSession({ ...good, cookie: `custos_session_4100=${token}` }, 4100, token)).toEqual({
      refused: true,
      reason: 'no valid session cookie',
    });
    expect(
      checkSession(
        { ...good, cookie: `custos_session_4100=${boundSessionValue(4101, token)}` },
        4100,
        token,
      ),
    ).toEqual({ refused: true, reason: 'no valid session cookie' });
    expect(checkSession({ ...good, remoteAddress: '10.1.1.1' }, 4100, token)).toEqual({
      refused: true,
      reason: 'client is not on loopback',
    });
    expect(checkSession({ ...good, host: 'rebound.example:4100' }, 4100, token)).toEqual({
      refused: true,
      reason: 'Host header is not this host',
    });
    expect(checkSession({ ...good, cookie: undefined }, 4100, token)).toEqual({
      refused: true,
      reason: 'no valid session cookie',
    });
  });
});
