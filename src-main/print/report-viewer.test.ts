// The browser host's report pages, over a real loopback HTTP server: the report main read back is
// served once at its own /print/report/ path with the sheets' strict headers, then gone with a
// sentence saying where to open it again; a share sheet's path is not the report server's.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createReportServer, pageReportViewer, REPORT_PATH_PREFIX } from './report-viewer';

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

async function serve(handle: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handle);
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the report pages of the browser host', () => {
  it('serve the report once at a token path, then say it is used', async () => {
    const reports = createReportServer();
    const origin = await serve((request, response) => {
      if (!reports.handle(request, response)) response.writeHead(418).end();
    });
    const html = '<!doctype html><title>Verification report</title><p>serial 1234</p>';
    const shown = await pageReportViewer(reports).open({ html, path: '/folder/report.html' });
    if (shown.kind !== 'page') throw new Error('not a page');
    expect(shown.url).toMatch(/^\/print\/report\/[A-Za-z0-9_-]{43}$/);
    expect(reports.pending).toBe(1);

    const first = await fetch(origin + shown.url);
    expect(first.status).toBe(200);
    expect(await first.text()).toBe(html);
    expect(first.headers.get('cache-control')).toContain('no-store');
    expect(first.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(reports.pending).toBe(0);

    const again = await fetch(origin + shown.url);
    expect(again.status).toBe(404);
    expect(await again.text()).toMatch(/^This report link has been used or has expired\./);
  });

  it('answer only their own path', async () => {
    const reports = createReportServer();
    const origin = await serve((request, response) => {
      if (!reports.handle(request, response)) response.writeHead(418).end();
    });
    const shown = await pageReportViewer(reports).open({ html: '<p>r</p>', path: '/f/r.html' });
    if (shown.kind !== 'page') throw new Error('not a page');
    const token = shown.url.slice(REPORT_PATH_PREFIX.length);
    expect((await fetch(`${origin}/print/sheet/${token}`)).status).toBe(418);
    expect((await fetch(origin + shown.url, { method: 'HEAD' })).status).toBe(405);
    expect((await fetch(origin + shown.url)).status).toBe(200);
  });
});
