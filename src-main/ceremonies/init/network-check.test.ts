import { describe, expect, it } from 'vitest';
import { checkNetwork, networkWarning } from './network-check';

const loopback = {
  address: '127.0.0.1',
  netmask: '255.0.0.0',
  family: 'IPv4',
  mac: '00:00:00:00:00:00',
  internal: true,
  cidr: '127.0.0.1/8',
} as const;

describe('the preflight network check', () => {
  it('calls a machine with only loopback air-gapped', () => {
    const check = checkNetwork({ lo: [loopback] });
    expect(check).toEqual({ airGapped: true, interfaces: [] });
    expect(networkWarning(check)).toBeUndefined();
  });

  it('lists each active interface with its addresses and warns, without blocking', () => {
    const check = checkNetwork({
      lo: [loopback],
      wlan0: [{ ...loopback, address: '192.168.1.20', internal: false }],
      eth0: [{ ...loopback, address: 'fe80::1', family: 'IPv6', internal: false, scopeid: 2 }],
    });
    expect(check).toEqual({
      airGapped: false,
      interfaces: [
        { name: 'eth0', addresses: ['fe80::1'] },
        { name: 'wlan0', addresses: ['192.168.1.20'] },
      ],
    });
    expect(networkWarning(check)).toMatch(
      /active network interfaces \(eth0, wlan0\); a key ceremony should run on an air-gapped machine/,
    );
  });
});
