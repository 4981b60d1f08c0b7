// The Content Security Policy and response headers both hosts put on every page they serve
// (STYLE.md §17). The renderer is a bundle of local files: it runs only its own scripts, loads
// only its own styles, fonts and images (plus data: images for share QR codes), and talks to
// main only through `window.custos`. Nothing may be fetched from the network, framed, or
// embedded, and no inline script runs. `media-src 'none'` stays with the camera allowed: the
// scan-back preview plays a MediaStream through `srcObject`, which is not a fetch.

export interface PolicyOptions {
  /** Extra sources for connect-src: the browser host's own WebSocket URL. */
  connect?: readonly string[];
}

export function contentSecurityPolicy(options: PolicyOptions = {}): string {
  const directives: [string, ...string[]][] = [
    ['default-src', "'none'"],
    ['script-src', "'self'"],
    ['style-src', "'self'"],
    ['img-src', "'self'", 'data:'],
    ['font-src', "'self'", 'data:'],
    ['connect-src', "'self'", ...(options.connect ?? [])],
    ['manifest-src', "'none'"],
    ['media-src', "'none'"],
    ['object-src', "'none'"],
    ['frame-src', "'none'"],
    ['worker-src', "'none'"],
    ['child-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map((parts) => parts.join(' ')).join('; ');
}

/** Headers for every response: the CSP plus the usual isolation and no-caching headers. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
    'Permissions-Policy': permissionsPolicy(),
  };
}

/**
 * Features the page is refused outright: it never needs a microphone, location or direct
 * USB/HID/serial access (devices are reached from main only, STYLE.md §8), nor payments or
 * reading the clipboard.
 */
export const REFUSED_FEATURES = [
  'microphone',
  'geolocation',
  'usb',
  'hid',
  'serial',
  'payment',
  'clipboard-read',
  'display-capture',
] as const;

/**
 * The camera is the one feature allowed, to the app's own origin only and never to a frame:
 * a custodian may hold their printed share sheet up to it for the scan-back check (issue 5 §4).
 * The host still decides per request (Electron: video only, from custos://app).
 */
export function permissionsPolicy(): string {
  return ['camera=(self)', ...REFUSED_FEATURES.map((feature) => `${feature}=()`)].join(', ');
}
