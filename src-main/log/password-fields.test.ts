// Property tests for every password field of the contract (issue 14 §4): the fields are found by
// walking each channel's request schema, so a channel added later is covered without editing
// this file. Seeded random passwords (spaces, quotes, backslashes, non-ASCII) in each field must
// not reach a log line: not as a field, not inside a payload an error message spells out as
// JSON, as a query or as prose, and not through the real router when a handler throws so.

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CHANNELS, type Channel } from '../../shared/ipc/contract';
import { failure } from '../../shared/ipc/result';
import { createIpcRouter, type Handlers } from '../ipc/router';
import { framePolicy, type FrameSender } from '../ipc/sender';
import { createLogger, memorySink } from './logger';
import { isSecretFieldName, redact, redactText } from './redact';

/** A small seeded generator (xorshift32), so a failure names its seed and can be replayed. */
function rng(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

const ALPHABET =
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~éß€ü';

/** A password a person might type: 8 to 40 characters, never blank at either end. */
function password(seed: number): string {
  const next = rng(seed);
  const length = 8 + Math.floor(next() * 33);
  let text = '';
  for (let i = 0; i < length; i += 1) text += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return `P${text}q`;
}

/** The names that mean "a password or a typed confirmation of one" in the contract. */
const PASSWORD_NAME = /pass|pin|confirmation|secret/i;

interface PasswordField {
  channel: Channel;
  path: string[];
}

/** Every string field under a schema, with its path (objects, optionals, defaults, arrays). */
function stringFields(schema: z.ZodType, path: string[] = []): string[][] {
  if (schema instanceof z.ZodString) return [path];
  if (schema instanceof z.ZodObject)
    return Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([name, inner]) =>
      stringFields(inner, [...path, name]),
    );
  if (
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodNullable ||
    schema instanceof z.ZodDefault
  )
    return stringFields(schema.unwrap() as z.ZodType, path);
  if (schema instanceof z.ZodArray)
    return stringFields(schema.element as z.ZodType, [...path, '0']);
  return [];
}

const FIELDS: PasswordField[] = (Object.keys(CHANNELS) as Channel[]).flatMap((channel) =>
  stringFields(CHANNELS[channel].request as z.ZodType)
    .filter((path) => PASSWORD_NAME.test(path.at(-1) ?? ''))
    .map((path) => ({ channel, path })),
);

function payloadWith(field: PasswordField, value: string): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  let at = payload;
  field.path.forEach((name, index) => {
    if (index === field.path.length - 1) at[name] = value;
    else at = (at[name] = {}) as Record<string, unknown>;
  });
  return payload;
}

const SEEDS = Array.from({ length: 40 }, (_, index) => 0x9a55 + index * 104729);

describe('every password field of the contract', () => {
  it('is found, and the known ones are among them', () => {
    const named = FIELDS.map((field) => `${field.channel}:${field.path.join('.')}`);
    for (const known of [
      'init/set-password:password',
      'init/set-password:confirmation',
      'init/reset-primary:confirmation',
    ])
      expect(named).toContain(known);
    expect(FIELDS.filter((field) => field.path.at(-1) === 'password').length).toBeGreaterThan(3);
  });

  it('has a name the redaction drops whatever its value', () => {
    for (const field of FIELDS)
      expect(
        isSecretFieldName(field.path.at(-1)!),
        `${field.channel} ${field.path.join('.')}`,
      ).toBe(true);
  });

  it('never reaches a log line, as a field or spelt out inside a message', () => {
    for (const seed of SEEDS) {
      const secret = password(seed);
      for (const field of FIELDS) {
        const where = `seed ${seed}, ${field.channel} ${field.path.join('.')}`;
        const payload = payloadWith(field, secret);
        const name = field.path.at(-1)!;
        const written = [
          JSON.stringify(redact(payload)),
          JSON.stringify(redact({ request: payload })),
          redactText(`refused ${JSON.stringify(payload)}`),
          redactText(`refused ${JSON.stringify(JSON.stringify(payload))}`),
          JSON.stringify(redact(new Error(`could not use ${JSON.stringify(payload)}`))),
          redactText(`${name}: '${secret.replace(/['\\]/g, '\\$&')}' was refused`),
        ];
        // Unquoted, a value runs to the first space, so only a password without one is whole.
        if (!/[\s,;&}\]]/.test(secret)) written.push(redactText(`?${name}=${secret}&next=1`));
        for (const text of written) expect(text, where).not.toContain(secret);
      }
    }
  });

  it('never reaches the log through the router when a handler throws with the payload in its message', async () => {
    const sink = memorySink();
    const thrower = (request: unknown) => {
      throw new Error(`unexpected request ${JSON.stringify(request)}`);
    };
    const handlers = Object.fromEntries(
      Object.keys(CHANNELS).map((channel) => [channel, () => failure('internal', 'unused')]),
    ) as unknown as Handlers;
    for (const field of FIELDS) (handlers as Record<string, unknown>)[field.channel] = thrower;
    const router = createIpcRouter({
      handlers,
      senderPolicy: framePolicy('custos', 'app'),
      logger: createLogger({ sinks: [sink], level: 'debug' }),
    });
    const sender: FrameSender = {
      kind: 'frame',
      url: 'custos://app/index.html',
      isMainFrame: true,
      isOurWindow: true,
    };
    const used: string[] = [];
    for (const [index, field] of FIELDS.entries()) {
      const secret = password(SEEDS[index % SEEDS.length]!);
      used.push(secret);
      // Whatever else the schema asks for is filled in from a valid example, when one is simple.
      const payload = { ...example(field.channel), ...payloadWith(field, secret) };
      await router.dispatch(field.channel, payload, sender);
    }
    const log = sink.lines.join('\n');
    expect(sink.lines.length).toBeGreaterThan(0);
    for (const secret of used) expect(log).not.toContain(secret);
  });
});

/** A minimal valid request for a channel's other fields (ids and device names), where needed. */
function example(channel: Channel): Record<string, unknown> {
  const request = CHANNELS[channel].request as z.ZodType;
  const fields = stringFields(request).filter((path) => !PASSWORD_NAME.test(path.at(-1) ?? ''));
  const out: Record<string, unknown> = {};
  for (const path of fields) if (path.length === 1) out[path[0]!] = 'sim:primary';
  if (channel === 'init/set-password') out.key = 'application';
  return out;
}
