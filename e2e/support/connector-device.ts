// A simulated YubiHSM 2 behind a yubihsm-connector, served from the test process with the same
// connector server `custos simulator` runs. The browser host watches it with `--connector <url>`
// exactly as it would a real connector (it polls /connector/status), so the test can do to
// this device what a person does to a real one: leave something on it from an earlier
// rehearsal, and pull it out in the middle of an import, then plug it back in. Nothing in
// Custos knows it is a test.

import { startConnectorServer } from '../../src-main/hsm/yubihsm/connector-server/connector-server';
import type { RunningConnectorServer } from '../../src-main/hsm/yubihsm/connector-server/connector-server';
import { inSession } from '../../src-main/hsm/yubihsm/client/test-support/in-session';
import type { YubiHsmSession } from '../../src-main/hsm/yubihsm/client/yubihsm-session';
import {
  FACTORY_KEY_ID,
  FACTORY_PASSWORD,
} from '../../src-main/hsm/yubihsm/protocol/factory-state';
import { SimulatedYubiHsm } from '../../src-main/hsm/yubihsm/simulator/simulated-yubihsm';
import { SimulatorTransport } from '../../src-main/hsm/yubihsm/transport/simulator-transport';

/**
 * A request frame this long carries a wrapped object: IMPORT WRAPPED is the only command a
 * restore sends with one inside (nonce, 59-byte header, body and tag, yubihsm2-protocol.md §6.4;
 * 156 bytes for the smallest, an authentication key). PUT WRAP KEY, the next largest, is 124.
 */
const IMPORT_WRAPPED_MIN_FRAME = 141;

export class ConnectorDevice {
  private server: RunningConnectorServer | undefined;
  private port = 0;
  private pulled = false;
  private unplugPlan:
    | { after: number; seen: number; counts: (frame: Uint8Array) => boolean; done: () => void }
    | undefined;

  private constructor(private readonly device: SimulatedYubiHsm) {}

  /** A factory-fresh device with `serial`, served on a free loopback port. */
  static async start(serial: number): Promise<ConnectorDevice> {
    const served = new ConnectorDevice(await SimulatedYubiHsm.create({ serial }));
    await served.plugIn();
    return served;
  }

  /** `device` as it is (a ceremony's primary, a clone), served on a free loopback port. */
  static async serve(device: SimulatedYubiHsm): Promise<ConnectorDevice> {
    const served = new ConnectorDevice(device);
    await served.plugIn();
    return served;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** How Custos names it: the card, the device gate and the ceremonies use this id. */
  get deviceId(): string {
    return `connector:${this.url}`;
  }

  /** A session with the factory key on the device itself, as yubihsm-shell would open one. */
  withFactorySession<T>(use: (session: YubiHsmSession) => Promise<T>): Promise<T> {
    return inSession(new SimulatorTransport(this.device), FACTORY_KEY_ID, FACTORY_PASSWORD, use);
  }

  /** "type:id" of every object on the device, read with the factory key. */
  objects(): Promise<string[]> {
    return this.withFactorySession(async (session) =>
      (await session.listObjects()).map((object) => `${object.type}:${object.id}`).sort(),
    );
  }

  /**
   * Pulls the device out right after its `after`-th IMPORT WRAPPED was answered: the next
   * request fails as a connector without its device does, and the connector stops answering
   * (so Custos sees the device go). Resolves once it is out.
   */
  unplugAfterImports(after: number): Promise<void> {
    return this.unplugAfter(after, (frame) => frame.length >= IMPORT_WRAPPED_MIN_FRAME);
  }

  /**
   * Pulls the device out right after its `after`-th request of any kind was answered (opening
   * a session takes two), so a back-up's export or a verification's comparison stops in the
   * middle. Resolves once it is out.
   */
  unplugAfterExchanges(after: number): Promise<void> {
    return this.unplugAfter(after, () => true);
  }

  private unplugAfter(after: number, counts: (frame: Uint8Array) => boolean): Promise<void> {
    return new Promise((done) => (this.unplugPlan = { after, seen: 0, counts, done }));
  }

  /** Pulls the device out now: its connector stops answering, so Custos sees it go. */
  async unplug(): Promise<void> {
    this.pulled = true;
    this.unplugPlan = undefined;
    const server = this.server;
    this.server = undefined;
    await server?.close();
  }

  /** Plugs it (back) in on the same address; a device that was out comes back freshly booted. */
  async plugIn(): Promise<void> {
    if (this.pulled) await this.device.reboot();
    this.pulled = false;
    this.server = await startConnectorServer({
      device: { serial: this.device.serial, process: (frame) => this.process(frame) },
      host: '127.0.0.1',
      port: this.port,
    });
    this.port = this.server.port;
  }

  async close(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
    await this.device.close();
  }

  private async process(frame: Uint8Array): Promise<Uint8Array> {
    if (this.pulled) throw new Error('the YubiHSM 2 was pulled out');
    const answer = await this.device.process(frame);
    const plan = this.unplugPlan;
    if (plan && plan.counts(frame) && ++plan.seen === plan.after) {
      // This answer still goes out; the cable is out before the next request comes in.
      this.pulled = true;
      this.unplugPlan = undefined;
      const server = this.server;
      this.server = undefined;
      setImmediate(() => void server?.close().then(plan.done));
    }
    return answer;
  }
}
