// The connector server over real loopback HTTP, serving a real SimulatedYubiHsm, checked
// against yubihsm-connector's behaviour (spec §2.2).

import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedYubiHsm } from '../simulator/simulated-yubihsm';
import {
  CONNECTOR_VERSION,
  startConnectorServer,
  type RunningConnectorServer,
  type ServedDevice,
} from './connector-server';
import { ConnectorServerError } from './listen-address';

const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));
const running: RunningConnectorServer[] = [];

async function serve(
  device?: ServedDevice,
  readTimeoutMs?: number,
): Promise<RunningConnectorServer> {
  const served = device ?? (await SimulatedYubiHsm.create({ serial: 12345678 }));
  const server = await startConnectorServer({
    device: served,
    host: '127.0.0.1',
    port: 0,
    readTimeoutMs,
  });
  running.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** A raw HTTP exchange, for what fetch will not send (bad Host, chunked bodies, stalls). */
function raw(
  server: RunningConnectorServer,
  options: {
    method: string;
    path: string;
    headers?: Record<string, string | number>;
    body?: Uint8Array[];
    stall?: boolean;
  },
): Promise<
  | { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }
  | 'closed'
> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        method: options.method,
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' ? resolve('closed') : reject(error),
    );
    for (const chunk of options.body ?? []) req.write(chunk);
    if (!options.stall) req.end();
  });
}

describe('GET /connector/status', () => {
  it('answers the connector status lines in the connector order', async () => {
    const server = await serve();
    const response = await fetch(`${server.url}/connector/status`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const lines = (await response.text()).split('\n');
    expect(lines).toEqual([
      'status=OK',
      'serial=12345678',
      `version=${CONNECTOR_VERSION}`,
      `pid=${process.pid}`,
      'address=127.0.0.1',
      `port=${server.port}`,
      '',
    ]);
  });

  it('reports serial=* for a device without a known serial', async () => {
    const server = await serve({ process: async (frame) => frame });
    expect(await (await fetch(`${server.url}/connector/status`)).text()).toMatch(
      /^status=OK\nserial=\*\n/,
    );
  });

  it('refuses other methods with 405 and Allow: GET', async () => {
    const server = await serve();
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const response = await fetch(`${server.url}/connector/status`, { method });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET');
    }
  });
});

