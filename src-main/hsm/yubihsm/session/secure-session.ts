// The client side of the YubiHSM 2 secure channel (spec §3): opens a session with a symmetric
// authentication key, then carries one inner command at a time inside SESSION MESSAGE.

import { randomBytes } from 'node:crypto';
import type { AuthenticationKeys } from '../crypto/password-keys';
import {
  cardCryptogram,
  deriveSessionKeys,
  hostCryptogram,
  type SessionKeys,
  wipeSessionKeys,
} from '../crypto/scp03';
import { Command, commandName } from '../protocol/commands';
import {
  DeviceErrorCode,
  YubiHsmDeviceError,
  YubiHsmProtocolError,
} from '../protocol/device-errors';
import { MAX_FRAME_LENGTH, expectResponse } from '../protocol/frame';
import { OneAtATime } from '../../../concurrency/one-at-a-time';
import type { YubiHsmTransport } from '../transport/transport';
import { concatBytes, equalBytes, hex } from '../protocol/bytes';
import {
  YubiHsmArgumentError,
  YubiHsmAuthenticationError,
  YubiHsmSessionExpiredError,
  YubiHsmSessionUnusableError,
} from './errors';
import {
  HOST_CHALLENGE_LENGTH,
  authenticateSessionRequest,
  createSessionRequest,
  parseCreateSessionResponse,
  releaseSessionRequest,
} from './handshake';
import { maxInnerPayload, openResponse, sealCommand } from './session-message';
import { transceive } from './transceive';

export interface SecureSessionOptions {
  /** 8 bytes; random unless given (tests force zeros to reproduce spec vector V2). */
  hostChallenge?: Uint8Array;
  /** The device's message buffer (spec §1.2): 3136 on firmware >= 2.4.0, 2048 before. */
  maxFrameLength?: number;
}

type SessionState = { kind: 'open' } | { kind: 'ended'; why: string };

export class SecureSession {
  readonly id: number;
  readonly authKeyId: number;
  readonly maxPayloadLength: number;

  private readonly transport: YubiHsmTransport;
  private readonly keys: SessionKeys;
  private chain: Uint8Array;
  /** The first SESSION MESSAGE uses counter 1; AUTHENTICATE does not consume one (spec §3.5). */
  private counter = 1;
  private state: SessionState = { kind: 'open' };
  /** Counter, chain and IV must move in step with the device: one exchange at a time. */
  private readonly queue = new OneAtATime();

  private constructor(
    transport: YubiHsmTransport,
    id: number,
    authKeyId: number,
    keys: SessionKeys,
    chain: Uint8Array,
    maxFrameLength: number,
  ) {
    this.transport = transport;
    this.id = id;
    this.authKeyId = authKeyId;
    this.keys = keys;
    this.chain = chain;
    this.maxPayloadLength = maxInnerPayload(maxFrameLength);
  }

  /** CREATE SESSION + AUTHENTICATE SESSION (spec §3.2–3.4). */
  static async open(
    transport: YubiHsmTransport,
    authKeyId: number,
    keys: AuthenticationKeys,
    options: SecureSessionOptions = {},
  ): Promise<SecureSession> {
    checkAuthKeyId(authKeyId);
    if (keys.encryptionKey.length !== 16 || keys.macKey.length !== 16) {
      throw new YubiHsmArgumentError(
        'an authentication key is two 16-byte AES keys (K-ENC and K-MAC); the keys given have the wrong length',
      );
    }
    const hostChallenge = options.hostChallenge ?? randomBytes(HOST_CHALLENGE_LENGTH);
    if (hostChallenge.length !== HOST_CHALLENGE_LENGTH) {
      throw new YubiHsmArgumentError(
        `the host challenge must be 8 bytes, not ${hostChallenge.length}`,
      );
    }
    const maxFrameLength = options.maxFrameLength ?? MAX_FRAME_LENGTH;

    const greeting = parseCreateSessionResponse(
      await transceive(
        transport,
        createSessionRequest(authKeyId, hostChallenge),
        Command.CreateSession,
      ),
    );
    const context = concatBytes(hostChallenge, greeting.cardChallenge);
    const sessionKeys = deriveSessionKeys(keys.encryptionKey, keys.macKey, context);
    const expectedCard = cardCryptogram(sessionKeys.mac, context);
    const cardOk = equalBytes(expectedCard, greeting.cardCryptogram);
    expectedCard.fill(0);

    // We check the card cryptogram *before* AUTHENTICATE SESSION (python's order, not
    // libyubihsm's): a device or connector that cannot prove it knows the key never receives
    // a host cryptogram, which would let it test password guesses offline. To still free the
    // half-open slot (libyubihsm's reason for its order, spec §3.4) we then send an
    // AUTHENTICATE the device must refuse, made of random bytes only.
    if (!cardOk) {
      zeroizeKeys(sessionKeys);
      context.fill(0);
      await transceive(
        transport,
        releaseSessionRequest(greeting.sessionId),
        Command.AuthenticateSession,
      ).catch(() => undefined);
      throw new YubiHsmAuthenticationError(authKeyId, Command.CreateSession);
    }

    const host = hostCryptogram(sessionKeys.mac, context);
    context.fill(0);
    const request = authenticateSessionRequest(greeting.sessionId, host, sessionKeys.mac);
    host.fill(0);
    try {
      const payload = expectResponse(
        Command.AuthenticateSession,
        await transceive(transport, request.frame, Command.AuthenticateSession),
      );
      if (payload.length !== 0) {
        throw new YubiHsmProtocolError(
          Command.AuthenticateSession,
          `expected an empty response, got ${payload.length} bytes`,
        );
      }
    } catch (error) {
      zeroizeKeys(sessionKeys);
      request.chain.fill(0);
      if (
        error instanceof YubiHsmDeviceError &&
        error.code === DeviceErrorCode.AUTHENTICATION_FAILED
      ) {
        throw new YubiHsmAuthenticationError(authKeyId, Command.AuthenticateSession);
      }
      throw error;
    }
    return new SecureSession(
      transport,
      greeting.sessionId,
      authKeyId,
      sessionKeys,
      request.chain,
      maxFrameLength,
    );
  }

