// Types for freshness.mjs (plain JavaScript so it runs before anything is installed).
export declare function newestChange(path: string): number;
export declare function isFresh(
  root: string,
  outputs: readonly string[],
  sources: readonly string[],
): boolean;
export interface BuildInputs {
  outputs: readonly string[];
  sources: readonly string[];
}
export declare const APP_BUILD: BuildInputs;
export declare const CLI_BUILD: BuildInputs;
