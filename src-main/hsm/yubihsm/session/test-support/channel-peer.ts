// The device's end of a SESSION MESSAGE exchange (spec §3.5), written from the spec for tests
// that need answers the vectors do not contain (inner errors, corrupted replies, fuzzing).
// It checks the request's C-MAC and counter, so a client that interleaves or skips a counter
// value fails here exactly as it would on a device.

import { randomBytes } from 'node:crypto';
import { aesCbcDecrypt, aesCbcEncrypt } from '../../crypto/aes';
import type { AuthenticationKeys } from '../../crypto/password-keys';
import {
  cardCryptogram,
  chainedMac,
  deriveSessionKeys,
  hostCryptogram,
  messageIv,
  pad,
  unpad,
  type SessionKeys,
} from '../../crypto/scp03';
import { encodeFrame, errorFrame, tryDecodeFrame } from '../../protocol/frame';
import { equalBytes } from '../../protocol/bytes';
import { V2 } from './vectors';

export interface InnerRequest {
  command: number;
  payload: Uint8Array;
}

export class ChannelPeer {
  counter = 1;
  private chain: Uint8Array;
  private pending: { iv: Uint8Array; chain: Uint8Array } | undefined;

  constructor(
    readonly keys: SessionKeys,
    readonly sessionId: number,
    chain: Uint8Array,
  ) {
    this.chain = chain.slice();
  }

  /** The peer of a session opened with vector V2. */
  static forV2(): ChannelPeer {
    return new ChannelPeer(
      {
        encryption: V2.sessionEncryptionKey.slice(),
        mac: V2.sessionMacKey.slice(),
        responseMac: V2.sessionResponseMacKey.slice(),
      },
      0,
      V2.chainAfterAuthenticate,
    );
  }

  /** Verifies and decrypts a SESSION MESSAGE request; throws when it is not what a device accepts. */
  receive(frame: Uint8Array): InnerRequest {
    const outer = tryDecodeFrame(frame);
    if (!outer || outer.code !== 0x05) throw new Error('peer: not a SESSION MESSAGE');
    if (outer.payload[0] !== this.sessionId) throw new Error('peer: wrong session id');
    const full = chainedMac(this.keys.mac, this.chain, frame.subarray(0, frame.length - 8));
    if (!equalBytes(full.subarray(0, 8), frame.subarray(frame.length - 8)))
      throw new Error('peer: bad C-MAC');
    this.chain = full;
    const iv = messageIv(this.keys.encryption, this.counter);
    const inner = unpad(
      aesCbcDecrypt(this.keys.encryption, iv, outer.payload.subarray(1, outer.payload.length - 8)),
    );
    const innerFrame = inner && tryDecodeFrame(inner);
    if (!innerFrame) throw new Error('peer: bad inner frame');
    this.pending = { iv, chain: full };
    return { command: innerFrame.code, payload: innerFrame.payload.slice() };
  }

  /** Seals an inner response frame (already encoded) as the device would. */
  replyFrame(
    inner: Uint8Array,
    options: { sessionId?: number; padded?: Uint8Array } = {},
  ): Uint8Array {
    if (!this.pending) throw new Error('peer: reply without a request');
    const padded = options.padded ?? pad(inner);
    const ciphertext = aesCbcEncrypt(this.keys.encryption, this.pending.iv, padded);
    const body = new Uint8Array(1 + ciphertext.length + 8);
    body[0] = options.sessionId ?? this.sessionId;
    body.set(ciphertext, 1);
    const frame = encodeFrame(0x85, body);
    const rmac = chainedMac(
      this.keys.responseMac,
      this.pending.chain,
      frame.subarray(0, frame.length - 8),
    );
    frame.set(rmac.subarray(0, 8), frame.length - 8);
    this.pending = undefined;
    this.counter += 1;
    return frame;
  }

  reply(code: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
    return this.replyFrame(encodeFrame(code, payload));
  }

  /** A responder for ScriptedTransport: `handle` maps each inner request to an inner response frame. */
  responder(handle: (request: InnerRequest) => Uint8Array): (frame: Uint8Array) => Uint8Array {
    return (frame) => this.replyFrame(handle(this.receive(frame)));
  }
}

/**
 * The device's end of CREATE + AUTHENTICATE SESSION (spec §3.2-3.4) for any host challenge,
 * so tests can open sessions the way the client really does (random challenge).
 */
export class HandshakePeer {
  peer: ChannelPeer | undefined;
  private keys: SessionKeys | undefined;
  private context: Uint8Array | undefined;

  constructor(
    private readonly authKeys: AuthenticationKeys,
    private readonly sessionId = 0,
    private readonly cardChallenge: Uint8Array = randomBytes(8),
  ) {}

  readonly create = (frame: Uint8Array): Uint8Array => {
    const request = tryDecodeFrame(frame);
    if (!request || request.code !== 0x03 || request.payload.length !== 10)
      throw new Error('peer: not a CREATE SESSION');
    this.context = new Uint8Array([...request.payload.subarray(2), ...this.cardChallenge]);
    this.keys = deriveSessionKeys(this.authKeys.encryptionKey, this.authKeys.macKey, this.context);
    return encodeFrame(
      0x83,
      new Uint8Array([
        this.sessionId,
        ...this.cardChallenge,
        ...cardCryptogram(this.keys.mac, this.context),
      ]),
    );
  };

  readonly authenticate = (frame: Uint8Array): Uint8Array => {
    if (!this.keys || !this.context) throw new Error('peer: AUTHENTICATE before CREATE');
    const chain = chainedMac(
      this.keys.mac,
      new Uint8Array(16),
      frame.subarray(0, frame.length - 8),
    );
    const expected = encodeFrame(
      0x04,
      new Uint8Array([
        this.sessionId,
        ...hostCryptogram(this.keys.mac, this.context),
        ...chain.subarray(0, 8),
      ]),
    );
    if (!equalBytes(expected, frame)) return errorFrame(0x04);
    this.peer = new ChannelPeer(this.keys, this.sessionId, chain);
    return encodeFrame(0x84);
  };

  /** Answers inner requests once the session is open. */
  responder(handle: (request: InnerRequest) => Uint8Array): (frame: Uint8Array) => Uint8Array {
    return (frame) => {
      if (!this.peer) throw new Error('peer: session not open');
      return this.peer.responder(handle)(frame);
    };
  }
}
