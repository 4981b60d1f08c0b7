import { describe, expect, it } from 'vitest';
import { loadPcscBinding } from './pcsc-binding';
import { PcscHost } from './pcsc-host';
import { pcscError } from './pcsc-sentences';
import { PcscTransport } from './pcsc-transport';
import { PcscReaderWatcher } from './reader-watcher';

const missing = () =>
  loadPcscBinding(() => Promise.reject(new Error("Cannot find package 'smartcard'")));

describe('PC/SC sentences', () => {
  it('a missing binding says how to get it, and neither the transport nor the watcher throws on start', async () => {
    const availability = await missing();
    expect(availability).toEqual({
      available: false,
      reason:
        "PC/SC support is not installed in this copy of Custos (the smartcard module could not be loaded: Cannot find package 'smartcard'); install the PC/SC development files and service (Debian/Ubuntu: sudo apt-get install libpcsclite-dev pcscd) and run npm install again. Simulated devices work without it.",
    });
    // The host process really fails to load a module that is not there, as on a machine
    // where npm left the optional binding out.
    const pcsc = new PcscHost({ moduleName: 'custos-test-no-such-pcsc-binding' });
    const refused = await PcscTransport.open('Virtual PCD 00 00', { pcsc }).catch(
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({
      problem: 'not-installed',
      message: expect.stringMatching(/libpcsclite-dev/),
    });
    const watcher = new PcscReaderWatcher({ pcsc });
    await watcher.start();
    expect(watcher.pcscState).toMatchObject({
      available: false,
      reason: expect.stringMatching(/npm install/),
    });
    await watcher.stop();
  });

  it('maps pcsc-lite errors to what the person should do', () => {
    const reader = 'Nitrokey HSM 00 00';
    expect(pcscError(new Error('PC/SC service not running'), reader, 'connecting').message).toMatch(
      /^The PC\/SC service \(pcscd\) is not running; start pcscd/,
    );
    expect(pcscError(new Error('Card was removed'), reader, 'importing').message).toMatch(
      /^The card in Nitrokey HSM 00 00 was removed or reset while importing; insert it again/,
    );
    expect(pcscError(new Error('No smart card present'), reader, 'x').problem).toBe('no-card');
    expect(pcscError(new Error('Sharing violation'), reader, 'x').message).toMatch(
      /Another program is using the card/,
    );
    expect(pcscError(new Error('Communication error'), reader, 'x').message).toMatch(
      /check that pcscd is still running/,
    );
  });
});
