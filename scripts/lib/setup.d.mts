// Types for setup.mjs, so TypeScript tests and tools can import it.
import type { ChildProcess, SpawnOptions } from 'node:child_process';

export const root: string;
export const isWindows: boolean;
export const isRoot: boolean;
export function run(
  command: string,
  args: readonly string[],
  options?: SpawnOptions & { onChild?: (child: ChildProcess) => void },
): Promise<number>;
export function runNode(
  script: string,
  args: readonly string[],
  options?: SpawnOptions,
): Promise<number>;
export function which(name: string): string | undefined;
export function dependenciesMissing(folder?: string): boolean;
export function ensureDependencies(): Promise<boolean>;
export function electronBinary(
  folder?: string,
  env?: Readonly<Record<string, string | undefined>>,
): string | undefined;
export function findChromium(): string | undefined;
export function ensureChromium(): Promise<boolean>;
export function hasDisplay(): boolean;
export function missingPcscPackages(
  exists?: (path: string) => boolean,
  find?: (name: string) => string | undefined,
): string[];
export function ensurePcscPackages(): Promise<boolean>;
export function ensurePcscBinding(folder?: string): Promise<boolean>;
