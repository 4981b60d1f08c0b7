import { describe, expect, it } from 'vitest';
import { defineSteps, startWizard } from '../../../shared/ceremony/wizard';
import { Refusal } from '../../refusal/refusal';
import { createLogger } from '../../log/logger';
import { holdCredential, dropCredential, type HeldCredential } from './derived-credential';
import { EngineCore, type CoreState } from './engine-core';

type StepId = 'source' | 'result';
const STEPS = defineSteps<StepId>([
  { id: 'source', title: 'Source', summary: 'Choose the folder.', prerequisites: [] },
  { id: 'result', title: 'Result', summary: 'See the result.', prerequisites: ['source'] },
]);

interface TestState extends CoreState<StepId> {
  credential?: HeldCredential;
}

function core() {
  const snapshots: (string | null)[] = [];
  const engine = new EngineCore<StepId, TestState, string>(
    STEPS,
    'rehearsal',
    (state) => `${state.id} at ${state.wizard.current}`,
    createLogger({ sinks: [] }),
    dropCredential,
  );
  engine.onSnapshot((snapshot) => snapshots.push(snapshot));
  return { engine, snapshots };
}

const isZero = (credential: HeldCredential) =>
  [...credential.keys.encryptionKey, ...credential.keys.macKey].every((byte) => byte === 0);

describe('a ceremony engine’s lifecycle', () => {
  it('starts a ceremony only when none is under way, naming where the one under way is', () => {
    const { engine } = core();
    expect(engine.begin({ id: 'first', wizard: startWizard(STEPS) })).toBe('first at source');
    let refusal: unknown;
    try {
      engine.begin({ id: 'second', wizard: startWizard(STEPS) });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(Refusal);
    expect((refusal as Refusal).message).toBe(
      'A rehearsal is already under way (at Source); continue it, or cancel it first.',
    );
    expect(engine.current()).toBe('first at source');
  });

  it('wipes the derived keys of a stopped ceremony before the next one starts', async () => {
    const { engine } = core();
    const credential = await holdCredential('correct horse', 3);
    engine.begin({
      id: 'first',
      wizard: startWizard(STEPS),
      credential,
      stopped: { status: 'abandoned', reason: 'Cancelled.', deviceTouched: false },
    });
    expect(isZero(credential)).toBe(false);
    engine.begin({ id: 'second', wizard: startWizard(STEPS) });
    expect(isZero(credential)).toBe(true);
    expect(engine.current()).toBe('second at source');
  });

  it('on close wipes what the ceremony held, forgets it and tells the listeners there is none', async () => {
    const { engine, snapshots } = core();
    const credential = await holdCredential('correct horse', 3);
    engine.begin({ id: 'first', wizard: startWizard(STEPS), credential });
    expect(engine.end()).toBeNull();
    expect(isZero(credential)).toBe(true);
    expect(engine.current()).toBeNull();
    expect(snapshots).toEqual([null]);
  });

  it('on shutdown wipes what the ceremony holds but keeps it for its snapshot', async () => {
    const { engine } = core();
    const credential = await holdCredential('correct horse', 3);
    engine.begin({ id: 'first', wizard: startWizard(STEPS), credential });
    engine.wipeCurrent();
    expect(isZero(credential)).toBe(true);
    expect(engine.state?.credential).toBeUndefined();
    expect(engine.current()).toBe('first at source');
  });

  it('drops what a step held when the ceremony leaves it, forward or back', async () => {
    const left: StepId[] = [];
    const engine = new EngineCore<StepId, TestState, string>(
      STEPS,
      'rehearsal',
      (state) => `${state.id} at ${state.wizard.current}`,
      createLogger({ sinks: [] }),
      dropCredential,
      {
        leaving: (state, step) => {
          left.push(step);
          if (step === 'source') dropCredential(state);
        },
      },
    );
    const credential = await holdCredential('correct horse', 3);
    const state: TestState = { id: 'first', wizard: startWizard(STEPS), credential };
    engine.begin(state);
    engine.advance(state);
    expect(state.wizard.current).toBe('result');
    expect(isZero(credential)).toBe(true);
    engine.back(state);
    expect(state.wizard.current).toBe('source');
    expect(left).toEqual(['source', 'result']);
    expect(() => engine.back(state)).toThrow('There is no step to go back to.');
    expect(left).toEqual(['source', 'result']);
  });

  it('pushes the event snapshot to listeners and answers with the full one', () => {
    const snapshots: (string | null)[] = [];
    const engine = new EngineCore<StepId, TestState, string>(
      STEPS,
      { noun: 'initialization', a: 'An initialization', here: 'ceremony' },
      (state) => `answer: ${state.id}`,
      createLogger({ sinks: [] }),
      () => undefined,
      { buildEvent: (state) => `event: ${state.id}` },
    );
    engine.onSnapshot((snapshot) => snapshots.push(snapshot));
    const state: TestState = { id: 'first', wizard: startWizard(STEPS) };
    expect(engine.begin(state)).toBe('answer: first');
    engine.emit();
    expect(snapshots).toEqual(['event: first']);
    expect(() => engine.begin({ id: 'second', wizard: startWizard(STEPS) })).toThrow(
      'An initialization is already under way (at Source)',
    );
    expect(() => engine.at(['result'], 'see the result')).toThrow(
      'You can only see the result at the Result step; this ceremony is at Source.',
    );
  });
});

describe('what the page is left showing after a device step', () => {
  function busyCore() {
    const snapshots: (string | null)[] = [];
    const engine = new EngineCore<StepId, TestState, string>(
      STEPS,
      'rehearsal',
      (state) => `${state.wizard.current}${state.busy ? ` busy: ${state.busy}` : ''}`,
      createLogger({ sinks: [] }),
      dropCredential,
    );
    engine.onSnapshot((snapshot) => snapshots.push(snapshot));
    engine.begin({ id: 'first', wizard: startWizard(STEPS) });
    return { engine, snapshots };
  }

  it('pushes the settled snapshot when a step refused with a sentence, so the busy one is not the last', async () => {
    const { engine, snapshots } = busyCore();
    const refused = engine.intent(async () => {
      const state = engine.at(['source'], 'open a session');
      return engine.busy(state, 'Reading the objects', async () => {
        throw new Refusal('wrong-password', 'That password is wrong.');
      });
    });
    await expect(refused).rejects.toThrow('That password is wrong.');
    expect(snapshots).toEqual(['source busy: Reading the objects', 'source']);
    // The same step works again from the same screen.
    await engine.intent(async () => {
      engine.at(['source'], 'open a session');
      return engine.snapshot();
    });
  });

  it('pushes the settled snapshot after a step that succeeded too, and nothing extra when none was busy', async () => {
    const { engine, snapshots } = busyCore();
    await engine.intent(async () => {
      const state = engine.at(['source'], 'open a session');
      await engine.busy(state, 'Reading the objects', async () => 1);
      engine.advance(state);
      return engine.snapshot();
    });
    expect(snapshots).toEqual(['source busy: Reading the objects', 'result']);
    await engine.intent(async () => engine.snapshot());
    expect(snapshots).toHaveLength(2);
  });
});
