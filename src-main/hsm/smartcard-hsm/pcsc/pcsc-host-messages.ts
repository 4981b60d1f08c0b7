// What main and the PC/SC host process (pcsc-host-process.ts) say to each other. The host loads
// the native binding and makes every call into pcsc-lite; main only sends these messages, so a
// pcscd that stops answering holds up the host, never main's event loop (pcsc-host.ts ends it).
// Messages travel over Node's IPC channel with the structured-clone serialisation, so APDUs
// stay Uint8Arrays.

/** The binding's constants main needs to read reader states and pick protocols. */
export interface PcscConstants {
  SCARD_SHARE_SHARED: number;
  SCARD_PROTOCOL_T0: number;
  SCARD_PROTOCOL_T1: number;
  SCARD_LEAVE_CARD: number;
  SCARD_RESET_CARD: number;
  SCARD_STATE_PRESENT: number;
  SCARD_STATE_MUTE: number;
}

export interface ReaderSeen {
  name: string;
  state: number;
  atr: Uint8Array | null;
}

/** The host's first message: whether the binding loaded (and why not). */
export type HostHello =
  | { kind: 'hello'; available: true; constants: PcscConstants }
  | { kind: 'hello'; available: false; reason: string };

export type HostRequest =
  | { id: number; op: 'list' }
  | { id: number; op: 'connect'; reader: string }
  | { id: number; op: 'transmit'; card: number; apdu: Uint8Array; maxRecvLength: number }
  | { id: number; op: 'disconnect'; card: number; disposition: number };

export type HostAnswer =
  | {
      kind: 'answer';
      id: number;
      ok: true;
      readers?: ReaderSeen[];
      card?: number;
      data?: Uint8Array;
    }
  | { kind: 'answer'; id: number; ok: false; message: string };

export type HostMessage = HostHello | HostAnswer;
