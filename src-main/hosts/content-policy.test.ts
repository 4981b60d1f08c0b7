import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, permissionsPolicy, securityHeaders } from './content-policy';

/** "camera=(self), microphone=()" -> { camera: '(self)', microphone: '()' } */
function features(policy: string): Record<string, string> {
  return Object.fromEntries(
    policy.split(',').map((part) => part.trim().split('=') as [string, string]),
  );
}

describe('the permissions policy both hosts send', () => {
  it('allows the camera to the app’s own origin only, for the scan-back check', () => {
    expect(features(permissionsPolicy()).camera).toBe('(self)');
  });

  it('still refuses the microphone, screen capture, location, device APIs, payments and clipboard reads', () => {
    const policy = features(permissionsPolicy());
    for (const feature of [
      'microphone',
      'display-capture',
      'geolocation',
      'usb',
      'hid',
      'serial',
      'payment',
      'clipboard-read',
    ]) {
      expect(policy[feature], feature).toBe('()');
    }
    // Nothing but the camera is allowed to anyone.
    expect(Object.entries(policy).filter(([, allow]) => allow !== '()')).toEqual([
      ['camera', '(self)'],
    ]);
  });

  it('is on every response, next to the CSP', () => {
    const headers = securityHeaders(contentSecurityPolicy());
    expect(headers['Permissions-Policy']).toBe(
      'camera=(self), microphone=(), geolocation=(), usb=(), hid=(), serial=(), payment=(), clipboard-read=(), display-capture=()',
    );
    expect(headers['Content-Security-Policy']).toContain("media-src 'none'");
  });
});
