// Loads the `smartcard` PC/SC binding lazily (spec §7.3). It is an optional dependency built
// against libpcsclite-dev: on a machine without the headers npm leaves it out, and Custos must
// still start (the YubiHSM 2 ceremonies and the simulated SmartCard-HSM pair keep working). So
// nothing imports it at the top of a file, its types are restated here in the few words we
// use, and a missing module becomes a sentence saying how to get it.

/** The part of the binding's card this project uses. */
export interface PcscCard {
  readonly connected: boolean;
  readonly atr: Uint8Array | null;
  transmit(command: Buffer, options?: { maxRecvLength?: number }): Promise<Buffer>;
  disconnect(disposition?: number): void;
}

export interface PcscReader {
  readonly name: string;
  readonly state: number;
  readonly atr: Uint8Array | null;
  connect(shareMode?: number, protocol?: number): Promise<PcscCard>;
}

export interface PcscContext {
  readonly isValid: boolean;
  listReaders(): PcscReader[];
  close(): void;
}

export interface PcscBinding {
  Context: new () => PcscContext;
  SCARD_SHARE_SHARED: number;
  SCARD_PROTOCOL_T0: number;
  SCARD_PROTOCOL_T1: number;
  SCARD_LEAVE_CARD: number;
  SCARD_RESET_CARD: number;
  SCARD_STATE_PRESENT: number;
  SCARD_STATE_MUTE: number;
}

export type PcscAvailability =
  { available: true; binding: PcscBinding } | { available: false; reason: string };

/** What to do when the binding is missing, in the words the home screen and CLI show. */
export const INSTALL_PCSC_SENTENCE =
  'install the PC/SC development files and service (Debian/Ubuntu: sudo apt-get install libpcsclite-dev pcscd) and run npm install again';

let loading: Promise<PcscAvailability> | undefined;

/** The binding, loaded once on first use; never rejects. */
export function pcscBinding(): Promise<PcscAvailability> {
  loading ??= loadPcscBinding(() => import(/* @vite-ignore */ MODULE_NAME) as Promise<unknown>);
  return loading;
}

// A variable, so bundlers leave the native module to be found in node_modules at run time.
const MODULE_NAME = 'smartcard';

export async function loadPcscBinding(load: () => Promise<unknown>): Promise<PcscAvailability> {
  try {
    const loaded = (await load()) as { default?: unknown };
    const binding = (loaded.default ?? loaded) as Partial<PcscBinding>;
    if (typeof binding.Context !== 'function') {
      throw new Error('the module does not export a PC/SC Context');
    }
    return { available: true, binding: binding as PcscBinding };
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      available: false,
      reason: `PC/SC support is not installed in this copy of Custos (the smartcard module could not be loaded: ${detail}); ${INSTALL_PCSC_SENTENCE}. Simulated devices work without it.`,
    };
  }
}
