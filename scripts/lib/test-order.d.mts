// Types for test-order.mjs (plain JavaScript, loaded by vitest.config.ts).
import { BaseSequencer } from 'vitest/node';
export declare function startsPcscStack(path: string): boolean;
export declare function spreadEvenly<T>(others: readonly T[], spread: readonly T[]): T[];
export declare class PcscSpreadSequencer extends BaseSequencer {}
