// SESSION MESSAGE on the device (spec §3.5): verify the C-MAC, decrypt, run the inner command,
// log it, write the state file if it changed, encrypt and MAC the answer. Outer failures go back
// in the clear: unknown or expired session -> `7f 00 01 03`, bad C-MAC -> `7f 00 01 04`.

import { Command, PLAIN_COMMANDS, responseCodeFor } from '../protocol/commands';
import { DeviceErrorCode } from '../protocol/device-errors';
import { MAX_FRAME_LENGTH, encodeFrame, errorFrame, tryDecodeFrame } from '../protocol/frame';
import { recordCommand, refusedByFullLog } from './auditing';
import { INNER_COMMANDS } from './commands';
import type { CommandContext } from './commands/context';
import { DeviceFailure, failureCode } from './device-failure';
import type { DeviceCore } from './device-core';
import { maxInnerResponse, openMessage, sealResponse } from './secure-channel';
import type { DeviceSession } from './sessions';

const INNER_RESPONSE_LIMIT = maxInnerResponse(MAX_FRAME_LENGTH);
const MAX_RESPONSE_PAYLOAD = INNER_RESPONSE_LIMIT - 3;
const NONE = 0xffff;

/** Plain commands that have no meaning inside a session; ECHO and DEVICE INFO work in both. */
const NOT_INNER: ReadonlySet<number> = new Set(
  [...PLAIN_COMMANDS].filter((code) => code !== Command.Echo && code !== Command.DeviceInfo),
);

export async function sessionMessage(core: DeviceCore, payload: Uint8Array): Promise<Uint8Array> {
  if (payload.length < 1) return errorFrame(DeviceErrorCode.WRONG_LENGTH);
  const session = core.sessions.live(payload[0]!);
  if (!session || !session.authenticated) return errorFrame(DeviceErrorCode.INVALID_SESSION);
  const opened = openMessage(session, payload);
  switch (opened.kind) {
    case 'bad-length':
      return errorFrame(DeviceErrorCode.WRONG_LENGTH);
    case 'bad-mac':
      // The channel can no longer be trusted: the device ends the session (SCP03 practice).
      core.sessions.release(session);
      return errorFrame(DeviceErrorCode.AUTHENTICATION_FAILED);
    case 'bad-padding':
      core.sessions.touch(session);
      return encodeFrame(
        responseCodeFor(Command.SessionMessage),
        sealResponse(session, errorFrame(DeviceErrorCode.INVALID_DATA)),
      );
    case 'inner':
      break;
  }
  core.sessions.touch(session);
  const { response, after } = await runInner(core, session, opened.inner);
  opened.inner.fill(0);
  const outer = encodeFrame(
    responseCodeFor(Command.SessionMessage),
    sealResponse(session, response),
  );
  response.fill(0);
  if (after === 'close-session') core.sessions.release(session);
  if (after === 'reset-device') await core.reset();
  return outer;
}

async function runInner(
  core: DeviceCore,
  session: DeviceSession,
  inner: Uint8Array,
): Promise<{ response: Uint8Array; after?: CommandContext['after'] }> {
  const frame = tryDecodeFrame(inner);
  if (!frame) return { response: errorFrame(DeviceErrorCode.WRONG_LENGTH) };
  const handler = INNER_COMMANDS.get(frame.code);
  if (!handler || NOT_INNER.has(frame.code))
    return { response: errorFrame(DeviceErrorCode.INVALID_COMMAND) };
  if (refusedByFullLog(core, frame.code)) return { response: errorFrame(DeviceErrorCode.LOG_FULL) };

  const context: CommandContext = {
    state: core.state,
    identity: core.identity,
    rights: session.rights,
    payload: frame.payload,
    randomBytes: core.randomBytes,
    maxResponse: MAX_RESPONSE_PAYLOAD,
    target: NONE,
    second: NONE,
    changed: false,
  };
  let response: Uint8Array;
  let result: number;
  try {
    const payload = await handler(context);
    if (payload.length > MAX_RESPONSE_PAYLOAD) {
      // More than one response frame holds (e.g. exporting a near-maximal opaque object).
      payload.fill(0);
      throw new DeviceFailure(DeviceErrorCode.WRONG_LENGTH);
    }
    response = encodeFrame(responseCodeFor(frame.code), payload);
    payload.fill(0);
    result = responseCodeFor(frame.code);
  } catch (error) {
    result = failureCode(error);
    response = errorFrame(result);
    context.after = undefined;
  }
  const logged = recordCommand(core, {
    command: frame.code,
    length: frame.payload.length,
    sessionKey: session.rights.authKeyId,
    target: context.target,
    second: context.second,
    result,
  });
  if ((context.changed || logged) && context.after !== 'reset-device' && !(await core.persist())) {
    response.fill(0);
    return { response: errorFrame(DeviceErrorCode.STORAGE_FAILED) };
  }
  return { response, ...(context.after ? { after: context.after } : {}) };
}
