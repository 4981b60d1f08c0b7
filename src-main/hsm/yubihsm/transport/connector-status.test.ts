import { describe, expect, it } from 'vitest';
import { deviceIsPresent, formatConnectorStatus, parseConnectorStatus } from './connector-status';

describe('connector status body (spec §2.2)', () => {
  it('parses the six key=value lines', () => {
    const status = parseConnectorStatus(
      'status=OK\nserial=7550140\nversion=3.0.7\npid=4242\naddress=localhost\nport=12345\n',
    );
    expect(status).toEqual({
      status: 'OK',
      serial: 7550140,
      version: '3.0.7',
      pid: 4242,
      address: 'localhost',
      port: 12345,
    });
    expect(deviceIsPresent(status)).toBe(true);
  });

  it('reads serial=* as no serial, and NO_DEVICE as absent', () => {
    const status = parseConnectorStatus(
      'status=NO_DEVICE\nserial=*\nversion=3.0.7\npid=1\naddress=localhost\nport=12345\n',
    );
    expect(status.serial).toBeUndefined();
    expect(deviceIsPresent(status)).toBe(false);
  });

  it('counts the device present only when a line reads exactly status=OK', () => {
    expect(deviceIsPresent(parseConnectorStatus('status=ok\n'))).toBe(false);
    expect(deviceIsPresent(parseConnectorStatus('status=OKAY\n'))).toBe(false);
    expect(deviceIsPresent(parseConnectorStatus('no status at all'))).toBe(false);
  });

  it('formats the lines in the connector order, each ending in a newline', () => {
    const text = formatConnectorStatus({
      status: 'OK',
      serial: 12345678,
      version: '3.0.7',
      pid: 99,
      address: '127.0.0.1',
      port: 12345,
    });
    expect(text).toBe(
      'status=OK\nserial=12345678\nversion=3.0.7\npid=99\naddress=127.0.0.1\nport=12345\n',
    );
    expect(parseConnectorStatus(text)).toEqual({
      status: 'OK',
      serial: 12345678,
      version: '3.0.7',
      pid: 99,
      address: '127.0.0.1',
      port: 12345,
    });
  });
});
