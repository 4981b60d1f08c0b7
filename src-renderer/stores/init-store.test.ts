import { describe, expect, it } from 'vitest';
import type { InitSnapshot } from '../../shared/ceremony/init-snapshot';
import type { Result } from '../../shared/ipc/result';
import { sharesView, SHARE, snapshotAt } from '../ceremonies/init/testing/snapshots';
import type { InitApi } from './init-store';
import { createInitStore, isOver, openInitCeremony, sendIntent } from './init-store';

const PREFLIGHT = snapshotAt({ step: 'preflight', network: { airGapped: true, interfaces: [] } });
const REVEAL = snapshotAt(sharesView('reveal'));
const CONFIRM = snapshotAt(sharesView('confirm'));

/** Main's side of the bridge: the test answers calls and pushes events when it chooses. */
class MainSide implements InitApi {
  readonly calls: string[] = [];
  private listener: ((snapshot: InitSnapshot | null) => void) | null = null;
  private readonly answers = new Map<string, (result: Result<InitSnapshot | null>) => void>();

  on: InitApi['on'] = (event, listener) => {
    if (event === 'init/snapshot')
      this.listener = listener as (snapshot: InitSnapshot | null) => void;
    return () => {
      this.listener = null;
    };
  };

  initCurrent = () => this.call('current');
  initStart = () => this.call('start') as Promise<Result<InitSnapshot>>;

  private call(name: string): Promise<Result<InitSnapshot | null>> {
    this.calls.push(name);
    return new Promise((resolve) => this.answers.set(name, resolve));
  }

  answer(name: string, result: Result<InitSnapshot | null>): void {
    this.answers.get(name)?.(result);
  }

  push(snapshot: InitSnapshot | null): void {
    this.listener?.(snapshot);
  }

  get listening(): boolean {
    return this.listener !== null;
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the initialization store', () => {
  it('starts a new ceremony when none is under way', async () => {
    const store = createInitStore();
    const main = new MainSide();
    openInitCeremony(store, main);
    main.answer('current', { ok: true, data: null });
    await settle();
    expect(main.calls).toEqual(['current', 'start']);
    main.answer('start', { ok: true, data: PREFLIGHT });
    await settle();
    expect(store.getState()).toMatchObject({ snapshot: PREFLIGHT, connection: { kind: 'open' } });
  });

  it('picks up the ceremony under way instead of starting another', async () => {
    const store = createInitStore();
    const main = new MainSide();
    openInitCeremony(store, main);
    main.answer('current', { ok: true, data: CONFIRM });
    await settle();
    expect(main.calls).toEqual(['current']);
    expect(store.getState().snapshot).toBe(CONFIRM);
  });

  it('starts afresh over a ceremony that stopped or reached its record', async () => {
    const stopped = {
      ...CONFIRM,
      stopped: { status: 'abandoned' as const, reason: 'Cancelled.', deviceTouched: false },
    };
    expect(isOver(stopped)).toBe(true);
    expect(
      isOver(
        snapshotAt({
          step: 'record',
          folder: '/c',
          kcv: 'ABCDEF',
          transcriptHead: 'ab',
          inventory: [],
          files: [],
        }),
      ),
    ).toBe(true);
    expect(isOver(CONFIRM)).toBe(false);
    const store = createInitStore();
    const main = new MainSide();
    openInitCeremony(store, main);
    main.answer('current', { ok: true, data: stopped });
    await settle();
    expect(main.calls).toEqual(['current', 'start']);
  });

  it('does not start a ceremony once the screen that asked has gone (StrictMode mounts twice)', async () => {
    const store = createInitStore();
    const main = new MainSide();
    const stop = openInitCeremony(store, main);
    stop();
    expect(main.listening).toBe(false);
    main.answer('current', { ok: true, data: null });
    await settle();
    expect(main.calls).toEqual(['current']);
  });

  it('says why when main cannot open the ceremony', async () => {
    const store = createInitStore();
    const main = new MainSide();
    openInitCeremony(store, main);
    main.answer('current', {
      ok: false,
      code: 'internal',
      message: 'The ceremony engine is not running.',
    });
    await settle();
    expect(store.getState().connection).toEqual({
      kind: 'failed',
      message: 'The ceremony engine is not running.',
    });
  });

  it('keeps only the latest snapshot: the share leaves the store with the next one, however it comes', async () => {
    const store = createInitStore(PREFLIGHT);
    const main = new MainSide();
    openInitCeremony(store, main);
    await sendIntent(store, async () => ({ ok: true, data: REVEAL }), 'the share');
    expect(store.getState().snapshot?.view).toMatchObject({
      phase: 'reveal',
      share: { canonical: SHARE },
    });
    // The idle timer in main hid it: the event carries the handover, without the share.
    main.push(snapshotAt(sharesView('handover', { hiddenBecause: 'idle' })));
    expect(JSON.stringify(store.getState())).not.toContain(SHARE);
    await sendIntent(store, async () => ({ ok: true, data: REVEAL }), 'the share');
    await sendIntent(store, async () => ({ ok: true, data: CONFIRM }), 'the next part of the turn');
    expect(JSON.stringify(store.getState())).not.toContain(SHARE);
  });

  it('keeps the snapshot and shows main’s sentence when an intent is refused, until one is accepted', async () => {
    const store = createInitStore(CONFIRM);
    const refused = await sendIntent(
      store,
      async () => ({
        ok: false,
        code: 'conflict',
        message: 'There is nothing to confirm right now.',
      }),
      'a check',
    );
    expect(refused).toBeNull();
    expect(store.getState()).toMatchObject({
      snapshot: CONFIRM,
      refusal: 'There is nothing to confirm right now.',
      sending: 0,
    });
    await sendIntent(store, async () => ({ ok: true, data: PREFLIGHT }), 'a check');
    expect(store.getState().refusal).toBeNull();
  });

  it('says what to do when the bridge never answers an intent', async () => {
    const store = createInitStore(CONFIRM);
    await sendIntent(store, () => Promise.reject(new Error('socket closed')), 'the next custodian');
    expect(store.getState().refusal).toMatch(/the next custodian.*start Custos again/);
    expect(store.getState().sending).toBe(0);
  });
});
