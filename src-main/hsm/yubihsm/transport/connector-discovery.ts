// YubiHSM 2 devices behind yubihsm-connector URLs, found by polling GET /connector/status
// (the connector has no events). A connector whose status reads OK is identified once with a
// plain DEVICE INFO and reported attached; when it stops answering or loses its device it is
// reported detached.

import { ConnectorTransport } from './connector-transport';
import { readDeviceIdentity } from './device-identity';
import { systemTimers, type Timers } from './timers';
import type { DiscoverySink } from './usb-discovery';

export const DEFAULT_CONNECTOR_POLL_MS = 2_000;

export class ConnectorDiscovery {
  private readonly urls = new Set<string>();
  /** Attached connectors and the serial of the device behind each. */
  private readonly attached = new Map<string, number>();
  private timer: unknown;
  private running = false;
  private polling: Promise<void> | undefined;

  constructor(
    private readonly sink: DiscoverySink,
    private readonly options: { pollMs?: number; timers?: Timers; statusTimeoutMs?: number } = {},
  ) {}

  /** Watches a connector from now on; returns its descriptor id ("connector:<url>"). */
  add(url: string): string {
    const transport = new ConnectorTransport(url);
    this.urls.add(transport.address);
    return idOf(transport.address);
  }

  remove(url: string): void {
    const address = new ConnectorTransport(url).address;
    this.urls.delete(address);
    if (this.attached.delete(address)) this.sink.detach(idOf(address));
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.pollNow();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== undefined) (this.options.timers ?? systemTimers).clearTimeout(this.timer);
    this.timer = undefined;
    await this.polling;
  }

  /** One round of status checks over every watched connector; the next round is scheduled after it. */
  pollNow(): Promise<void> {
    this.polling ??= this.pollAll().finally(() => {
      this.polling = undefined;
      this.schedule();
    });
    return this.polling;
  }

  private schedule(): void {
    // Nothing to watch, nothing to wake up for: add() polls at once and schedules again.
    if (!this.running || this.urls.size === 0) return;
    const timers = this.options.timers ?? systemTimers;
    if (this.timer !== undefined) timers.clearTimeout(this.timer);
    this.timer = timers.setTimeout(() => {
      this.timer = undefined;
      void this.pollNow();
    }, this.options.pollMs ?? DEFAULT_CONNECTOR_POLL_MS);
  }

  private async pollAll(): Promise<void> {
    await Promise.all([...this.urls].map((address) => this.poll(address)));
  }

  private async poll(address: string): Promise<void> {
    const transport = new ConnectorTransport(address, {
      statusTimeoutMs: this.options.statusTimeoutMs ?? 2_000,
      requestTimeoutMs: 10_000,
    });
    let present = false;
    let statusSerial: number | undefined;
    try {
      const status = await transport.status();
      present = status.status === 'OK';
      statusSerial = status.serial;
    } catch {
      // Not answering counts as absent.
    }
    if (!this.running || !this.urls.has(address)) return;
    const attachedSerial = this.attached.get(address);
    // Gone, or another device now behind the same connector: detach what we reported.
    if (
      attachedSerial !== undefined &&
      (!present || (statusSerial !== undefined && statusSerial !== attachedSerial))
    ) {
      this.attached.delete(address);
      this.sink.detach(idOf(address));
    }
    if (!present || this.attached.has(address)) return;
    try {
      const identity = await readDeviceIdentity(transport);
      if (!this.running || !this.urls.has(address) || this.attached.has(address)) return;
      this.attached.set(address, identity.serial);
      this.sink.attach({
        id: idOf(address),
        serial: identity.serial,
        transport: 'connector',
        firmware: identity.firmware,
        simulated: identity.simulated,
      });
    } catch {
      // Status said OK but the device did not answer: try again on the next round.
    }
  }
}

function idOf(address: string): string {
  return `connector:${address}`;
}
