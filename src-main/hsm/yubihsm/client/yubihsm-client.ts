// One YubiHSM 2 behind one transport: the plain commands (spec §4.1) and opening sessions.

import { Command } from '../protocol/commands';
import { YubiHsmProtocolError } from '../protocol/device-errors';
import { MAX_FRAME_LENGTH, encodeFrame, expectResponse } from '../protocol/frame';
import { equalBytes } from '../protocol/bytes';
import { YubiHsmArgumentError } from '../session/errors';
import { SecureSession } from '../session/secure-session';
import { transceive } from '../session/transceive';
import type { YubiHsmTransport } from '../transport/transport';
import { withAuthenticationKeys, type Credential } from './credential';
import { maxFrameLengthFor, parseDeviceInfo, type DeviceInfo } from './device-info';
import { YubiHsmSession } from './yubihsm-session';

export class YubiHsmClient {
  private readonly transport: YubiHsmTransport;
  private readonly sessions = new Set<YubiHsmSession>();
  /** Learnt from DEVICE INFO; until then assume fw >= 2.4 (spec §1.2). */
  private maxFrameLength = MAX_FRAME_LENGTH;

  constructor(transport: YubiHsmTransport) {
    this.transport = transport;
  }

  get address(): string {
    return this.transport.address;
  }

  /** Plain GET DEVICE INFO (§4.3). Also sizes messages for older firmware (2048 bytes). */
  async deviceInfo(): Promise<DeviceInfo> {
    const response = await transceive(
      this.transport,
      encodeFrame(Command.DeviceInfo),
      Command.DeviceInfo,
    );
    const info = parseDeviceInfo(expectResponse(Command.DeviceInfo, response));
    this.maxFrameLength = maxFrameLengthFor(info.firmware);
    return info;
  }

  /** Plain ECHO: proves the device answers, without a session. */
  async echo(data: Uint8Array): Promise<Uint8Array> {
    if (!(data instanceof Uint8Array) || 3 + data.length > this.maxFrameLength) {
      throw new YubiHsmArgumentError(`an echo carries at most ${this.maxFrameLength - 3} bytes`);
    }
    const response = await transceive(
      this.transport,
      encodeFrame(Command.Echo, data),
      Command.Echo,
    );
    const reply = expectResponse(Command.Echo, response);
    if (!equalBytes(reply, data))
      throw new YubiHsmProtocolError(
        Command.Echo,
        'the device echoed different bytes than it was sent',
      );
    return reply.slice();
  }

  async openSession(authKeyId: number, credential: Credential): Promise<YubiHsmSession> {
    const secure = await withAuthenticationKeys(credential, (keys) =>
      SecureSession.open(this.transport, authKeyId, keys, { maxFrameLength: this.maxFrameLength }),
    );
    const session = new YubiHsmSession(secure, (s) => this.sessions.delete(s));
    this.sessions.add(session);
    return session;
  }

  /** Closes sessions still open (best effort: the device expires them anyway), then the transport. */
  async close(): Promise<void> {
    const open = [...this.sessions];
    this.sessions.clear();
    await Promise.allSettled(open.map((session) => session.close()));
    await this.transport.close();
  }
}
