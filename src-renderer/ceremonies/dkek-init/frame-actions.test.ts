import { describe, expect, it } from 'vitest';
import type { DkekInitSnapshot } from '../../../shared/ceremony/dkek-init-snapshot';
import { cancelWarning, forwardAction } from './frame-actions';

const base: DkekInitSnapshot = {
  ceremonyId: 'c1',
  wizard: { current: 'preflight', done: [], skipped: [] },
  finished: false,
  preflight: {
    device: {
      reader: 'Simulated SmartCard-HSM primary',
      family: 'smartcard-hsm',
      serial: 'DESIM0000001',
      version: 'SmartCard-HSM version 3.5',
      simulated: true,
    },
    initialised: true,
    dkek: { state: 'no-dkek' },
    keys: [],
    reinitialise: 'needs-confirmation',
  },
};

const at = (current: DkekInitSnapshot['wizard']['current'], more: Partial<DkekInitSnapshot>) => ({
  ...base,
  wizard: { current, done: [], skipped: [] },
  ...more,
});

describe('the DKEK initialisation frame actions', () => {
  it('holds the plan back until a re-initialisation is confirmed', () => {
    expect(forwardAction(base)?.blocked).toMatch(/Confirm the re-initialisation/);
    const confirmed = {
      ...base,
      preflight: { ...base.preflight!, reinitialise: 'confirmed' as const },
    };
    expect(forwardAction(confirmed)).toEqual({
      intent: 'to-plan',
      label: 'Go on to the plan',
      blocked: null,
    });
  });

  it('offers nothing while a custodian has a turn, then proving, then the device', () => {
    const shares = {
      files: [],
      turnsDone: 1,
      turnsTotal: 3,
      sheets: false,
      sheetOpen: false,
      sheetPrinting: false,
      sheetPrinted: false,
      proven: false,
    };
    expect(forwardAction(at('shares', { shares }))).toBeNull();
    expect(forwardAction(at('shares', { shares: { ...shares, turnsDone: 3 } }))?.intent).toBe(
      'prove',
    );
    expect(
      forwardAction(at('shares', { shares: { ...shares, turnsDone: 3, proven: true } }))?.intent,
    ).toBe('to-device');
  });

  it('initialises, imports the next share by number, then writes the record', () => {
    const device = {
      initialised: false,
      imported: [],
      total: 2,
      outstanding: 2,
      rehearsalKeys: [],
    };
    expect(forwardAction(at('device', { device }))?.intent).toBe('initialise');
    expect(
      forwardAction(
        at('device', { device: { ...device, initialised: true, imported: [1], outstanding: 1 } }),
      ),
    ).toMatchObject({ intent: 'import', label: 'Import share 2' });
    expect(
      forwardAction(at('device', { device: { ...device, initialised: true, outstanding: 0 } }))
        ?.intent,
    ).toBe('finish');
    expect(forwardAction(at('device', { device, busy: 'Importing' }))?.blocked).toMatch(/Wait/);
  });

  it('says what cancelling costs before and after the device is touched', () => {
    expect(cancelWarning(at('plan', {}))).toMatch(/Nothing has been written to the device/);
    expect(cancelWarning(at('device', {}))).toMatch(/may already be initialised/);
    expect(cancelWarning(at('record', { finished: true }))).toBeNull();
  });
});
