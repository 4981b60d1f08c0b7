import { describe, expect, it } from 'vitest';
import { ConnectorServerError, isLoopbackHost, parseListenAddress } from './listen-address';

describe('parseListenAddress', () => {
  it('reads host:port for IPv4, names and bracketed IPv6', () => {
    expect(parseListenAddress('127.0.0.1:12345')).toEqual({ host: '127.0.0.1', port: 12345 });
    expect(parseListenAddress('localhost:0')).toEqual({ host: 'localhost', port: 0 });
    expect(parseListenAddress('[::1]:12345')).toEqual({ host: '::1', port: 12345 });
  });

  it('refuses non-loopback addresses with a sentence', () => {
    for (const text of ['0.0.0.0:12345', '[::]:12345', '192.168.1.10:12345', 'example.com:80']) {
      expect(() => parseListenAddress(text), text).toThrow(ConnectorServerError);
      expect(() => parseListenAddress(text), text).toThrow(
        /only loopback addresses \(127.0.0.1, ::1, localhost\) are allowed/,
      );
    }
  });

  it('refuses what is not host:port', () => {
    for (const text of ['12345', '127.0.0.1', '127.0.0.1:', '::1:12345', '127.0.0.1:abc']) {
      expect(() => parseListenAddress(text), text).toThrow(
        /is not a listen address; write it as host:port/,
      );
    }
    expect(() => parseListenAddress('127.0.0.1:70000')).toThrow(/port 70000 .* is out of range/);
  });
});

describe('isLoopbackHost', () => {
  it('knows the loopback names and addresses', () => {
    for (const host of [
      'localhost',
      'LOCALHOST',
      'localhost.',
      '127.0.0.1',
      '127.1.2.3',
      '::1',
      '[::1]',
      '::ffff:127.0.0.1',
    ]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of [
      '0.0.0.0',
      '::',
      '10.0.0.1',
      '128.0.0.1',
      'localhost.example.com',
      '127.0.0.1.example.com',
    ]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});