  /** False once the session is closed, discarded, or ended by a failure. */
  get isOpen(): boolean {
    return this.state.kind === 'open';
  }

  /** Sends one inner command inside SESSION MESSAGE and returns the inner response payload. */
  send(command: number, payload: Uint8Array = new Uint8Array(0)): Promise<Uint8Array> {
    if (!Number.isInteger(command) || command < 0 || command > 0xff) {
      return Promise.reject(new YubiHsmArgumentError(`command code ${command} is not a byte`));
    }
    if (payload.length > this.maxPayloadLength) {
      return Promise.reject(
        new YubiHsmArgumentError(
          `${commandName(command)} would carry ${payload.length} bytes, but one message to the device holds at most ` +
            `${this.maxPayloadLength}; send less data`,
        ),
      );
    }
    return this.queue.run(() => this.exchange(command, payload));
  }

  /** CLOSE SESSION (still encrypted and MAC'd), then zeroize the session keys. Safe to call twice. */
  close(): Promise<void> {
    return this.queue.run(async () => {
      if (this.state.kind !== 'open') return;
      try {
        const payload = await this.exchange(Command.CloseSession, new Uint8Array(0));
        if (payload.length !== 0) {
          throw new YubiHsmProtocolError(
            Command.CloseSession,
            `expected an empty response, got ${payload.length} bytes`,
          );
        }
      } catch (error) {
        // Already gone on the device: what close wanted is done.
        if (error instanceof YubiHsmSessionExpiredError) return;
        throw error;
      } finally {
        this.end('is closed');
      }
    });
  }

  /**
   * Forgets the session without telling the device, e.g. after RESET DEVICE, which drops every
   * session (spec §7). Zeroizes the keys at once; a send in flight fails.
   */
  discard(): void {
    this.end('was discarded');
  }

  private async exchange(command: number, payload: Uint8Array): Promise<Uint8Array> {
    this.assertOpen(command);
    const sealed = sealCommand(this.keys, this.id, this.counter, this.chain, command, payload);
    this.chain.fill(0);
    this.chain = sealed.chain;
    let authenticatedError = false;
    try {
      const response = await transceive(this.transport, sealed.frame, command);
      this.assertOpen(command);
      const opened = openResponse(this.keys, this.id, sealed, command, response);
      switch (opened.kind) {
        case 'response':
          this.counter += 1;
          return opened.payload;
        case 'inner-error':
          // Inner errors are encrypted and MAC'd and advance the counter like any response
          // (spec §3.5): the session stays in step and usable.
          this.counter += 1;
          authenticatedError = true;
          throw new YubiHsmDeviceError(opened.code, command);
        case 'outer-error':
          // Sent in the clear: the device did not run the command. Never resent.
          if (opened.code === DeviceErrorCode.INVALID_SESSION)
            throw new YubiHsmSessionExpiredError(command, this.authKeyId);
          throw new YubiHsmDeviceError(opened.code, command);
      }
    } catch (error) {
      // Anything but an authenticated inner error leaves counter and chain out of step with
      // the device (or the device has dropped the session): no further command may use it.
      if (!authenticatedError) this.end(endReason(error));
      throw error;
    } finally {
      sealed.iv.fill(0);
    }
  }

  private assertOpen(command: number): void {
    if (this.state.kind !== 'open')
      throw new YubiHsmSessionUnusableError(command, this.authKeyId, this.state.why);
  }

  private end(why: string): void {
    if (this.state.kind !== 'open') return;
    this.state = { kind: 'ended', why };
    zeroizeKeys(this.keys);
    this.chain.fill(0);
  }
}

function endReason(error: unknown): string {
  if (error instanceof YubiHsmSessionExpiredError) return 'has expired on the device';
  if (error instanceof YubiHsmDeviceError)
    return `was ended after the device refused a message with ${error.errorName}`;
  if (error instanceof YubiHsmProtocolError) return 'was ended after a response failed its checks';
  return 'was ended after a transport failure';
}

function zeroizeKeys(keys: SessionKeys): void {
  wipeSessionKeys(keys);
}

function checkAuthKeyId(authKeyId: number): void {
  if (!Number.isInteger(authKeyId) || authKeyId < 1 || authKeyId > 0xfffe) {
    throw new YubiHsmArgumentError(
      `authentication key id ${authKeyId} is outside 1..0xfffe; the factory key is ${hex(1)}`,
    );
  }
}
