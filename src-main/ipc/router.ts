// The IPC router (STYLE.md §5–6): every call from a renderer passes here, in both hosts.
// Order matters: the sender is checked before the payload is even looked at, the payload is
// parsed with its channel's schema before any handler runs, and nothing a handler does can
// make the router throw. Refusals are logged with the channel name only, never the payload.

import type { z } from 'zod';
import { CHANNELS } from '../../shared/ipc/contract';
import type { Channel, ResponseOf } from '../../shared/ipc/contract';
import { failure, ok } from '../../shared/ipc/result';
import type { Result } from '../../shared/ipc/result';
import type { Logger } from '../log/logger';
import { IpcFailure } from './ipc-failure';
import { Refusal } from '../refusal/refusal';
import { REFUSAL_CODES } from './refusal-codes';
import type { IpcSender, SenderPolicy } from './sender';

/** What a handler receives: the request after its schema parsed it (defaults applied). */
export type ParsedRequestOf<C extends Channel> = z.output<(typeof CHANNELS)[C]['request']>;

export type Handler<C extends Channel> = (
  request: ParsedRequestOf<C>,
) => Promise<Result<ResponseOf<C>>> | Result<ResponseOf<C>>;

/** One handler per channel of the contract: adding a channel without a handler fails typecheck. */
export type Handlers = { [C in Channel]: Handler<C> };

export interface IpcRouter {
  /** Never rejects: every outcome is a Result. */
  dispatch(channel: unknown, payload: unknown, sender: IpcSender): Promise<Result<unknown>>;
}

export interface RouterOptions {
  handlers: Handlers;
  senderPolicy: SenderPolicy;
  logger: Logger;
}

export const INTERNAL_MESSAGE =
  'Something went wrong inside Custos. Nothing was changed by this request; try again, and if it keeps happening, send the log file from the logs folder to support.';

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(CHANNELS, name);
}

/** Where a schema failed, without the values that failed it. */
function issueSummary(error: z.ZodError): string[] {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.code}`);
}

function printable(name: unknown): string {
  return typeof name === 'string' ? name.slice(0, 80) : `(${typeof name})`;
}

export function createIpcRouter(options: RouterOptions): IpcRouter {
  const log = options.logger.child({ module: 'ipc' });

  async function run<C extends Channel>(channel: C, payload: unknown): Promise<Result<unknown>> {
    const entry = CHANNELS[channel];
    const request = entry.request.safeParse(payload);
    if (!request.success) {
      log.warn('IPC call refused: the payload does not match the channel schema', {
        channel,
        issues: issueSummary(request.error),
      });
      return failure(
        'invalid-request',
        `The request to ${channel} was malformed, so it was not carried out.`,
      );
    }
    const handler = options.handlers[channel] as Handler<C>;
    let result: Result<ResponseOf<C>>;
    try {
      result = await handler(request.data as ParsedRequestOf<C>);
    } catch (error) {
      if (error instanceof IpcFailure || error instanceof Refusal) {
        // What went wrong underneath (raw fs text, say) is for the log file; the page gets the
        // sentence. Info, not warn: the refusal itself is the page's to show, not a fault.
        const code = error instanceof Refusal ? REFUSAL_CODES[error.code] : error.code;
        if (error.cause !== undefined)
          log.info('IPC call refused; the cause underneath', {
            channel,
            code,
            error: error.cause,
          });
        return failure(code, error.message);
      }
      log.error('IPC handler threw', { channel, error });
      return failure('internal', INTERNAL_MESSAGE);
    }
    if (!result.ok) return result;
    // Parsing the answer too keeps a handler from sending fields the contract does not name
    // (object schemas strip unknown keys), which is one more guard against leaking a secret.
    const response = entry.response.safeParse(result.data);
    if (!response.success) {
      log.error('IPC handler answered outside the contract', {
        channel,
        issues: issueSummary(response.error),
      });
      return failure('internal', INTERNAL_MESSAGE);
    }
    return ok(response.data);
  }

  return {
    async dispatch(channel, payload, sender) {
      try {
        const verdict = options.senderPolicy(sender);
        if (!verdict.allowed) {
          log.warn('IPC call refused: wrong sender', {
            channel: printable(channel),
            reason: verdict.reason,
          });
          return failure(
            'forbidden',
            'This request did not come from the Custos window, so it was refused.',
          );
        }
        if (!isChannel(channel)) {
          log.warn('IPC call refused: unknown channel', { channel: printable(channel) });
          return failure('invalid-request', 'The app asked for an operation Custos does not have.');
        }
        return await run(channel, payload);
      } catch (error) {
        log.error('IPC router failed', { channel: printable(channel), error });
        return failure('internal', INTERNAL_MESSAGE);
      }
    },
  };
}
