// Serving the built renderer (`dist/renderer/`) to either host: a URL path maps to a file
// inside the renderer folder and nowhere else. Traversal (`..`, encoded or not), absolute
// paths, NUL bytes and symlinks pointing outside the folder are all refused.

import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticFile =
  | { found: true; path: string; body: Buffer; contentType: string }
  | { found: false; status: 400 | 404 };

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The file a URL path names inside `folder` ("/" is index.html), or why there is none. */
export async function readStaticFile(folder: string, urlPath: string): Promise<StaticFile> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { found: false, status: 400 };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { found: false, status: 400 };
  const wanted = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const segments = wanted.split('/');
  if (segments.some((segment) => segment === '..' || segment === '.'))
    return { found: false, status: 400 };
  const root = await realpath(folder);
  const candidate = join(root, ...segments);
  if (!isInside(root, candidate)) return { found: false, status: 400 };
  try {
    const real = await realpath(candidate);
    if (!isInside(root, real) || !(await stat(real)).isFile()) return { found: false, status: 404 };
    return {
      found: true,
      path: real,
      body: await readFile(real),
      contentType: contentTypeOf(real),
    };
  } catch {
    return { found: false, status: 404 };
  }
}
