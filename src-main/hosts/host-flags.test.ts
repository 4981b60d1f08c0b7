import { describe, expect, it } from 'vitest';
import { readDeviceFlags, readTestAirGapRoot, readTestDkekIterations } from './host-flags';

describe('host flags', () => {
  it('runs simulators and watches USB by default', () => {
    expect(readDeviceFlags([], {})).toEqual({
      simulators: true,
      usb: true,
      pcsc: true,
      connectors: [],
    });
  });

  it('reads flags and environment alike', () => {
    expect(
      readDeviceFlags(
        [
          '--no-simulators',
          '--connector',
          'http://127.0.0.1:12345',
          '--connector=http://127.0.0.1:12346',
        ],
        { CUSTOS_USB: '0', CUSTOS_CONNECTOR: 'http://127.0.0.1:12347' },
      ),
    ).toEqual({
      simulators: false,
      usb: false,
      pcsc: true,
      connectors: ['http://127.0.0.1:12345', 'http://127.0.0.1:12346', 'http://127.0.0.1:12347'],
    });
    expect(readDeviceFlags(['--no-usb'], { CUSTOS_SIMULATORS: '0' })).toMatchObject({
      simulators: false,
      usb: false,
    });
    expect(readDeviceFlags(['--no-pcsc'], {}).pcsc).toBe(false);
    expect(readDeviceFlags([], { CUSTOS_PCSC: '0' }).pcsc).toBe(false);
  });
});

describe('CUSTOS_TEST_DKEK_ITERATIONS', () => {
  it('is honoured only in tests, and refused anywhere else', () => {
    expect(readTestDkekIterations({})).toBeUndefined();
    expect(readTestDkekIterations({ NODE_ENV: 'test', CUSTOS_TEST_DKEK_ITERATIONS: '1' })).toBe(1);
    expect(() => readTestDkekIterations({ CUSTOS_TEST_DKEK_ITERATIONS: '1' })).toThrow(
      /tests only/,
    );
    expect(() =>
      readTestDkekIterations({ NODE_ENV: 'production', CUSTOS_TEST_DKEK_ITERATIONS: '1' }),
    ).toThrow(/tests only/);
    expect(() =>
      readTestDkekIterations({ NODE_ENV: 'test', CUSTOS_TEST_DKEK_ITERATIONS: '0' }),
    ).toThrow(/whole number/);
  });

  it('points the air-gap survey at a sysfs fixture only under test, and only at a full path', () => {
    expect(readTestAirGapRoot({})).toBeUndefined();
    expect(readTestAirGapRoot({ NODE_ENV: 'test', CUSTOS_TEST_AIR_GAP_ROOT: '/tmp/machine' })).toBe(
      '/tmp/machine',
    );
    expect(() => readTestAirGapRoot({ CUSTOS_TEST_AIR_GAP_ROOT: '/tmp/machine' })).toThrow(
      /tests only/,
    );
    expect(() =>
      readTestAirGapRoot({ NODE_ENV: 'test', CUSTOS_TEST_AIR_GAP_ROOT: 'machine' }),
    ).toThrow(/full path/);
  });
});
