// One interface for the three ways frames reach a YubiHSM 2 (DESIGN.md "One device interface,
// three transports"): USB through the `usb` package, yubihsm-connector over HTTP, and the
// in-process simulator. A transport moves whole frames and knows nothing of sessions.

export type TransportKind = 'usb' | 'connector' | 'simulator';

export interface YubiHsmTransport {
  readonly kind: TransportKind;
  /** Where the device is, for people: "USB, serial 0012345678", "http://127.0.0.1:12345". */
  readonly address: string;
  /**
   * Sends one request frame and resolves with the one response frame. Implementations
   * serialise calls (one request at a time per device, spec §2.1) and reject with a
   * YubiHsmTransportError when the bytes cannot travel.
   */
  transceive(frame: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** What hot-plug reports about a device: a description, never a handle (STYLE.md §9). */
export interface DeviceDescriptor {
  /** Stable key: "usb:<serial>", "connector:<url>", "sim:<name>". */
  id: string;
  serial: number;
  transport: TransportKind;
  /** "2.4.0"; "unknown" when the device could not be asked (see `problem`). */
  firmware: string;
  simulated: boolean;
  /**
   * Present when the device is there but cannot be used right now, as a sentence saying what
   * to do (for example another program holds it). Absent for a usable device.
   */
  problem?: string;
}
