import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startConnectorServer,
  type RunningConnectorServer,
} from '../connector-server/connector-server';
import { YubiHsmTransportError } from '../protocol/device-errors';
import { SimulatedYubiHsm } from '../simulator/simulated-yubihsm';
import { ConnectorTransport, normalizeConnectorUrl } from './connector-transport';
import { readDeviceIdentity } from './device-identity';

const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));
const cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((close) => close()));
});

async function servedSimulator(serial = 12345678): Promise<RunningConnectorServer> {
  const server = await startConnectorServer({
    device: await SimulatedYubiHsm.create({ serial }),
    host: '127.0.0.1',
    port: 0,
  });
  cleanup.push(() => server.close());
  return server;
}

/** A plain HTTP server standing in for a yubihsm-connector in a given condition. */
async function otherServer(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function freePortUrl(): Promise<string> {
  const url = await otherServer(() => undefined);
  await cleanup.pop()!();
  return url;
}

describe('ConnectorTransport', () => {
  it('reads the connector status and carries frames through POST /connector/api', async () => {
    const server = await servedSimulator();
    const transport = await ConnectorTransport.connect(server.url);
    expect(transport.kind).toBe('connector');
    expect(transport.address).toBe(server.url);
    expect(await transport.status()).toEqual({
      status: 'OK',
      serial: 12345678,
      version: '3.0.7',
      pid: process.pid,
      address: '127.0.0.1',
      port: server.port,
    });
    expect(await transport.transceive(hex('01 0003 010203'))).toEqual(hex('81 0003 010203'));
    expect(await readDeviceIdentity(transport)).toEqual({
      serial: 12345678,
      firmware: '2.4.0',
      simulated: true,
    });
  });

  it('carries the largest frame (3136 bytes) whole both ways', async () => {
    const server = await servedSimulator();
    const payload = Uint8Array.from({ length: 3133 }, (_, index) => (index * 7) & 0xff);
    const frame = Uint8Array.of(0x01, payload.length >> 8, payload.length & 0xff, ...payload);
    const answer = await new ConnectorTransport(server.url).transceive(frame);
    expect(answer).toEqual(Uint8Array.of(0x81, ...frame.subarray(1)));
  });

  it('sends the frame as application/octet-stream', async () => {
    let contentType: string | undefined;
    const url = await otherServer((request, response) => {
      contentType = request.headers['content-type'];
      request.resume();
      request.on('end', () => response.end(Buffer.from('810001aa', 'hex')));
    });
    await new ConnectorTransport(url).transceive(hex('01 0001 aa'));
    expect(contentType).toBe('application/octet-stream');
  });

  it('says the connector is not answering when nothing listens there', async () => {
    const url = await freePortUrl();
    const transport = new ConnectorTransport(url);
    const failure = transport.transceive(hex('01 0001 aa'));
    await expect(failure).rejects.toBeInstanceOf(YubiHsmTransportError);
    await expect(failure).rejects.toThrow(
      `the connector at ${url} is not answering: is yubihsm-connector running?`,
    );
    await expect(ConnectorTransport.connect(url)).rejects.toThrow(/is not answering/);
  });

  it('refuses a connector whose status is not OK', async () => {
    const url = await otherServer((_request, response) =>
      response.end(
        'status=NO_DEVICE\nserial=*\nversion=3.0.7\npid=1\naddress=localhost\nport=12345\n',
      ),
    );
    await expect(ConnectorTransport.connect(url)).rejects.toThrow(
      /reports status=NO_DEVICE: it cannot reach a YubiHSM 2; insert the device or restart yubihsm-connector/,
    );
  });

  it('turns any non-200 answer into a transport error naming the status', async () => {
    const url = await otherServer((_request, response) => {
      response.statusCode = 500;
      response.end('usb: device not found\n');
    });
    const failure = new ConnectorTransport(url).transceive(hex('01 0001 aa'));
    await expect(failure).rejects.toBeInstanceOf(YubiHsmTransportError);
    await expect(failure).rejects.toThrow(/answered HTTP 500 \(usb: device not found\)/);
  });

  it('stops waiting after its request timeout with a sentence', async () => {
    const url = await otherServer(() => undefined);
    const failure = new ConnectorTransport(url, { requestTimeoutMs: 50 }).transceive(
      hex('01 0001 aa'),
    );
    await expect(failure).rejects.toThrow(
      /did not answer within 50 ms; check that the YubiHSM 2 is inserted/,
    );
  });

  it('refuses requests once closed', async () => {
    const server = await servedSimulator();
    const transport = new ConnectorTransport(server.url);
    await transport.close();
    await expect(transport.transceive(hex('01 0001 aa'))).rejects.toThrow(/is closed/);
  });
});

describe('normalizeConnectorUrl', () => {
  it('keeps scheme, host, port and any path prefix, without a trailing slash', () => {
    expect(normalizeConnectorUrl('http://127.0.0.1:12345/')).toBe('http://127.0.0.1:12345');
    expect(normalizeConnectorUrl('HTTP://LOCALHOST:12345')).toBe('http://localhost:12345');
    expect(normalizeConnectorUrl('https://hsm.internal/yubihsm/')).toBe(
      'https://hsm.internal/yubihsm',
    );
  });

  it('refuses what is not an http(s) connector address, with a sentence', () => {
    expect(() => normalizeConnectorUrl('127.0.0.1:12345')).toThrow(
      /is not a connector address; write it like http:\/\/127.0.0.1:12345/,
    );
    expect(() => normalizeConnectorUrl('not a url')).toThrow(
      /is not a connector address; write it like http:\/\/127.0.0.1:12345/,
    );
    expect(() => normalizeConnectorUrl('ftp://127.0.0.1')).toThrow(/must start with http/);
    expect(() => normalizeConnectorUrl('http://127.0.0.1:12345/?x=1')).toThrow(
      /give only the scheme, host and port/,
    );
    expect(() => normalizeConnectorUrl('http://user:secret@127.0.0.1:12345')).toThrow(
      /must not carry a user name or password/,
    );
    expect(() => normalizeConnectorUrl('http://user:secret@127.0.0.1:12345')).not.toThrow(/secret/);
  });
});
