import { describe, expect, it } from 'vitest';
import type { Result } from '../../shared/ipc/result';
import type { CeremonySource } from './ceremony-store';
import { closeCeremony, createCeremonyStore, openCeremony, sendIntent } from './ceremony-store';

interface Snap {
  readonly step: string;
  readonly over?: boolean;
}

const AT_SOURCE: Snap = { step: 'source' };
const AT_SHARES: Snap = { step: 'shares' };
const FINISHED: Snap = { step: 'finished', over: true };

/** Main's side: the test answers calls and pushes events when it chooses. */
class MainSide implements CeremonySource<Snap> {
  readonly calls: string[] = [];
  readonly what = 'the restore';
  private listener: ((snapshot: Snap | null) => void) | null = null;
  private readonly answers = new Map<string, (result: Result<Snap | null>) => void>();

  subscribe = (listener: (snapshot: Snap | null) => void) => {
    this.listener = listener;
    return () => {
      this.listener = null;
    };
  };

  current = () => this.call('current');
  start = () => this.call('start') as Promise<Result<Snap>>;
  isOver = (snapshot: Snap) => snapshot.over === true;

  private call(name: string): Promise<Result<Snap | null>> {
    this.calls.push(name);
    return new Promise((resolve) => this.answers.set(name, resolve));
  }

  answer(name: string, result: Result<Snap | null>): void {
    this.answers.get(name)?.(result);
  }

  push(snapshot: Snap | null): void {
    this.listener?.(snapshot);
  }

  get listening(): boolean {
    return this.listener !== null;
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('a ceremony store', () => {
  it('starts a new ceremony when none is under way', async () => {
    const store = createCeremonyStore<Snap>();
    const main = new MainSide();
    openCeremony(store, main);
    main.answer('current', { ok: true, data: null });
    await settle();
    expect(main.calls).toEqual(['current', 'start']);
    main.answer('start', { ok: true, data: AT_SOURCE });
    await settle();
    expect(store.getState()).toMatchObject({ snapshot: AT_SOURCE, connection: { kind: 'open' } });
  });

  it('picks up the ceremony under way, and starts afresh over one that is over', async () => {
    const running = new MainSide();
    const store = createCeremonyStore<Snap>();
    openCeremony(store, running);
    running.answer('current', { ok: true, data: AT_SHARES });
    await settle();
    expect(running.calls).toEqual(['current']);
    expect(store.getState().snapshot).toBe(AT_SHARES);

    const ended = new MainSide();
    openCeremony(createCeremonyStore<Snap>(), ended);
    ended.answer('current', { ok: true, data: FINISHED });
    await settle();
    expect(ended.calls).toEqual(['current', 'start']);
  });

  it('opens empty, starting nothing, where the ceremony starts only once a device is chosen', async () => {
    const main = new MainSide();
    const byChoice: CeremonySource<Snap> = {
      subscribe: main.subscribe,
      current: main.current,
      isOver: main.isOver,
      what: main.what,
    };
    const fresh = createCeremonyStore<Snap>();
    openCeremony(fresh, byChoice);
    main.answer('current', { ok: true, data: FINISHED });
    await settle();
    expect(main.calls).toEqual(['current']);
    expect(fresh.getState()).toMatchObject({ snapshot: null, connection: { kind: 'open' } });

    const again = new MainSide();
    const resumed = createCeremonyStore<Snap>();
    openCeremony(resumed, { ...byChoice, current: again.current });
    again.answer('current', { ok: true, data: AT_SHARES });
    await settle();
    expect(resumed.getState()).toMatchObject({ snapshot: AT_SHARES, connection: { kind: 'open' } });
  });

  it('does not start a ceremony once the screen that asked has gone (StrictMode mounts twice)', async () => {
    const store = createCeremonyStore<Snap>();
    const main = new MainSide();
    const stop = openCeremony(store, main);
    stop();
    expect(main.listening).toBe(false);
    main.answer('current', { ok: true, data: null });
    await settle();
    expect(main.calls).toEqual(['current']);
  });

  it('follows main’s events, keeping whichever snapshot arrived last (events and answers share one ordered channel)', async () => {
    const store = createCeremonyStore<Snap>();
    const main = new MainSide();
    openCeremony(store, main);
    main.answer('current', { ok: true, data: AT_SOURCE });
    await settle();
    expect(store.getState().snapshot).toBe(AT_SOURCE);
    main.push(AT_SHARES);
    expect(store.getState().snapshot).toBe(AT_SHARES);
    main.push(null);
    expect(store.getState().snapshot).toBeNull();
  });

  it('says why when main cannot open the ceremony, or never answers', async () => {
    const store = createCeremonyStore<Snap>();
    const main = new MainSide();
    openCeremony(store, main);
    main.answer('current', {
      ok: false,
      code: 'internal',
      message: 'The restore engine is not running.',
    });
    await settle();
    expect(store.getState().connection).toEqual({
      kind: 'failed',
      message: 'The restore engine is not running.',
    });

    const silent = createCeremonyStore<Snap>();
    openCeremony(silent, {
      ...new MainSide(),
      subscribe: () => () => undefined,
      current: () => Promise.reject(new Error('socket closed')),
      what: 'the restore',
    } as CeremonySource<Snap>);
    await settle();
    expect(silent.getState().connection).toMatchObject({
      kind: 'failed',
      message: expect.stringMatching(/the restore.*start Custos again/),
    });
  });

  it('keeps main’s sentence for a refused intent until one is accepted, and counts intents on their way', async () => {
    const store = createCeremonyStore<Snap>(AT_SHARES);
    let answer: (result: Result<Snap>) => void = () => undefined;
    const pending = sendIntent(
      store,
      () => new Promise<Result<Snap>>((resolve) => (answer = resolve)),
      'a check of the share',
    );
    expect(store.getState().sending).toBe(1);
    answer({ ok: false, code: 'conflict', message: 'You cannot enter a share now.' });
    expect(await pending).toBeNull();
    expect(store.getState()).toMatchObject({
      snapshot: AT_SHARES,
      refusal: 'You cannot enter a share now.',
      sending: 0,
    });
    expect(await sendIntent(store, async () => ({ ok: true, data: FINISHED }), 'x')).toBe(FINISHED);
    expect(store.getState().refusal).toBeNull();
    await sendIntent(store, () => Promise.reject(new Error('socket closed')), 'the next custodian');
    expect(store.getState().refusal).toMatch(/the next custodian.*start Custos again/);
  });

  it('forgets the snapshot and the note when main closes the ceremony, and keeps them when it refuses', async () => {
    const store = createCeremonyStore<Snap>(FINISHED, { note: 'The share entry was cleared.' });
    expect(
      await closeCeremony(
        store,
        async () => ({ ok: false, code: 'conflict', message: 'Still under way.' }),
        'the restore to be closed',
      ),
    ).toBe(false);
    expect(store.getState()).toMatchObject({ snapshot: FINISHED, refusal: 'Still under way.' });
    expect(
      await closeCeremony(
        store,
        async () => ({ ok: true, data: null }),
        'the restore to be closed',
      ),
    ).toBe(true);
    expect(store.getState()).toMatchObject({ snapshot: null, refusal: null, note: null });
  });
});
