// What the Electron session grants a page (STYLE.md §17: refuse by default). One thing only: the
// camera, video without sound, to the app window's own page on custos://app, for the custodian
// to hold their printed share sheet up to it (the scan-back check, issue 5 §4). Every other
// permission, a microphone, the screen, another frame, another window or origin, is refused.
// Written without Electron types so the rules are tested under plain Node.

import { isAppUrl } from './app-scheme';

export interface PermissionAsk {
  /** Electron's permission name ('media', 'display-capture', 'geolocation', ...). */
  permission: string;
  /** For 'media': which devices ('video' is the camera, 'audio' the microphone). */
  mediaTypes?: readonly string[];
  /** The URL the asking frame last loaded. */
  requestingUrl?: string;
  /** The asking frame's origin, when Electron gives it. */
  securityOrigin?: string;
  isMainFrame: boolean;
  /** Whether the asking web contents is the app window (not a print window, not a stray one). */
  fromAppWindow: boolean;
}

/** True only for the camera alone, asked by the app window's main frame on custos://app. */
export function grantsPermission(ask: PermissionAsk): boolean {
  if (ask.permission !== 'media') return false;
  const types = ask.mediaTypes ?? [];
  if (types.length !== 1 || types[0] !== 'video') return false;
  if (!ask.fromAppWindow || !ask.isMainFrame) return false;
  if (ask.requestingUrl === undefined || !isAppUrl(ask.requestingUrl)) return false;
  return ask.securityOrigin === undefined || isAppUrl(ask.securityOrigin);
}
