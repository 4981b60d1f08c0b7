import { readFileSync } from 'node:fs';
import { basename, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceSidecar } from './source-sidecar';

describe('a sidecar run from source', () => {
  it('is the entry bundled whole into node_modules/.cache, named by its content, made once', () => {
    const entry = new URL('../dkek/derivation-worker.ts', import.meta.url);
    const path = sourceSidecar(entry, import.meta.url);
    expect(path).toContain(`${sep}node_modules${sep}.cache${sep}custos-sidecars${sep}`);
    expect(basename(path)).toMatch(/^derivation-worker-[0-9a-f]{16}\.mjs$/);
    const bundle = readFileSync(path, 'utf8');
    // Bundled: the worker's own imports are inside, nothing is left to resolve as TypeScript.
    expect(bundle).toContain('function evpBytesToKeyMd5');
    expect(bundle).toContain('function md5Rehash');
    expect(bundle).not.toMatch(/from ["']\.\.?\//);
    expect(sourceSidecar(entry, import.meta.url)).toBe(path);
  });
});
