import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { CeremonyStore } from '../stores/ceremony-store';
import { useOpenCeremony, type CeremonyOpening, type OpenedCeremony } from './use-open-ceremony';

interface Snap {
  readonly step: string;
}
interface Api {
  readonly name: string;
}
class Intents {
  constructor(
    readonly store: CeremonyStore<Snap>,
    readonly api: Api,
  ) {}
}

function renderOpening(api: Api | null, opening: CeremonyOpening<Snap, Intents, Api>) {
  const seen: (OpenedCeremony<Snap, Intents> | null)[] = [];
  function Wizard() {
    seen.push(useOpenCeremony(api, opening));
    return null;
  }
  renderToString(<Wizard />);
  return seen;
}

describe('useOpenCeremony', () => {
  it('gives the window one store and the intents built over it and the bridge', () => {
    const opening: CeremonyOpening<Snap, Intents, Api> = {
      intents: (store, api) => new Intents(store, api),
      open: () => () => undefined,
      cannot: 'run a test',
    };
    const api = { name: 'bridge' };
    const [opened] = renderOpening(api, opening);
    expect(opened?.intents.store).toBe(opened?.store);
    expect(opened?.intents.api).toBe(api);
    // Nothing is known until main answers: the store starts empty and opening.
    expect(opened?.store.getState()).toMatchObject({
      snapshot: null,
      connection: { kind: 'opening' },
      sending: 0,
    });
  });

  it('builds no intents in a window Custos did not open', () => {
    let built = 0;
    const [opened] = renderOpening(null, {
      intents: (store, api) => {
        built += 1;
        return new Intents(store, api);
      },
      open: () => () => undefined,
      cannot: 'run a test',
    });
    expect(opened).toBeNull();
    expect(built).toBe(0);
  });
});