describe('POST /connector/api', () => {
  it('passes the raw frame to the device and returns its raw answer as application/octet-stream', async () => {
    const server = await serve();
    const response = await fetch(`${server.url}/connector/api`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: hex('01 0003 010203'),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(hex('81 0003 010203'));
  });

  it('returns device error frames with HTTP 200', async () => {
    const server = await serve();
    // LIST OBJECTS outside a session: the device answers with an error frame (spec §10.2).
    const response = await fetch(`${server.url}/connector/api`, {
      method: 'POST',
      body: hex('48 0000'),
    });
    expect(response.status).toBe(200);
    const body = new Uint8Array(await response.arrayBuffer());
    expect(body.subarray(0, 3)).toEqual(hex('7f 0001'));
  });

  it('accepts bodies of 3 to 3139 bytes and answers 400 outside that range', async () => {
    const server = await serve();
    const post = (length: number) =>
      fetch(`${server.url}/connector/api`, {
        method: 'POST',
        body: new Uint8Array(length).fill(1),
      });
    expect((await post(3)).status).toBe(200);
    expect((await post(3139)).status).toBe(200);
    for (const length of [0, 1, 2, 3140, 10_000]) {
      const response = await post(length);
      expect(response.status, `${length} bytes`).toBe(400);
      expect(await response.text()).toMatch(/3 to 3139 bytes/);
    }
  });

  it('answers 400 to an over-long chunked body without a Content-Length', async () => {
    const server = await serve();
    const answer = await raw(server, {
      method: 'POST',
      path: '/connector/api',
      headers: { 'Transfer-Encoding': 'chunked' },
      body: [new Uint8Array(2000), new Uint8Array(2000)],
    });
    expect(answer).not.toBe('closed');
    if (answer !== 'closed') expect(answer.status).toBe(400);
  });

  it('refuses other methods with 405 and Allow: POST', async () => {
    const server = await serve();
    const response = await fetch(`${server.url}/connector/api`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('answers 500 with a sentence when the device cannot be reached', async () => {
    const server = await serve({
      serial: 1,
      process: async () => {
        throw new Error('the YubiHSM 2 (serial 1) stopped answering over USB');
      },
    });
    const response = await fetch(`${server.url}/connector/api`, {
      method: 'POST',
      body: hex('01 0001 aa'),
    });
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(
      /the device could not be reached: the YubiHSM 2 \(serial 1\) stopped answering/,
    );
  });

  it('hands the device one frame at a time however many clients post at once', async () => {
    const simulator = await SimulatedYubiHsm.create();
    let inside = 0;
    let overlapped = false;
    const server = await serve({
      serial: simulator.serial,
      process: async (frame) => {
        inside += 1;
        if (inside > 1) overlapped = true;
        await new Promise((resolve) => setImmediate(resolve));
        inside -= 1;
        return simulator.process(frame);
      },
    });
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        fetch(`${server.url}/connector/api`, {
          method: 'POST',
          body: Uint8Array.of(0x01, 0x00, 0x01, n),
        }).then(async (r) => new Uint8Array(await r.arrayBuffer())),
      ),
    );
    expect(overlapped).toBe(false);
    expect(answers).toEqual(
      Array.from({ length: 8 }, (_, n) => Uint8Array.of(0x81, 0x00, 0x01, n)),
    );
  });

  it('gives up on a request body that stops arriving (read timeout) instead of hanging', async () => {
    const server = await serve(undefined, 200);
    const answer = await raw(server, {
      method: 'POST',
      path: '/connector/api',
      headers: { 'Content-Length': 10 },
      body: [Uint8Array.of(1, 0, 7)],
      stall: true,
    });
    if (answer !== 'closed') expect(answer.status).toBe(408);
  });
});

describe('every response', () => {
  it('echoes X-Request-ID, or generates a UUID when none was sent', async () => {
    const server = await serve();
    const echoed = await fetch(`${server.url}/connector/status`, {
      headers: { 'X-Request-ID': 'ceremony-42' },
    });
    expect(echoed.headers.get('x-request-id')).toBe('ceremony-42');
    for (const path of ['/connector/status', '/connector/api', '/nowhere']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.headers.get('x-request-id'), path).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
  });

  it('answers 404 for any other path', async () => {
    const server = await serve();
    for (const path of ['/', '/connector', '/connector/api/extra', '/status']) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
    }
  });

  it('answers 403 to a Host header that is not a loopback name (DNS rebinding)', async () => {
    const server = await serve();
    const answer = await raw(server, {
      method: 'GET',
      path: '/connector/status',
      headers: { Host: 'attacker.example:12345' },
    });
    expect(answer).not.toBe('closed');
    if (answer !== 'closed') expect(answer.status).toBe(403);
    const allowed = await raw(server, {
      method: 'GET',
      path: '/connector/status',
      headers: { Host: `localhost:${server.port}` },
    });
    if (allowed !== 'closed') expect(allowed.status).toBe(200);
  });
});

describe('listening', () => {
  it('refuses to listen on a non-loopback address, with a sentence', async () => {
    const device = await SimulatedYubiHsm.create();
    for (const host of ['0.0.0.0', '::', '192.168.1.10']) {
      const failure = startConnectorServer({ device, host, port: 0 });
      await expect(failure).rejects.toBeInstanceOf(ConnectorServerError);
      await expect(failure).rejects.toThrow(/only loopback addresses/);
    }
  });

  it('says the port is in use when it is', async () => {
    const first = await serve();
    const failure = startConnectorServer({
      device: await SimulatedYubiHsm.create(),
      host: '127.0.0.1',
      port: first.port,
    });
    await expect(failure).rejects.toThrow(
      new RegExp(`port ${first.port} on 127.0.0.1 is already in use`),
    );
  });

  it('listens on IPv6 loopback and reports a bracketed URL', async () => {
    const server = await startConnectorServer({
      device: await SimulatedYubiHsm.create(),
      host: '::1',
      port: 0,
    }).catch(() => undefined);
    // Machines without IPv6 loopback cannot run this check.
    if (!server) return;
    running.push(server);
    expect(server.url).toBe(`http://[::1]:${server.port}`);
    expect((await fetch(`${server.url}/connector/status`)).status).toBe(200);
  });

  it('lets the frame in progress finish when closed', async () => {
    const simulator = await SimulatedYubiHsm.create();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const server = await startConnectorServer({
      device: {
        process: async (frame) => {
          entered();
          await gate;
          return simulator.process(frame);
        },
      },
      host: '127.0.0.1',
      port: 0,
    });
    const pending = fetch(`${server.url}/connector/api`, {
      method: 'POST',
      body: hex('01 0001 aa'),
    });
    await inside;
    const closing = server.close();
    release();
    const response = await pending;
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(hex('81 0001 aa'));
    await closing;
    await expect(fetch(`${server.url}/connector/status`)).rejects.toThrow();
  });
});
