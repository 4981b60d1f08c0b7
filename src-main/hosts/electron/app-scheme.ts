// The renderer is served from `custos://app/`, never from file:// (which would give the page
// the whole disk as its origin) and never from a network server. The handler is written
// against the Fetch API's Request and Response so it runs, and is tested, under plain Node.

import { contentSecurityPolicy, securityHeaders } from '../content-policy';
import { readStaticFile } from '../static-files';

export const APP_SCHEME = 'custos';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/** Privileges for protocol.registerSchemesAsPrivileged: a standard, secure origin, nothing more. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: false,
  bypassCSP: false,
  allowServiceWorkers: false,
  stream: false,
  codeCache: false,
} as const;

/** True for URLs inside the app (the only place the window may show). */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: {
      ...securityHeaders(contentSecurityPolicy()),
      'Content-Type': 'text/plain; charset=utf-8',
    },
  });
}

/** Answers one `custos://` request from the renderer folder, with the CSP on every response. */
export async function serveAppRequest(request: Request, rendererFolder: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return plain(405, 'Method not allowed.');
  if (!isAppUrl(request.url)) return plain(404, 'Not found.');
  const file = await readStaticFile(rendererFolder, new URL(request.url).pathname);
  if (!file.found) return plain(file.status, file.status === 404 ? 'Not found.' : 'Bad request.');
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(file.body), {
    status: 200,
    headers: { ...securityHeaders(contentSecurityPolicy()), 'Content-Type': file.contentType },
  });
}
