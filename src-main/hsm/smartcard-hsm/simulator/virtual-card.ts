/** What a card looks like from the reader side: the vicc bridge and the in-process transport use it. */
export interface VirtualCard {
  readonly atr: Uint8Array;
  /** One command APDU in, the response (data ‖ SW1 SW2) out. Never throws: errors are status words. */
  transmit(apdu: Uint8Array): Uint8Array;
  /** Power cycle / reset: drops the verified PIN state and any card-session state (§7.1). */
  reset(): void;
}
