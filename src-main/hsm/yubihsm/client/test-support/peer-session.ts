// A YubiHsmSession over the real secure channel, opened by replaying vector V2, whose device
// end is the spec-written ChannelPeer: tests see each inner request as the device would and
// answer with inner frames taken from the spec.

import { encodeFrame, errorFrame } from '../../protocol/frame';
import { SecureSession } from '../../session/secure-session';
import { ChannelPeer, type InnerRequest } from '../../session/test-support/channel-peer';
import { ScriptedTransport } from '../../session/test-support/scripted-transport';
import { V1, V2 } from '../../session/test-support/vectors';
import { YubiHsmSession } from '../yubihsm-session';

export type InnerHandler = (request: InnerRequest) => Uint8Array;

export async function peerSession(handle: InnerHandler = (r) => ok(r.command)): Promise<{
  session: YubiHsmSession;
  secure: SecureSession;
  requests: InnerRequest[];
  transport: ScriptedTransport;
}> {
  const transport = new ScriptedTransport([V2.createResponse, V2.authenticateResponse]);
  const secure = await SecureSession.open(
    transport,
    1,
    { encryptionKey: V1.encryptionKey.slice(), macKey: V1.macKey.slice() },
    {
      hostChallenge: V2.hostChallenge,
    },
  );
  const peer = ChannelPeer.forV2();
  const requests: InnerRequest[] = [];
  transport.otherwise(
    peer.responder((request) => {
      requests.push(request);
      return handle(request);
    }),
  );
  return { session: new YubiHsmSession(secure), secure, requests, transport };
}

/** A success frame for `command` (code | 0x80). */
export function ok(command: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  return encodeFrame(command | 0x80, payload);
}

export function fails(code: number): Uint8Array {
  return errorFrame(code);
}
