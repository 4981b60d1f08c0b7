import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/ipc/contract';
import type { DeviceView } from '../../shared/ipc/devices';
import { ERROR_CODES, failure, ok } from '../../shared/ipc/result';
import { createLogger, memorySink } from '../log/logger';
import { IpcFailure } from './ipc-failure';
import { Refusal, REFUSAL_KINDS } from '../refusal/refusal';
import { REFUSAL_CODES } from './refusal-codes';
import { createIpcRouter, INTERNAL_MESSAGE } from './router';
import type { Handlers } from './router';
import { framePolicy, socketPolicy } from './sender';
import type { FrameSender } from './sender';

const APP_FRAME: FrameSender = {
  kind: 'frame',
  url: 'custos://app/index.html',
  isMainFrame: true,
  isOurWindow: true,
};
const MARKER = 'payload-marker-7f3';
const SHARE = '2-1-KXC7BU2W3yhxujNMld4ncLgHcmTdJ227BU+V2y1nvQtFn9UrfaftW4XPNXut512LxT91qw';

const DEVICE: DeviceView = {
  id: 'sim:primary',
  name: 'Simulated primary',
  serial: 7550001,
  transport: 'simulator',
  firmware: '2.4.0',
  simulated: true,
  status: { kind: 'factory-fresh', usedSlots: 1, totalSlots: 256 },
};

/** A full handler table: channels a test does not care about answer `internal`. */
function handlersWith(overrides: Partial<Handlers>): Handlers {
  const all = Object.fromEntries(
    Object.keys(CHANNELS).map((channel) => [
      channel,
      () => failure('internal', 'not used in this test'),
    ]),
  );
  return { ...all, ...overrides } as Handlers;
}

function setup(overrides: Partial<Handlers>, policy = framePolicy('custos', 'app')) {
  const sink = memorySink();
  const handlers = handlersWith(overrides);
  const router = createIpcRouter({
    handlers,
    senderPolicy: policy,
    logger: createLogger({ sinks: [sink], level: 'debug' }),
  });
  return { router, sink };
}

