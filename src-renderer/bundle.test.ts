// Builds the renderer with vite.config.ts (in memory) and checks what the Electron host and the
// browser host will serve: a strict CSP, no inline script, relative paths, bundled fonts, no
// source maps, nothing pointing off the machine.

import type { Rollup } from 'vite';
import { build } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';

let files: Map<string, string | Uint8Array>;

function text(name: string): string {
  const content = files.get(name);
  if (typeof content !== 'string') throw new Error(`${name} is not a text file in the bundle.`);
  return content;
}

function names(suffix: string): string[] {
  return [...files.keys()].filter((name) => name.endsWith(suffix));
}

beforeAll(async () => {
  const configFile = decodeURIComponent(new URL('../vite.config.ts', import.meta.url).pathname);
  const result = await build({ configFile, logLevel: 'silent', build: { write: false } });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  files = new Map();
  for (const item of outputs.flatMap((output) => output.output)) {
    files.set(item.fileName, item.type === 'chunk' ? item.code : item.source);
  }
}, 60_000);

describe('the renderer bundle', () => {
  it('carries a CSP that allows only the app itself, and no inline script or style', () => {
    const html = text('index.html');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(csp).toBeDefined();
    const directives = new Map(
      csp!
        .split(';')
        .map((part) => part.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values.join(' ')]),
    );
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('style-src')).toBe("'self'");
    expect(directives.get('font-src')).toBe("'self'");
    expect(directives.get('img-src')).toBe("'self' data:");
    expect(csp).not.toMatch(/unsafe|\*|https?:/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style/);
    expect(html).not.toMatch(/\sstyle=/);
  });

  it('refers to its own files by relative path, so a custom scheme or loopback can serve it', () => {
    const html = text('index.html');
    // The empty data: icon stops the browser asking the server for /favicon.ico.
    const references = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)]
      .map((match) => match[1]!)
      .filter((ref) => ref !== 'data:,');
    expect(references.length).toBeGreaterThanOrEqual(2);
    for (const reference of references) {
      expect(reference).toMatch(/^\.\/assets\//);
      expect(files.has(reference.slice(2))).toBe(true);
    }
  });

  it('ships the bundled fonts as files and references them from the stylesheet', () => {
    const fonts = names('.woff2');
    expect(fonts.map((name) => name.replace(/-[\w-]{8}\.woff2$/, ''))).toEqual(
      expect.arrayContaining([
        'assets/ibm-plex-sans-latin-400-normal',
        'assets/ibm-plex-sans-latin-600-normal',
        'assets/ibm-plex-sans-latin-700-normal',
        'assets/jetbrains-mono-latin-400-normal',
        'assets/jetbrains-mono-latin-700-normal',
      ]),
    );
    const css = names('.css').map(text).join('\n');
    for (const font of fonts) expect(css).toContain(font.replace('assets/', ''));
    expect(css).not.toMatch(/url\((?!["']?\.?\/?[\w-]+\.woff2)/);
  });

  it('has no source maps', () => {
    expect(names('.map')).toEqual([]);
    for (const script of names('.js')) expect(text(script)).not.toContain('sourceMappingURL');
  });

  it('names nothing off the machine except identifiers the browser never fetches', () => {
    for (const name of [...names('.html'), ...names('.css')])
      expect(text(name)).not.toMatch(/https?:\/\//);
    const urls = names('.js').flatMap((script) =>
      [...text(script).matchAll(/https?:\/\/[^\s"'`)]+/g)].map((match) => match[0]),
    );
    // XML namespace names React uses for SVG and MathML, and React's error-decoder link that only
    // appears inside an error message.
    const identifiers =
      /^(http:\/\/www\.w3\.org\/(1998\/Math\/MathML|1999\/xlink|2000\/svg|XML\/1998\/namespace)|https:\/\/react\.dev\/errors\/)$/;
    expect(urls.filter((url) => !identifiers.test(url))).toEqual([]);
  });
});
