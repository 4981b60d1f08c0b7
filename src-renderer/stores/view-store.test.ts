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

  it('stays home when asked for a ceremony that is still coming', () => {
    const store = createViewStore();
    store.getState().openCeremony('restore');
    expect(store.getState().screen).toEqual({ kind: 'home' });
  });
});