describe('IPC router', () => {
  it('parses the payload and answers with the handler data', async () => {
    const { router } = setup({
      'host/info': () => ok({ host: 'electron', version: '0.1.0', platform: 'linux' }),
    });
    expect(await router.dispatch('host/info', {}, APP_FRAME)).toEqual({
      ok: true,
      data: { host: 'electron', version: '0.1.0', platform: 'linux' },
    });
  });

  it('refuses a payload that does not match the schema as invalid-request, logging no payload', async () => {
    let called = false;
    const { router, sink } = setup({
      'device/list': () => {
        called = true;
        return ok([]);
      },
    });
    for (const payload of [
      { extra: MARKER },
      MARKER,
      null,
      undefined,
      [MARKER],
      { device: { nested: MARKER } },
    ]) {
      const result = await router.dispatch('device/list', payload, APP_FRAME);
      expect(result).toMatchObject({ ok: false, code: 'invalid-request' });
    }
    expect(called).toBe(false);
    expect(sink.lines).toHaveLength(6);
    expect(sink.lines.join('\n')).not.toContain(MARKER);
    expect(sink.records()[0]).toMatchObject({
      level: 'warn',
      module: 'ipc',
      channel: 'device/list',
    });
  });

  it('refuses unknown channels, including names inherited from Object.prototype', async () => {
    const { router, sink } = setup({});
    for (const channel of [
      'device/format',
      '__proto__',
      'constructor',
      'toString',
      42,
      null,
      { channel: 'device/list' },
    ]) {
      expect(await router.dispatch(channel, {}, APP_FRAME)).toMatchObject({
        ok: false,
        code: 'invalid-request',
      });
    }
    expect(
      sink.records().every((record) => record.msg === 'IPC call refused: unknown channel'),
    ).toBe(true);
  });

  it('refuses a wrong sender as forbidden before looking at the payload', async () => {
    let called = false;
    const { router, sink } = setup({
      'device/list': () => {
        called = true;
        return ok([]);
      },
    });
    const wrongSenders: FrameSender[] = [
      { ...APP_FRAME, url: 'https://example.com/' },
      { ...APP_FRAME, url: 'custos://evil/index.html' },
      { ...APP_FRAME, url: 'file:///work/main/dist/renderer/index.html' },
      { ...APP_FRAME, isMainFrame: false },
      { ...APP_FRAME, isOurWindow: false },
      { ...APP_FRAME, url: undefined },
    ];
    for (const sender of wrongSenders) {
      expect(await router.dispatch('device/list', { secret: MARKER }, sender)).toMatchObject({
        ok: false,
        code: 'forbidden',
      });
    }
    expect(
      await router.dispatch('device/list', {}, { kind: 'socket', authenticated: true }),
    ).toMatchObject({ ok: false, code: 'forbidden' });
    expect(called).toBe(false);
    expect(sink.lines.join('\n')).not.toContain(MARKER);
    expect(sink.records()[0]).toMatchObject({
      msg: 'IPC call refused: wrong sender',
      channel: 'device/list',
    });
  });

  it('checks browser-host sockets by their authentication', async () => {
    const { router } = setup({ 'device/list': () => ok([DEVICE]) }, socketPolicy());
    expect(
      await router.dispatch('device/list', {}, { kind: 'socket', authenticated: true }),
    ).toEqual({ ok: true, data: [DEVICE] });
    expect(
      await router.dispatch('device/list', {}, { kind: 'socket', authenticated: false }),
    ).toMatchObject({ code: 'forbidden' });
    expect(await router.dispatch('device/list', {}, APP_FRAME)).toMatchObject({
      code: 'forbidden',
    });
  });

  it('turns a thrown error into internal with a safe sentence, logging the error redacted', async () => {
    const { router, sink } = setup({
      'device/list': () => {
        throw new Error(`could not combine ${SHARE}`);
      },
    });
    const result = await router.dispatch('device/list', {}, APP_FRAME);
    expect(result).toEqual({ ok: false, code: 'internal', message: INTERNAL_MESSAGE });
    const log = sink.lines.join('\n');
    expect(log).toContain('IPC handler threw');
    expect(log).toContain('could not combine [redacted share]');
    expect(log).not.toContain(SHARE);
  });

  it('passes an IpcFailure through with its code and sentence', async () => {
    const { router } = setup({
      'device/list': async () => {
        throw new IpcFailure(
          'device-missing',
          'The primary HSM is not connected. Plug it in and try again.',
        );
      },
    });
    expect(await router.dispatch('device/list', {}, APP_FRAME)).toEqual({
      ok: false,
      code: 'device-missing',
      message: 'The primary HSM is not connected. Plug it in and try again.',
    });
  });

  it.each(REFUSAL_KINDS)(
    "answers a domain's %s refusal with the contract's code and its sentence",
    async (kind) => {
      const { router } = setup({
        'device/list': async () => {
          throw new Refusal(kind, 'Cancel the restore first.');
        },
      });
      expect(await router.dispatch('device/list', {}, APP_FRAME)).toEqual({
        ok: false,
        code: REFUSAL_CODES[kind],
        message: 'Cancel the restore first.',
      });
      expect(ERROR_CODES).toContain(REFUSAL_CODES[kind]);
    },
  );

  it('returns a handler failure result unchanged', async () => {
    const { router } = setup({ 'device/list': () => failure('not-found', 'No such device.') });
    expect(await router.dispatch('device/list', {}, APP_FRAME)).toEqual({
      ok: false,
      code: 'not-found',
      message: 'No such device.',
    });
  });

  it('strips fields the contract does not name and refuses answers outside it', async () => {
    const leaky = { ...DEVICE, wrapKey: 'should never cross' };
    const { router } = setup({ 'device/list': () => ok([leaky]) });
    expect(await router.dispatch('device/list', {}, APP_FRAME)).toEqual({
      ok: true,
      data: [DEVICE],
    });

    const broken = setup({ 'device/list': () => ok([{ ...DEVICE, serial: -1 }]) });
    expect(await broken.router.dispatch('device/list', {}, APP_FRAME)).toEqual({
      ok: false,
      code: 'internal',
      message: INTERNAL_MESSAGE,
    });
    expect(broken.sink.records()[0]).toMatchObject({
      msg: 'IPC handler answered outside the contract',
    });
  });

  it('never rejects, even when the sender policy itself throws', async () => {
    const sink = memorySink();
    const router = createIpcRouter({
      handlers: handlersWith({}),
      senderPolicy: () => {
        throw new Error('policy bug');
      },
      logger: createLogger({ sinks: [sink] }),
    });
    await expect(router.dispatch('device/list', {}, APP_FRAME)).resolves.toMatchObject({
      ok: false,
      code: 'internal',
    });
  });
});
