// A transport that answers from a script: spec vectors replayed byte for byte, or a function
// of the request. It records every request so tests can compare them with the vectors.

import { YubiHsmTransportError } from '../../protocol/device-errors';
import type { YubiHsmTransport } from '../../transport/transport';

export type ScriptedAnswer =
  Uint8Array | Error | ((request: Uint8Array) => Uint8Array | Promise<Uint8Array>);

export class ScriptedTransport implements YubiHsmTransport {
  readonly kind = 'simulator' as const;
  readonly address = 'scripted test transport';
  readonly sent: Uint8Array[] = [];
  closed = false;
  private readonly answers: ScriptedAnswer[];
  private fallback: ScriptedAnswer | undefined;

  constructor(answers: ScriptedAnswer[] = [], fallback?: ScriptedAnswer) {
    this.answers = [...answers];
    this.fallback = fallback;
  }

  /** Queues more answers. */
  answer(...answers: ScriptedAnswer[]): this {
    this.answers.push(...answers);
    return this;
  }

  /** Answer used once the queue is empty. */
  otherwise(answer: ScriptedAnswer): this {
    this.fallback = answer;
    return this;
  }

  async transceive(frame: Uint8Array): Promise<Uint8Array> {
    this.sent.push(frame.slice());
    const answer = this.answers.shift() ?? this.fallback;
    if (answer === undefined)
      throw new YubiHsmTransportError('the scripted transport has no answer left');
    if (answer instanceof Error) throw answer;
    if (typeof answer === 'function') return answer(frame);
    return answer.slice();
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
