/** Bytes in, bytes out, one APDU at a time per card (STYLE.md §7). */
export interface CardTransport {
  /** Sends one command APDU; resolves with the response data followed by SW1 SW2. */
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
  /** Ends the card session (the next transmit may reconnect or fail with a sentence). */
  close(): Promise<void>;
  /** Which card this is, for sentences: "Virtual PCD 00 00", "simulated SmartCard-HSM (primary)". */
  readonly description: string;
}
