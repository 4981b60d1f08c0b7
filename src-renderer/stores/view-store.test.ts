import { describe, expect, it } from 'vitest';
import { createViewStore } from './view-store';

describe('the view store', () => {
  it('opens a built ceremony and returns home', () => {
    const store = createViewStore();
    store.getState().openCeremony('init');
    expect(store.getState().screen).toEqual({ kind: 'ceremony', ceremony: 'init' });
    store.getState().goHome();
    expect(store.getState().screen).toEqual({ kind: 'home' });
  });

  it('opens the backup officer’s ceremonies', () => {
    const store = createViewStore();
    for (const ceremony of ['dump', 'restore', 'verify'] as const) {
      store.getState().openCeremony(ceremony);
      expect(store.getState().screen).toEqual({ kind: 'ceremony', ceremony });
    }
  });

  it('opens the SmartCard-HSM family’s DKEK back-up, clone, sequential import and verification', () => {
    const store = createViewStore();
    for (const ceremony of [
      'dkek-init',
      'dkek-backup',
      'dkek-restore',
      'dkek-import',
      'dkek-verify',
    ] as const) {
      store.getState().openCeremony(ceremony);
      expect(store.getState().screen).toEqual({ kind: 'ceremony', ceremony });
    }
  });

  it('stays home when asked for share sheets (part of the initialization, not a ceremony)', () => {
    const store = createViewStore();
    store.getState().openCeremony('print');
    expect(store.getState().screen).toEqual({ kind: 'home' });
  });
});
