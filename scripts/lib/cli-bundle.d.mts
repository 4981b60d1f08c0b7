// Types for cli-bundle.mjs.
export declare const CLI_ENTRY: string;
export declare const CLI_OUTFILE: string;
export declare function buildCli(root: string): Promise<void>;
